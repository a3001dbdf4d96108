"""CPU per missed call, in one process: a quick, repeatable meter for changes to the hot path.

Runs N missed calls (signed voice + dial webhooks through Django's test client, then the worker's
job for each text against a zero-latency fake Twilio API) on a fresh PostgreSQL database, and
reports the CPU milliseconds per call of this process (web side and worker side, measured
separately) and of its PostgreSQL backend, plus the SQL statements of each step.

It leaves out what `bench/run.py` measures around that (gunicorn, HTTP, the wake-up of workers,
the load generator), so its numbers are lower than run.py's, but they move only with the code: use
it to compare two versions of the hot path, and run.py for the targets.

    .venv/bin/python bench/cpu.py [--calls 1000] [--numbers 100] [--sql FILE] 2>/dev/null

(textback logs a line per missed call and per text to stderr, as in production: the cost of
logging is part of what is measured.)

It drops and recreates the database `textback_bench_load` (BENCH_DB_NAME) on 127.0.0.1:5432 (user postgres).
"""

import argparse
import io
import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent
DB_NAME = os.environ.get("BENCH_DB_NAME", "textback_bench_load")
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
ACCOUNT_SID, AUTH_TOKEN = "AC" + "c" * 32, "cpu-bench-token"
PUBLIC_URL = "http://testserver"


def cpu_seconds(pid):
    """utime + stime of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_fake_twilio():
    fake = subprocess.Popen(
        [sys.executable, str(HERE / "fake_twilio.py"), "--latency", "0", "--no-status-callbacks",
         "--account-sid", ACCOUNT_SID, "--auth-token", AUTH_TOKEN],
        stdout=subprocess.PIPE, text=True,
    )
    line = fake.stdout.readline()
    if not line.startswith("READY "):
        raise SystemExit("the fake Twilio API did not start")
    return fake, line.split()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--numbers", type=int, default=100)
    parser.add_argument("--sql", metavar="FILE", help="write the SQL of one missed call (the last warm-up call) here")
    parser.add_argument("--profile", metavar="FILE", help="cProfile the measured calls into FILE (pstats)")
    args = parser.parse_args()

    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DB_NAME}")
    fake, fake_url = start_fake_twilio()
    try:
        os.environ.update(
            DJANGO_SETTINGS_MODULE="textback.settings", DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
            TEXTBACK_SECRET_KEY=secrets.token_urlsafe(50), TEXTBACK_PUBLIC_URL=PUBLIC_URL, TEXTBACK_DEBUG="false",
            TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN=AUTH_TOKEN, TWILIO_API_BASE=fake_url,
        )
        print(json.dumps(measure(args), indent=2))
    finally:
        fake.terminate()


def measure(args):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    sys.path.insert(0, str(HERE))
    from queries import missed_call_steps, run_counted

    call_command("migrate", "--noinput", verbosity=0)
    numbers = [f"+1312300{n:04d}" for n in range(args.numbers)]
    for n, number in enumerate(numbers):
        call_command("business", "create", "--name", f"CPU Plumbing {n}", "--number", number,
                     "--owner-cell", "+13125550199", "--provider", "twilio", stdout=io.StringIO())
    client = Client()

    def one_call(i):
        return missed_call_steps(client, PUBLIC_URL, AUTH_TOKEN, ACCOUNT_SID, numbers[i % len(numbers)],
                                 f"CA{i:032d}", f"+1312200{i:04d}", "cpu")

    # Warm up (imports, caches, connection), and count statements on the last warm-up call.
    statements, sql = {}, []
    for i in range(20):
        sql = []
        for name, step in one_call(i):
            if name.startswith("_"):
                step()
                continue
            statements[name], step_sql = run_counted(step)
            sql += [f"-- {name}"] + step_sql
    if args.sql:
        Path(args.sql).write_text("\n".join(sql) + "\n")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]

    cpu = {name: 0.0 for name, _ in one_call(0) if not name.startswith("_")}
    pg = dict(cpu)
    wall = time.perf_counter()
    profile = None
    if args.profile:
        import cProfile

        profile = cProfile.Profile(time.process_time)  # CPU time, not the wait for PostgreSQL
        profile.enable()
    for i in range(20, 20 + args.calls):
        for name, step in one_call(i):
            if name.startswith("_"):
                step()
                continue
            p0, b0 = time.process_time(), cpu_seconds(backend)
            step()
            cpu[name] += time.process_time() - p0
            pg[name] += cpu_seconds(backend) - b0
    wall = time.perf_counter() - wall
    if profile is not None:
        profile.disable()
        profile.dump_stats(args.profile)
    per_call = {k: round(1000 * v / args.calls, 2) for k, v in cpu.items()}
    pg_per_call = {k: round(1000 * v / args.calls, 2) for k, v in pg.items()}
    return {
        "calls": args.calls,
        "python_cpu_ms_per_call": per_call | {"total": round(sum(per_call.values()), 2)},
        "postgres_cpu_ms_per_call": pg_per_call | {"total": round(sum(pg_per_call.values()), 2)},
        "statements": statements,
        "wall_s": round(wall, 1),
    }


if __name__ == "__main__":
    main()
