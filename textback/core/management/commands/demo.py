"""`textback demo` (what `make demo` runs): textback on this machine, no phone account needed.

Migrates the database (SQLite under ./var/ unless DATABASE_URL names another), seeds a demo
business on the built-in simulator provider (once; running it again changes nothing), then runs
the background worker as a subprocess and the web server (gunicorn) in the foreground until
Ctrl+C or SIGTERM, and stops both. The generated secret key under ./var/ is fine here: the
demo serves 127.0.0.1 only, unless --host says otherwise.
"""

import logging
import os
import signal
import socket
import subprocess
import sys
import threading

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction

from textback.core import phones
from textback.core.logs import MaskingFormatter
from textback.core.management.commands import business as business_command
from textback.core.management.commands.serve import Server
from textback.core.models import Membership, PhoneNumber
from textback.simulator import phone

DEMO_BUSINESS = {
    "name": "Reyes Plumbing", "number": "+13125550100", "owner_cell": "+13125550199", "owner_name": "Carlos",
    "timezone": "America/Chicago", "trade": "plumbing", "hours": "mon-fri 07:00-18:00; sat 08:00-12:00",
    "provider": phone.PROVIDER, "mode": PhoneNumber.RING,
}
DEMO_EMAIL, DEMO_PASSWORD = "demo@textback.local", "demo"
WORKER_STOP_SECONDS = 15


class Command(BaseCommand):
    help = "Try textback: seed a demo business on the simulator, run web + worker, open /simulator."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")

    def handle(self, *args, host, port, **options):
        if not 0 < port < 65536:
            raise CommandError(f"--port {port}: use a port between 1 and 65535")
        # The demo's simulator page is for whoever opens it, signed in or not.
        settings.SIMULATOR_PUBLIC = True
        self.say(f"Database: {describe_database()}")
        call_command("migrate", interactive=False, verbosity=0)
        business, password_ok = seed()
        banner = welcome(host, port, business, password_ok)
        show_server_errors()
        connections.close_all()  # nothing open may be shared with the processes forked below
        if not port_free(host, port):
            raise CommandError(
                f"{host}:{port} is in use (another textback demo?). Stop that, or pick another port: "
                f"textback demo --port {port + 1}"
            )
        demo_pid = os.getpid()
        stopping = threading.Event()
        previous_term = signal.signal(signal.SIGTERM, interrupted)
        worker = start_worker()
        watch(worker, stopping)
        try:
            Server({
                "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
                "workers": 1, "threads": 8, "worker_class": "gthread",
                "timeout": 30, "graceful_timeout": 5, "keepalive": 5,
                # The page polls every second: an access log would drown the worker's lines.
                "accesslog": None, "errorlog": "-", "loglevel": "warning",
                "control_socket_disable": True, "proc_name": "textback-demo",
                "when_ready": lambda server: self.say(banner),
            }).run()
        except KeyboardInterrupt:
            pass
        finally:
            # gunicorn's own web processes are forks of this one and leave through here too.
            if os.getpid() == demo_pid:
                stopping.set()
                self.say("Stopping the worker…")
                stop_worker(worker)
                signal.signal(signal.SIGTERM, previous_term)
                self.say("textback demo stopped.")

    def say(self, text):
        self.stdout.write(text)
        self.stdout.flush()


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def welcome(host, port, business, password_ok):
    """What the demo prints once it listens: where to go, and what is there."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else (f"[{host}]" if ":" in host else host)
    base = f"http://{shown}:{port}"
    number = business.numbers.order_by("id").first()
    owner = f" (owner {business.owner_name})" if business.owner_name else ""
    login = f"{DEMO_EMAIL}, password {DEMO_PASSWORD}" if password_ok else f"{DEMO_EMAIL} (its password was changed)"
    lines = [
        "",
        "textback demo is running.",
        "",
        f"  Open {base}/simulator",
        f"  and call {business.name} at {phones.pretty(number.number)}: let it ring out, and the",
        "  text-back arrives within a second. Then text back.",
        "",
        f"  Demo business: {business.name}{owner}, simulator number {number.number}",
        f"  Dashboard:     {base}/  (sign in as {login})",
    ]
    if host not in LOOPBACK:
        lines.append("  From other machines: set TEXTBACK_ALLOWED_HOSTS to this machine's name or address.")
    lines += ["", "Press Ctrl+C to stop.", ""]
    return "\n".join(lines)


def show_server_errors():
    """With TEXTBACK_DEBUG off, Django keeps a failing request's traceback to itself: print it."""
    if not settings.DEBUG:
        handler = logging.StreamHandler()
        handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        logging.getLogger("django.request").addHandler(handler)


def describe_database():
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"SQLite, {db['NAME']}"
    return f"{db['ENGINE'].rsplit('.', 1)[-1]} database {db['NAME']!r} on {db.get('HOST') or 'localhost'}"


def seed():
    """The demo business and its dashboard user: created once, left alone afterwards.
    Returns the business and whether the demo user's password is still the demo one."""
    number = PhoneNumber.objects.select_related("business").filter(number=DEMO_BUSINESS["number"]).first()
    if number is not None and number.provider != phone.PROVIDER:
        raise CommandError(
            f"{number.number} already belongs to {number.business.name} on {number.provider} in this database; "
            "the demo needs it on the simulator. Point DATABASE_URL (or TEXTBACK_DATA_DIR) at another database."
        )
    with transaction.atomic():
        business = number.business if number else business_command.create(**DEMO_BUSINESS)
        User = get_user_model()
        user = User.objects.filter(username=DEMO_EMAIL).first()
        if user is None:
            user = User.objects.create_user(username=DEMO_EMAIL, email=DEMO_EMAIL, password=DEMO_PASSWORD)
            password_ok = True
        else:
            password_ok = user.check_password(DEMO_PASSWORD)
        Membership.objects.get_or_create(user=user, business=business)
    return business, password_ok


def port_free(host, port):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def interrupted(signum, frame):
    """SIGTERM before gunicorn takes over its signals: stop like Ctrl+C."""
    raise KeyboardInterrupt


def die_with_parent():
    """In the worker, before it starts (Linux): a SIGTERM if the demo itself is killed outright."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def start_worker():
    """`python -m textback.cli worker`, in its own session: Ctrl+C reaches the demo only, and the
    demo then stops the worker with one SIGTERM (finish the current job, then exit)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # --skip-checks: the demo's generated key and simulator number are what a demo should have.
    return subprocess.Popen(
        [sys.executable, "-m", "textback.cli", "worker", "--skip-checks"], env=env, start_new_session=True,
        preexec_fn=die_with_parent if sys.platform.startswith("linux") else None,
    )


def watch(worker, stopping):
    """A demo without its worker sends no texts: if the worker stops on its own, stop the demo."""

    def run():
        while not stopping.wait(0.5):
            if worker.poll() is not None:
                if not stopping.is_set():
                    print("\nThe worker stopped unexpectedly; stopping the demo.", file=sys.stderr, flush=True)
                    os.kill(os.getpid(), signal.SIGTERM)
                return

    threading.Thread(target=run, name="watch-worker", daemon=True).start()


def stop_worker(worker):
    if worker.poll() is not None:
        return
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=WORKER_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
