"""`textback backup` copies a live SQLite database while another process keeps writing to it, and
the copy restores intact: it passes SQLite's integrity check, needs no migration, and holds every
row committed before the backup began, with no half-written transaction."""

import os
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timezone

import pytest

# Some megabytes of callers on file (so the copy takes a while), then a business and its first
# caller committed together, again and again, until killed.
WRITER = """
import django
django.setup()
from django.db import transaction
from textback.core.models import Business, Contact
filler = Business.objects.create(name="Filler", owner_cell="+13125550199")
Contact.objects.bulk_create(Contact(business=filler, number=f"+1312{n:07d}", name="x" * 60) for n in range(40_000))
print("ready", flush=True)
n = 0
while True:
    n += 1
    with transaction.atomic():
        business = Business.objects.create(name=f"Business {n}", owner_cell="+13125550199")
        Contact.objects.create(business=business, number="+13125550101")
"""


def textback_env(tmp_path, database):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTBACK_", "DATABASE_URL"))}
    return env | {"TEXTBACK_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{database}",
                  "DJANGO_SETTINGS_MODULE": "textback.settings"}


def textback(*args, env, cwd):
    return subprocess.run([sys.executable, "-m", "textback.cli", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=120)


def businesses(path):
    """(name, created_at) of every numbered business, in the order they were written."""
    with sqlite3.connect(path, timeout=20) as db:
        rows = db.execute("SELECT name, created_at FROM core_business WHERE name != 'Filler' ORDER BY id").fetchall()
    return [(name, datetime.fromisoformat(at).replace(tzinfo=timezone.utc)) for name, at in rows]


def test_a_backup_taken_under_writes_restores_intact(tmp_path):
    live = tmp_path / "live.sqlite3"
    env = textback_env(tmp_path, live)
    assert textback("migrate", "-v0", env=env, cwd=tmp_path).returncode == 0
    writer = subprocess.Popen([sys.executable, "-c", WRITER], env=env, cwd=tmp_path, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "ready"
        while len(businesses(live)) < 20:
            time.sleep(0.05)
        began = datetime.now(timezone.utc)
        backup = textback("backup", "--output", str(tmp_path / "copy.sqlite3"), env=env, cwd=tmp_path)
        ended = datetime.now(timezone.utc)
    finally:
        writer.kill()
        writer.wait()
    assert backup.returncode == 0, backup.stderr
    written = businesses(live)
    assert any(began < at < ended for _, at in written), "nothing was written while the backup ran"

    restored = tmp_path / "restored.sqlite3"
    (tmp_path / "copy.sqlite3").rename(restored)  # restoring: the copy put in place while textback is stopped
    with sqlite3.connect(restored) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        contacts = db.execute("SELECT COUNT(*) FROM core_contact").fetchone()[0]
    copied = businesses(restored)
    before = [name for name, at in written if at < began]
    assert [name for name, _ in copied][:len(before)] == before  # all that was committed before it began
    assert [name for name, _ in copied] == [f"Business {n}" for n in range(1, len(copied) + 1)]  # no gap
    assert contacts == 40_000 + len(copied)  # every business with its caller: no torn transaction
    check = textback("migrate", "--check", env=textback_env(tmp_path, restored), cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_backup_never_overwrites_a_file(tmp_path):
    env = textback_env(tmp_path, tmp_path / "live.sqlite3")
    assert textback("migrate", "-v0", env=env, cwd=tmp_path).returncode == 0
    (tmp_path / "taken.sqlite3").write_text("an older backup")
    run = textback("backup", "--output", str(tmp_path / "taken.sqlite3"), env=env, cwd=tmp_path)
    assert run.returncode == 1 and "already exists" in run.stderr
    assert (tmp_path / "taken.sqlite3").read_text() == "an older backup"


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="a PostgreSQL database URL")
def test_on_postgresql_it_points_to_pg_dump(tmp_path):
    env = textback_env(tmp_path, "unused") | {"DATABASE_URL": os.environ["DATABASE_URL"]}
    run = textback("backup", "--output", str(tmp_path / "copy"), env=env, cwd=tmp_path)
    assert run.returncode == 1 and "pg_dump" in run.stderr
