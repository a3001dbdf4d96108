"""With SENTRY_DSN, an error reaches Sentry (here a local server that takes its envelopes, as
Sentry's ingestion does) without the caller's number or what they texted."""

import gzip
import json
import os
import subprocess
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.world import JEN

# A webhook-like view that fails while it holds a caller's number and text; run with Django's
# test client so the Sentry integration sees a real request.
SCRIPT = """
import django, logging, os, sys
from django.conf import settings
django.setup()
from django.http import HttpResponse
from django.urls import path
import sentry_sdk

def boom(request):
    body = request.POST["Body"]
    logging.getLogger("textback.web").warning("text from %s", request.POST["From"])
    raise ValueError("could not route a text from " + request.POST["From"])

sys.modules["boom_urls"] = type(sys)("boom_urls")
sys.modules["boom_urls"].urlpatterns = [path("boom", boom)]
settings.ROOT_URLCONF = "boom_urls"
from django.test import Client
Client(raise_request_exception=False).post("/boom?From=%2B13125550101", {"From": os.environ["CALLER"], "Body": os.environ["TEXT"]},
                                           HTTP_X_TWILIO_SIGNATURE="secret-signature")
sentry_sdk.flush(5)
"""


class Sentry(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        raw = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        body = gzip.decompress(raw) if encoding == "gzip" else zlib.decompress(raw) if encoding == "deflate" else raw
        Sentry.received.append((self.path, body.decode()))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def test_an_error_reaches_sentry_without_the_callers_number_or_text(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Sentry)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    dsn = f"http://publickey@127.0.0.1:{server.server_address[1]}/42"
    text = "my basement is flooding, the water heater"
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTBACK_", "SENTRY_"))}
        env |= {"SENTRY_DSN": dsn, "DJANGO_SETTINGS_MODULE": "textback.settings", "TEXTBACK_DATA_DIR": str(tmp_path),
                "TEXTBACK_ALLOWED_HOSTS": "testserver", "CALLER": JEN, "TEXT": text}
        run = subprocess.run([sys.executable, "-c", SCRIPT], env=env, cwd=tmp_path,
                             capture_output=True, text=True, timeout=60)
    finally:
        server.shutdown()
        server.server_close()
    assert run.returncode == 0, run.stderr
    events = [body for path, body in Sentry.received if path == "/api/42/envelope/" and '"type":"event"' in body.replace(" ", "")]
    assert events, Sentry.received
    sent = "\n".join(events)
    assert "ValueError" in sent and "could not route a text from +1312555****" in sent
    assert "3125550101" not in sent and "555-0101" not in sent
    assert "basement" not in sent and "secret-signature" not in sent


def test_a_dsn_that_is_not_one_stops_start_up_naming_the_variable(tmp_path):
    env = {**os.environ, "SENTRY_DSN": "sentry please", "TEXTBACK_DATA_DIR": str(tmp_path)}
    run = subprocess.run([sys.executable, "-m", "textback.cli", "check"], env=env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.startswith("FAIL  settings: SENTRY_DSN: not a Sentry DSN")
