"""The files in deploy/ work as shipped: systemd accepts the units without a single complaint,
Caddy accepts the Caddyfile, and every textback command they run exists with the options given."""

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
UNITS = sorted(DEPLOY.glob("*.service")) + sorted(DEPLOY.glob("*.timer"))
PREFIX = "/srv/textback"


def exec_lines():
    for unit in DEPLOY.glob("*.service"):
        for line in unit.read_text().splitlines():
            if line.startswith("ExecStart="):
                argv = shlex.split(line.removeprefix("ExecStart="))
                if argv[:2] == ["/bin/sh", "-c"]:  # a shell line, for a dated file name: its command
                    argv = shlex.split(argv[2].removeprefix("exec "))
                yield unit.name, argv


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze (Debian's systemd package)")
def test_systemd_accepts_every_unit_without_a_warning(tmp_path):
    # The units run /srv/textback/venv/bin/textback, which systemd checks is executable: the same
    # units, installed under a scratch prefix that has one.
    (tmp_path / "venv" / "bin").mkdir(parents=True)
    stub = tmp_path / "venv" / "bin" / "textback"
    stub.write_text("#!/bin/sh\n")
    stub.chmod(0o755)
    for unit in UNITS:
        (tmp_path / unit.name).write_text(unit.read_text().replace(PREFIX, str(tmp_path)))
    run = subprocess.run(["systemd-analyze", "verify", *(u.name for u in UNITS)], cwd=tmp_path,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and run.stderr.strip() == "" and run.stdout.strip() == "", run.stderr + run.stdout


@pytest.mark.skipif(not shutil.which("caddy"), reason="needs caddy (Debian's caddy package)")
def test_caddy_accepts_the_caddyfile():
    run = subprocess.run(["caddy", "validate", "--config", str(DEPLOY / "Caddyfile"), "--adapter", "caddyfile"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "Valid configuration" in run.stdout + run.stderr


@pytest.mark.parametrize("unit,argv", list(exec_lines()), ids=lambda v: v if isinstance(v, str) else " ".join(v[1:2]))
def test_every_command_a_unit_runs_exists_with_its_options(unit, argv):
    assert argv[0] == f"{PREFIX}/venv/bin/textback", unit
    command, options = argv[1], [a.split("=")[0] for a in argv[2:] if a.startswith("--")]
    run = subprocess.run([sys.executable, "-m", "textback.cli", command, "--help"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, f"{unit}: textback {command}: {run.stderr}"
    for option in options:
        assert option in run.stdout, f"{unit}: textback {command} has no {option}"
