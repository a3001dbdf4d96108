"""`textback check` says whether an install works, one line per check: each check's pass line and
its fail line, in process on the test database, and as the real command in a fresh process where
the check is about what the process starts with (its settings, its database)."""

import os
import ssl
import subprocess
import sys
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from io import StringIO

import pytest
from django.core.management import call_command

from tests.world import ACCOUNT_SID, AUTH_TOKEN, REYES_NUMBER
from textback.core import checks, clock, jobs
from textback.core.models import PhoneNumber, WorkerSeen
from textback.core.delivery import deliver


def textback(*args, tmp_path, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTBACK_", "DATABASE_URL"))}
    environment |= {"TEXTBACK_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"} | env
    return subprocess.run([sys.executable, "-m", "textback.cli", *args], capture_output=True, text=True,
                          env=environment, cwd=tmp_path, timeout=120)


def lines(results):
    return {r.name: (r.status, r.detail) for r in results}


def test_a_bad_setting_is_one_failing_line_naming_the_variable_and_no_traceback(tmp_path):
    run = textback("check", tmp_path=tmp_path, TEXTBACK_DEBUG="maybe")
    assert run.returncode == 1
    assert run.stderr.strip() == "FAIL  settings: TEXTBACK_DEBUG='maybe': use true or false"
    assert "Traceback" not in run.stdout + run.stderr


def test_any_command_with_a_bad_setting_says_so_in_one_line(tmp_path):
    run = textback("serve", tmp_path=tmp_path, TEXTBACK_SEND_RATE_PER_NUMBER="fast")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.strip() == "textback: settings: TEXTBACK_SEND_RATE_PER_NUMBER='fast': not a number"


def test_a_fresh_database_fails_the_migrations_check_and_says_what_to_run(tmp_path):
    run = textback("check", tmp_path=tmp_path)
    assert run.returncode == 1
    assert "ok    settings: every variable parses" in run.stdout
    assert "ok    database: sqlite" in run.stdout
    assert "FAIL  migrations:" in run.stdout and "run `textback migrate`" in run.stdout


def test_a_database_that_does_not_answer_fails_naming_database_url(tmp_path):
    run = textback("check", tmp_path=tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:9/nowhere")
    assert run.returncode == 1 and "Traceback" not in run.stdout + run.stderr
    assert "FAIL  database: postgresql nowhere on 127.0.0.1:9 does not answer" in run.stdout
    assert "(DATABASE_URL)" in run.stdout


def test_a_migrated_install_passes_the_database_and_migrations_checks(db):
    assert checks.database().status == checks.OK
    assert lines([checks.migrations()]) == {"migrations": (checks.OK, "the database is up to date")}


def test_the_secret_key_must_be_set_outside_debug(settings):
    settings.SECRET_KEY_GENERATED, settings.DEBUG = True, False
    assert checks.secret_key().status == checks.FAIL and "TEXTBACK_SECRET_KEY is not set" in checks.secret_key().detail
    settings.DEBUG = True
    assert checks.secret_key().status == checks.WARN
    settings.SECRET_KEY_GENERATED = False
    assert checks.secret_key().line() == "ok    secret key: TEXTBACK_SECRET_KEY is set"


def test_no_worker_ever_seen_fails_the_workers_check(db):
    result = checks.workers()
    assert result.status == checks.FAIL and "none has ever run against this database" in result.detail


def test_a_running_worker_is_seen_through_its_upkeep(transactional_db, tuesday_morning):
    # transactional: the upkeep checks its connection, as a worker does outside any transaction
    worker = jobs.Worker("box-1")
    worker.started_at = clock.now()
    worker.upkeep()
    assert checks.workers().line() == "ok    workers: 1 `textback worker` seen in the last minute"


def test_a_worker_silent_for_five_minutes_fails_and_says_when_it_was_last_seen(db, tuesday_morning):
    WorkerSeen.objects.create(worker_id="box-1", started_at=clock.now(), seen_at=clock.now() - timedelta(minutes=5))
    result = checks.workers()
    assert result.status == checks.FAIL and "the last one was seen 5 min ago" in result.detail


def test_a_stuck_queue_fails_and_an_empty_one_passes(reyes, number, settings):
    assert checks.queue().line() == "ok    queue: 0 job(s) due now"
    jobs.enqueue(deliver, 1)  # stamped by django-tasks with the real time: look from 10 minutes on
    with clock.simulated(clock.now() + timedelta(minutes=10, seconds=5)):
        result = checks.queue()
    assert result.status == checks.FAIL and "1 job(s) due and not taken, the oldest for 10 min" in result.detail


class Healthy(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/health" else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def https_server(tmp_path, monkeypatch):
    """A local HTTPS server answering /health, with a certificate this test trusts."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Healthy)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
    yield f"https://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_an_https_public_url_that_answers_health_passes(settings, https_server):
    settings.PUBLIC_URL, settings.DEBUG = https_server, False
    assert checks.public_url().line() == f"ok    public URL: {https_server}/health answers"


def test_a_public_url_nobody_answers_fails(settings, https_server):
    settings.PUBLIC_URL = https_server.rsplit(":", 1)[0] + ":9"
    result = checks.public_url()
    assert result.status == checks.FAIL and "cannot be reached from this machine" in result.detail


def test_a_plain_http_public_url_fails_outside_debug(settings):
    settings.PUBLIC_URL, settings.DEBUG = "http://textback.example.com", False
    result = checks.public_url()
    assert result.status == checks.FAIL and "is not https" in result.detail


def test_a_twilio_number_without_credentials_fails_and_with_them_passes(reyes_number, settings):
    settings.TWILIO_ACCOUNT_SID = settings.TWILIO_AUTH_TOKEN = ""
    [result] = checks.numbers()
    assert result.status == checks.FAIL and result.name == "number +13125550100 (Reyes Plumbing)"
    assert "no Twilio credentials" in result.detail
    settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN = ACCOUNT_SID, AUTH_TOKEN
    assert [r.status for r in checks.numbers(ask_providers=False)] == [checks.OK]


def test_a_twilio_number_whose_webhooks_point_elsewhere_fails_and_says_how_to_fix_it(reyes_number, fake_twilio):
    fake_twilio.add_incoming_number(ACCOUNT_SID, REYES_NUMBER, voice_url="https://demo.twilio.com/welcome/voice/")
    [result] = checks.numbers()
    assert result.status == checks.FAIL and "the Voice URL (A call comes in) points to https://demo.twilio.com" in result.detail
    assert f"`textback twilio connect --number {REYES_NUMBER}` sets them" in result.detail
    call_command("twilio", "connect", "--number", REYES_NUMBER, stdout=StringIO())
    [result] = checks.numbers()
    assert result.line() == (f"ok    number {REYES_NUMBER} (Reyes Plumbing): "
                             "Twilio: all webhooks point to https://textback.example.com")


def test_a_twilio_number_with_refused_credentials_fails(reyes_number, fake_twilio, settings):
    settings.TWILIO_AUTH_TOKEN = "not-the-token"
    [result] = checks.numbers()
    assert result.status == checks.FAIL and "Twilio refused the credentials" in result.detail


def test_an_install_without_numbers_is_told_how_to_add_one(db):
    [result] = checks.numbers()
    assert result.status == checks.WARN and "textback business create" in result.detail


def test_email_printed_to_the_log_is_a_warning_outside_debug(settings):
    settings.EMAIL_BACKEND, settings.DEBUG = "django.core.mail.backends.console.EmailBackend", False
    assert checks.email().status == checks.WARN


def test_a_mail_server_that_does_not_answer_fails_naming_the_variable(settings):
    settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT = "django.core.mail.backends.smtp.EmailBackend", "127.0.0.1", 9
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    result = checks.email()
    assert result.status == checks.FAIL and "127.0.0.1:9" in result.detail and "(TEXTBACK_EMAIL_URL)" in result.detail


class SMTP(BaseHTTPRequestHandler):
    """Just enough of a mail server to greet, answer EHLO and say goodbye."""

    def handle(self):
        self.wfile.write(b"220 fake ESMTP\r\n")
        for line in self.rfile:
            verb = line.split()[0].upper() if line.split() else b""
            self.wfile.write(b"250 fake\r\n" if verb in (b"EHLO", b"HELO", b"NOOP") else b"221 bye\r\n")
            if verb == b"QUIT":
                return


def test_a_mail_server_that_answers_passes(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), SMTP)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.server_address[1]
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        assert checks.email().line() == f"ok    email: the mail server 127.0.0.1:{server.server_address[1]} accepts textback"
    finally:
        server.shutdown()
        server.server_close()


def test_the_command_prints_every_line_and_exits_1_when_one_fails(reyes_number, fake_twilio, settings, capsys):
    settings.SECRET_KEY_GENERATED, settings.DEBUG = True, False
    with pytest.raises(SystemExit) as exit:
        call_command("check")
    out = capsys.readouterr().out
    assert exit.value.code == 1
    assert "FAIL  secret key:" in out and "FAIL  workers:" in out and "ok    django: system checks pass" in out
    assert out.strip().splitlines()[-1].endswith("checks failed")
