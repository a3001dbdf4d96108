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


def test_serve_answers_warns_of_what_is_missing_and_writes_nothing_outside_its_folder(tmp_path):
    home, folder = tmp_path / "home", tmp_path / "srv"
    home.mkdir(), folder.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTBACK_", "DATABASE_URL", "XDG_"))}
    env |= {"HOME": str(home), "TEXTBACK_DATA_DIR": str(folder / "var"), "TEXTBACK_SECRET_KEY": "k" * 50,
            "DATABASE_URL": f"sqlite:///{folder}/var/db.sqlite3"}
    textback = [sys.executable, "-m", "textback.cli"]
    assert subprocess.run([*textback, "migrate", "-v0"], env=env, cwd=folder, timeout=120).returncode == 0
    port = free_port()
    with open(tmp_path / "serve.log", "w") as log:
        server = subprocess.Popen([*textback, "serve", "--port", str(port), "--workers", "1"], env=env, cwd=folder,
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
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=40)
    output = (tmp_path / "serve.log").read_text()
    assert code == 0, output
    assert "warning: numbers: no phone number yet" in output and "Traceback" not in output
    assert list(home.iterdir()) == []  # no ~/.gunicorn, nothing else
