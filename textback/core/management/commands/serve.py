import json
from datetime import datetime, timezone

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from textback.core import checks, dispatch
from textback.core.logs import redact_url

# Like gunicorn's default (Apache's combined format) with the path instead of the raw request line:
# query strings carry phone numbers (/simulator/thread?number=...), reset links carry tokens.
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(f)s" "%(a)s"'


class AccessLog(Logger):
    """gunicorn's logger, whose access lines hold no query string, no link token, no phone number."""

    def atoms(self, resp, req, environ, request_time):
        """Only the atoms ACCESS_LOG_FORMAT and the JSON line use, built here: gunicorn's own also
        copies every request and response header and every environ variable, which we would drop
        again (about 7% of a trivial webhook's CPU in gunicorn, py-spy, 2026-12-01)."""
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        method, protocol, path = environ.get("REQUEST_METHOD"), environ.get("SERVER_PROTOCOL"), redact_url(environ.get("PATH_INFO"))
        sent = getattr(resp, "sent", None)
        return {
            "h": environ.get("REMOTE_ADDR", "-"), "l": "-", "u": self._get_user(environ) or "-", "t": self.now(),
            "r": f"{method} {path} {protocol}", "s": status, "m": method, "U": path, "q": "-", "H": protocol,
            "b": "-" if sent is None else str(sent), "B": sent, "f": redact_url(environ.get("HTTP_REFERER", "-")),
            "a": environ.get("HTTP_USER_AGENT", "-"), "T": request_time.seconds,
            "M": request_time.seconds * 1000 + request_time.microseconds // 1000,
        }

    def access(self, resp, req, environ, request_time):
        if settings.LOG_FORMAT != "json":
            return super().access(resp, req, environ, request_time)
        atoms = self.atoms(resp, req, environ, request_time)
        entry = {
            "time": datetime.now(timezone.utc).isoformat(timespec="milliseconds"), "level": "INFO",
            "logger": "gunicorn.access", "client": atoms["h"], "method": atoms["m"], "path": atoms["U"],
            "status": atoms["s"], "bytes": atoms["B"], "ms": round(request_time.total_seconds() * 1000, 1),
        }
        self.access_log.info(json.dumps(entry))


class Server(BaseApplication):
    def __init__(self, options):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from textback.wsgi import application

        return application


def forget_process(server, worker):
    """A gunicorn process has gone: its live gauges stop counting (prometheus-client multiprocess)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


class Command(BaseCommand):
    help = "Run the production web server (gunicorn)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="web processes (about 2 per core)")

    def handle(self, *args, host, port, workers, **options):
        if settings.SECRET_KEY_GENERATED and not settings.DEBUG:
            raise CommandError(
                "set TEXTBACK_SECRET_KEY before serving (python3 -c 'import secrets; print(secrets.token_urlsafe(50))'), "
                "or TEXTBACK_DEBUG=true for development"
            )
        if workers < 1:
            raise CommandError("--workers must be at least 1")
        for result in [] if options.get("skip_checks") else checks.at_start():
            self.stderr.write(f"warning: {result.name}: {result.detail}")
        dispatch.enable()  # each web process sends the texts it commits (core/dispatch.py)
        Server({
            "bind": f"{host}:{port}", "workers": workers, "threads": 4, "worker_class": "gthread",
            "timeout": 30, "graceful_timeout": 20, "accesslog": "-", "errorlog": "-",
            "access_log_format": ACCESS_LOG_FORMAT, "logger_class": AccessLog,
            # gunicorn takes no scheme from headers: Django does, from the trusted proxy only (core/proxy.py).
            "secure_scheme_headers": {},
            # gunicorn's control socket would be written under $HOME (~/.gunicorn/gunicorn.ctl):
            # textback writes nothing outside its own folder, and nothing uses the socket.
            "control_socket_disable": True,
            "child_exit": forget_process,
            # Twilio gives up after 15 s; a request that takes longer is better cut short.
        }).run()
