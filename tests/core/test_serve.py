"""`textback serve` as an operator runs it: it answers /health, warns at start-up of what
`textback check` would not pass, writes nothing outside its folder, and stops on SIGTERM."""

import os
import signal
import socket
import subprocess
import sys
import time

import requests


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def processes_with_metrics(folder):
    return {path.stem.rsplit("_", 1)[-1] for path in (folder / "var" / "prometheus").glob("histogram_*.db")}


def test_serve_answers_warns_of_what_is_missing_and_writes_nothing_outside_its_folder(tmp_path):
    """Two gunicorn processes: /metrics counts the webhooks both of them answered."""
    home, folder = tmp_path / "home", tmp_path / "srv"
    home.mkdir(), folder.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTBACK_", "DATABASE_URL", "XDG_"))}
    env |= {"HOME": str(home), "TEXTBACK_DATA_DIR": str(folder / "var"), "TEXTBACK_SECRET_KEY": "k" * 50,
            "DATABASE_URL": f"sqlite:///{folder}/var/db.sqlite3"}
    textback = [sys.executable, "-m", "textback.cli"]
    assert subprocess.run([*textback, "migrate", "-v0"], env=env, cwd=folder, timeout=120).returncode == 0
    port = free_port()
    with open(tmp_path / "serve.log", "w") as log:
        server = subprocess.Popen([*textback, "serve", "--port", str(port), "--workers", "2"], env=env, cwd=folder,
                                  stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                assert requests.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200
                break
            except requests.ConnectionError:
                assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
                time.sleep(0.2)
        sent = 0
        while sent < 20 or len(processes_with_metrics(folder)) < 2:  # until both have answered some
            assert sent < 500, "one gunicorn process answered every request"
            assert requests.post(f"http://127.0.0.1:{port}/twilio/voice", data={"CallSid": "CA1"},
                                 headers={"Connection": "close"}, timeout=5).status_code == 403  # unsigned
            sent += 1
        metrics = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=40)
    output = (tmp_path / "serve.log").read_text()
    assert code == 0, output
    assert "warning: numbers: no phone number yet" in output and "Traceback" not in output
    assert list(home.iterdir()) == []  # no ~/.gunicorn, nothing else
    assert f'textback_webhook_seconds_count{{route="/twilio/voice"}} {sent}.0' in metrics, metrics
