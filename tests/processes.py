"""Real textback processes for the fault tests (tests/faults) and the benchmark (bench/run.py):
one way to start them, log them, and stop them."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def textback():
    """The `textback` console script, run so that PYTHONPATH (the bench's --git-ref snapshot) comes
    first: `python -c` puts the cwd first on sys.path, so run it from outside the repository."""
    return [str(BIN / "python"), "-c", "import sys; sys.argv[0] = 'textback'; from textback.cli import main; sys.exit(main())"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid):
    """The pids of a process's children (gunicorn's web processes under its master), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            raw = (entry / "stat").read_text() if entry.name.isdigit() else ""
        except OSError:
            continue
        if raw and int(raw[raw.rindex(")") + 2:].split()[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def run(argv, env, cwd, timeout=180):
    """Run a command to its end; its stdout. RuntimeError with its output when it fails."""
    done = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, argv[-3:]))} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


class Proc:
    """A process we started, its output appended to LOGS/ROLE.log. `nice`: its scheduling priority;
    `capture_stdout`: stdout stays a pipe (a fake that prints where it listens)."""

    def __init__(self, role, argv, env, logs, cwd, nice=0, capture_stdout=False):
        self.role = role
        Path(logs).mkdir(parents=True, exist_ok=True)
        self.log_path = Path(logs) / f"{role}.log"
        self.log = open(self.log_path, "a")
        self.log.write(f"\n==== start {time.strftime('%H:%M:%S')}\n")
        self.log.flush()
        self.popen = subprocess.Popen(
            argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, preexec_fn=(lambda: os.nice(nice)) if nice else None,
            stdout=subprocess.PIPE if capture_stdout else self.log, stderr=self.log, text=True,
        )

    @property
    def pid(self):
        return self.popen.pid

    def alive(self):
        return self.popen.poll() is None

    def output(self):
        """What it logged since it was (last) started."""
        return self.log_path.read_text().split("==== start")[-1]

    def wait_for(self, text, timeout=30):
        """Until its log says `text`; RuntimeError when it exits or the timeout passes first."""
        deadline = time.monotonic() + timeout
        while text not in self.output():
            if time.monotonic() > deadline or not self.alive():
                raise RuntimeError(f"{self.role} did not say {text!r}; see {self.log_path}")
            time.sleep(0.05)
        return self

    def wait_listening(self, port, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"{self.role} exited; see {self.log_path}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"{self.role} did not listen on :{port}; see {self.log_path}")

    def signal(self, sig):
        if self.alive():
            self.popen.send_signal(sig)

    def stop(self, timeout=15):
        if self.alive():
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        if not self.log.closed:
            self.log.close()
