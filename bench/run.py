"""`make bench`: textback's missed-call path under load on this machine, against a baseline.

    .venv/bin/python bench/run.py [--rate 20] [--seconds 20] [--burst 200] [--burst-clients 50]
                                  [--numbers 100] [--workers 2] [--web-workers 2] [--latency 0.15]
                                  [--git-ref REF] [--nice N] [--wait-quiet S] [--no-baseline]
                                  [--groups N] [--webhook-rate R] [--webhook-seconds S]

What it does (bench/README.md has the details and the latest numbers):
 1. starts a fake Twilio REST API (bench/fake_twilio.py, 150 ms per request) on 127.0.0.1;
 2. textback: a fresh PostgreSQL database `textback_bench` (127.0.0.1:5432, user postgres), migrate,
    `textback business create --provider twilio` for each of 100 numbers, `textback serve --workers 2`
    and N `textback worker`;
 3. fires signed missed calls (POST /twilio/voice, then /twilio/voice/dial with no-answer) from a
    separate load process (bench/load.py): a steady rate, then a burst; waits for the texts;
 4. the same load against the baseline (bench/baseline.py: inline send, no queue, no database);
 5. prints a table and writes build/bench/results.json.

--groups N starts N independent textback process groups (a `textback serve` on its own port and its
own workers each) against the one database and splits the load between the web servers: the
scale-out check (each caller texted once however the groups compete for the queue).
--webhook-rate R adds a webhook-only phase after the burst: POST /twilio/voice at R per second.
"""

import argparse
import json
import math
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
BIN = Path(sys.executable).parent
OUT = ROOT / "build" / "bench"
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
DB_NAME = "textback_bench"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
ACCOUNT_SID = "AC" + "be" * 16  # fake credentials, known only to the fake API
AUTH_TOKEN = "c3" * 16
OWNER_CELL = "+13125550199"


def business_numbers(n):
    """The textback numbers of the bench's businesses: +1 312 300 0000, 0001, ..."""
    return [f"+1312300{i:04d}" for i in range(n)]
CLK_TCK = os.sysconf("SC_CLK_TCK")
NICE = 0  # --nice: scheduling priority of every process the bench starts
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def say(*parts):
    print(f"[bench {time.strftime('%H:%M:%S')}]", *parts, flush=True)


# -- /proc ------------------------------------------------------------------------------------

def proc_stat(pid):
    """(ppid, cpu seconds, comm) of a live process, or None."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    comm = raw[raw.index("(") + 1 : raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / CLK_TCK, comm


def peak_rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def rss_mb(pid):
    """Current resident set (VmRSS), MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


class RssSampler(threading.Thread):
    """VmRSS of every process of the system every `every` seconds, to show memory stays flat."""

    def __init__(self, system, every=10.0):
        super().__init__(daemon=True)
        self.system, self.every, self.samples, self.done = system, every, [], threading.Event()
        self.t0 = time.monotonic()

    def run(self):
        while True:
            self.samples.append([round(time.monotonic() - self.t0, 1),
                                 {role: round(mb, 1) for role, pid in self.system.tracked().items()
                                  if (mb := rss_mb(pid)) is not None}])
            if self.done.wait(self.every):
                return

    def stop(self):
        self.done.set()
        self.join()
        return self.samples


def children(pid):
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := proc_stat(entry.name)) and stat[0] == pid:
            out.append(int(entry.name))
    return sorted(out)


def machine_busy():
    """CPU seconds spent busy by the whole machine (all cores) since boot."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / CLK_TCK


# -- processes --------------------------------------------------------------------------------

class Proc:
    """A subprocess we started, with its output in build/bench/logs/ROLE.log."""

    def __init__(self, role, argv, env=None, cwd=OUT, capture_stdout=False):
        self.role = role
        self.log_path = OUT / "logs" / f"{role}.log"
        self.log = open(self.log_path, "w")
        self.popen = subprocess.Popen(
            argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, preexec_fn=(lambda: os.nice(NICE)) if NICE else None,
            stdout=subprocess.PIPE if capture_stdout else self.log, stderr=self.log, text=True,
        )
        self.pid = self.popen.pid

    def stop(self, timeout=15):
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self.log.close()


def textback_command():
    """The `textback` console script, run so that PYTHONPATH (a --git-ref snapshot) comes first."""
    return [str(BIN / "python"), "-c", "import sys; sys.argv[0] = 'textback'; from textback.cli import main; sys.exit(main())"]


def snapshot_source(ref):
    """An exported copy of the repository at REF (read-only git: `git archive`), for PYTHONPATH."""
    sha = subprocess.run(["git", "rev-parse", "--verify", f"{ref}^{{commit}}"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.strip()
    target = OUT / "src" / sha[:12]
    if not (target / "textback").is_dir():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", "--format=tar", sha], cwd=ROOT, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return sha, target


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_json(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read())


def wait_http(url, proc, timeout=30):
    """Until the server answers anything at all over HTTP."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.popen.poll() is not None:
            raise SystemExit(f"{proc.role} exited early; see {proc.log_path}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{proc.role} did not answer on {url} within {timeout} s; see {proc.log_path}")


def run(argv, env, timeout=120):
    # cwd is build/bench, never the repository: `python -c` puts the cwd first on sys.path, and a
    # --git-ref snapshot on PYTHONPATH must win over the working tree.
    done = subprocess.run(argv, env=env, cwd=OUT, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, argv))} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


# -- numbers ----------------------------------------------------------------------------------

def percentiles(values):
    """p50/p95/p99 (nearest rank) and max, in the values' unit; None when there are none."""
    if not values:
        return {"n": 0, "p50": None, "p95": None, "p99": None, "max": None}
    ordered = sorted(values)

    def rank(p):
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]

    return {"n": len(ordered), "p50": rank(50), "p95": rank(95), "p99": rank(99), "max": ordered[-1]}


class Callers:
    """Distinct call SIDs and caller numbers for every call of the run."""

    def __init__(self, numbers):
        self.next, self.numbers = 0, numbers

    def take(self, n):
        """[call_sid, caller, business number called], the calls spread over the numbers in turn."""
        out = []
        for _ in range(n):
            i = self.next
            self.next += 1
            out.append([f"CA{i:032x}", f"+1312{2000000 + i:07d}", self.numbers[i % len(self.numbers)]])
        return out


# -- one system under load --------------------------------------------------------------------

class System:
    """What the phases need to know about the server under test."""

    name = ""
    webs: list  # one gunicorn master per process group (--groups)
    workers: list

    @property
    def targets(self):
        """[port, public URL] of each web server; the load goes to them in turn."""
        return [[web.port, f"http://127.0.0.1:{web.port}"] for web in self.webs]

    def tracked(self):
        """{role: pid} of every process of the system, found again at each snapshot."""
        roles = {}
        for g, web in enumerate(self.webs, 1):
            prefix = f"g{g} " if len(self.webs) > 1 else ""
            roles[f"{prefix}web master"] = web.pid
            for n, pid in enumerate(children(web.pid), 1):
                roles[f"{prefix}web worker {n}"] = pid
        for n, worker in enumerate(self.workers, 1):
            roles[f"textback worker {worker.worker_id if len(self.webs) > 1 else n}"] = worker.pid
        return roles

    def db_backends(self):
        return []

    def message_states(self, callers):
        """{caller: status of the text to them} (empty: the system keeps no record)."""
        return {}

    def pending(self):
        """Texts the system may still send (None: it cannot tell)."""
        return None


class Textback(System):
    name = "textback"

    def __init__(self, args, env, ports):
        """ports: one per process group (--groups); each group is its own `textback serve` with
        TEXTBACK_PUBLIC_URL on its port, and its own --workers `textback worker` processes."""
        self.args, self.env, self.ports = args, env, ports
        self.db = None
        self.webs, self.workers = [], []

    def start(self):
        say("textback: fresh database", DB_NAME)
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {DB_NAME}")
        textback = textback_command()
        t = time.monotonic()
        run([*textback, "migrate", "--noinput", "-v", "0"], self.env, timeout=300)
        say(f"textback: migrated in {time.monotonic() - t:.1f} s")
        # `textback business create` for each number, in one process (Django starts once).
        script = "\n".join(["from django.core.management import call_command"] + [
            f"call_command('business', 'create', '--name', 'Bench Plumbing {n}', '--number', '{number}', "
            f"'--owner-cell', '{OWNER_CELL}', '--owner-name', 'Carlos', '--provider', 'twilio')"
            for n, number in enumerate(business_numbers(self.args.numbers), 1)])
        run([*textback, "shell", "-c", script], self.env)
        groups = len(self.ports)
        for g, port in enumerate(self.ports, 1):
            env = dict(self.env, TEXTBACK_PUBLIC_URL=f"http://127.0.0.1:{port}")
            suffix = f"-g{g}" if groups > 1 else ""
            web = Proc(f"textback-web{suffix}", [*textback, "serve", "--host", "127.0.0.1", "--port", str(port),
                                                 "--workers", str(self.args.web_workers)], env)
            web.port = port
            self.webs.append(web)
            for n in range(1, self.args.workers + 1):
                worker_id = f"g{g}-{n}" if groups > 1 else f"bench-{n}"
                worker = Proc(f"textback-worker{suffix}-{n}", [*textback, "worker", "--worker-id", worker_id], env)
                worker.worker_id = worker_id
                self.workers.append(worker)
        for web in self.webs:
            wait_http(f"http://127.0.0.1:{web.port}/twilio/voice", web)
        deadline = time.monotonic() + 30
        while not all("started" in w.log_path.read_text() for w in self.workers):
            if time.monotonic() > deadline or any(w.popen.poll() is not None for w in self.workers):
                raise SystemExit("a textback worker did not start; see build/bench/logs/")
            time.sleep(0.1)
        self.db = psycopg.connect(DB_URL, autocommit=True)
        say(f"textback: {groups} process group(s), each a web server ({self.args.web_workers} web processes) "
            f"and {self.args.workers} worker(s), on :" + ", :".join(map(str, self.ports))
            + f"; {self.args.numbers} business number(s)")

    def db_backends(self):
        rows = self.db.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [DB_NAME]
        ).fetchall()
        return [r[0] for r in rows]

    def message_states(self, callers):
        rows = self.db.execute(
            "SELECT to_number, status FROM core_message WHERE direction = 'out' AND to_number = ANY(%s)", [callers]
        ).fetchall()
        return dict(rows)

    def pending(self):
        jobs = self.db.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')"
        ).fetchone()[0]
        messages = self.db.execute(
            "SELECT count(*) FROM core_message WHERE status IN ('queued', 'sending')"
        ).fetchone()[0]
        return jobs + messages

    def summary(self):
        def grouped(sql):
            return dict(self.db.execute(sql).fetchall())

        return {
            "calls": grouped("SELECT outcome || '/' || textback, count(*) FROM core_call GROUP BY 1"),
            "messages": grouped("SELECT status, count(*) FROM core_message GROUP BY status"),
            "jobs": grouped("SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY status"),
            # which worker ran each job: with --groups, both groups should have taken a share
            "jobs_by_worker": grouped("SELECT coalesce(worker_ids::text, '-'), count(*) "
                                      "FROM django_tasks_database_dbtaskresult GROUP BY 1"),
            # the database's own double check: outbound texts per caller (the fake API's is `doubled`)
            "callers_with_more_than_one_text": self.db.execute(
                "SELECT count(*) FROM (SELECT to_number FROM core_message WHERE direction = 'out' "
                "GROUP BY to_number HAVING count(*) > 1) d").fetchone()[0],
        }

    def stop_workers(self):
        for worker in self.workers:
            worker.stop()

    def stop(self):
        self.stop_workers()
        for web in self.webs:
            web.stop()
        if self.db is not None:
            self.db.close()


class Baseline(System):
    name = "baseline"

    def __init__(self, args, env):
        self.args, self.env = args, env
        self.port = int(env["BASELINE_PUBLIC_URL"].rsplit(":", 1)[1])
        self.webs, self.workers = [], []

    def start(self):
        # The options of `textback serve` (textback/core/management/commands/serve.py).
        self.web = web = Proc("baseline-web", [
            str(BIN / "python"), "-m", "gunicorn", "--chdir", str(BENCH), "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.args.web_workers), "--threads", "4", "--worker-class", "gthread",
            "--timeout", "30", "--graceful-timeout", "20", "--access-logfile", "-", "--error-logfile", "-",
            "baseline:app",
        ], self.env)
        web.port = self.port
        self.webs.append(web)
        wait_http(f"http://127.0.0.1:{self.port}/twilio/voice", self.web)
        say(f"baseline: serving on :{self.port} ({self.args.web_workers} web processes)")

    def pending(self):
        return 0  # every text is sent inside its webhook: nothing is left once the load is answered

    def stop(self):
        for web in self.webs:
            web.stop()


class Bench:
    def __init__(self, args):
        self.args = args
        self.callers = Callers(business_numbers(args.numbers))
        self.fake = None
        self.fake_url = None

    # -- measuring ----------------------------------------------------------------------------
    def snapshot(self, system, load_pid=None):
        procs = dict(system.tracked())
        procs["fake twilio api"] = self.fake.pid
        cpu = {}
        for role, pid in procs.items():
            if (stat := proc_stat(pid)) is not None:
                cpu[role] = (pid, stat[1])
        pg = {}
        for pid in system.db_backends():
            if (stat := proc_stat(pid)) is not None:
                pg[pid] = stat[1]
        return {"cpu": cpu, "pg": pg, "machine": machine_busy(), "at": time.monotonic()}

    @staticmethod
    def cpu_between(before, after):
        out = {}
        for role, (pid, seconds) in after["cpu"].items():
            start = before["cpu"].get(role)
            out[role] = seconds - (start[1] if start and start[0] == pid else 0.0)
        if after["pg"] or before["pg"]:
            out["postgres backends"] = sum(s - before["pg"].get(pid, 0.0) for pid, s in after["pg"].items())
        out["_machine_busy"] = after["machine"] - before["machine"]
        out["_wall"] = after["at"] - before["at"]
        return out

    def received(self):
        """{caller: [arrival times]} of every message-create the fake API got."""
        by_to = {}
        for to, at, _status in http_json(f"{self.fake_url}/_bench/requests", timeout=30)["received"]:
            by_to.setdefault(to, []).append(at)
        return by_to

    def creates(self):
        return http_json(f"{self.fake_url}/_bench/stats")["message_creates"]

    def drain(self, system, expected_total):
        """Until the fake API has every text (then a short quiet period to catch doubles), the
        system says nothing is pending, or the drain timeout."""
        deadline = time.monotonic() + self.args.drain_timeout
        idle_polls = 0
        while time.monotonic() < deadline:
            if self.creates() >= expected_total:
                time.sleep(0.5)
                return "complete"
            pending = system.pending()
            idle_polls = idle_polls + 1 if pending == 0 else 0
            if idle_polls >= 8:
                return "nothing pending"
            time.sleep(0.25)
        return "timed out"

    def phase(self, system, name, calls, mode, rate=None, clients=32):
        before_creates = http_json(f"{self.fake_url}/_bench/reset-peak")["message_creates"]
        spec = {"targets": system.targets, "account_sid": ACCOUNT_SID,
                "auth_token": AUTH_TOKEN, "calls": calls, "mode": mode, "rate": rate,
                "clients": clients}
        spec_path = OUT / f"load-{system.name}-{name}.json"
        out_path = OUT / f"load-{system.name}-{name}.out.json"
        spec_path.write_text(json.dumps(spec))
        say(f"{system.name}: {name}: {len(calls)} calls" + (f" at {rate}/s" if rate else f" at once, {clients} clients"))
        before = self.snapshot(system)
        load = Proc(f"load-{system.name}-{name}", [str(BIN / "python"), str(BENCH / "load.py"), str(spec_path), str(out_path)])
        try:
            load.popen.wait(timeout=len(calls) / (rate or 1e9) + 120)
        except subprocess.TimeoutExpired:
            load.popen.kill()
            raise SystemExit(f"the load generator did not finish in time; see {load.log_path}") from None
        load.log.close()
        if load.popen.returncode != 0:
            raise SystemExit(f"the load generator failed; see {load.log_path}")
        loaded_at = time.monotonic()
        result = json.loads(out_path.read_text())
        answered = [c for c in result["calls"] if c["dial_status"] == 200]
        drained = self.drain(system, before_creates + len(answered))
        after = self.snapshot(system)
        cpu = self.cpu_between(before, after)
        cpu["load generator"] = result["cpu_s"]
        ours = sum(v for k, v in cpu.items() if not k.startswith("_"))
        cpu["_other_processes"] = max(0.0, cpu["_machine_busy"] - ours)  # not the bench: interference
        received = self.received()
        peak = http_json(f"{self.fake_url}/_bench/stats")["peak_in_flight"]
        states = system.message_states([c[1] for c in calls])
        return self.analyse(name, mode, rate, clients, result, received, states, cpu, drained,
                            drain_s=time.monotonic() - loaded_at,
                            load_rss_mb=result["max_rss_kb"] / 1024, provider_peak_in_flight=peak)

    def webhook_phase(self, system):
        """Webhook only (--webhook-rate): POST /twilio/voice at a fixed rate, no missed call, no text."""
        args = self.args
        calls = self.callers.take(int(args.webhook_rate * args.webhook_seconds))
        spec = {"targets": system.targets, "account_sid": ACCOUNT_SID, "auth_token": AUTH_TOKEN, "calls": calls,
                "mode": "voice", "rate": args.webhook_rate, "clients": args.webhook_clients}
        spec_path, out_path = OUT / f"load-{system.name}-webhook.json", OUT / f"load-{system.name}-webhook.out.json"
        spec_path.write_text(json.dumps(spec))
        say(f"{system.name}: webhook only: {len(calls)} voice webhooks at {args.webhook_rate}/s")
        before = self.snapshot(system)
        load = Proc(f"load-{system.name}-webhook", [str(BIN / "python"), str(BENCH / "load.py"), str(spec_path),
                                                    str(out_path)])
        try:
            load.popen.wait(timeout=args.webhook_seconds + 120)
        except subprocess.TimeoutExpired:
            load.popen.kill()
            raise SystemExit(f"the load generator did not finish in time; see {load.log_path}") from None
        load.log.close()
        if load.popen.returncode != 0:
            raise SystemExit(f"the load generator failed; see {load.log_path}")
        after = self.snapshot(system)
        result = json.loads(out_path.read_text())
        cpu = self.cpu_between(before, after)
        cpu["load generator"] = result["cpu_s"]
        ours = sum(v for k, v in cpu.items() if not k.startswith("_"))
        cpu["_other_processes"] = max(0.0, cpu["_machine_busy"] - ours)
        records = result["calls"]
        ok = [c for c in records if c["voice_status"] == 200]
        errors = Counter((c["error"] or f"voice {c['voice_status']}")[:120] for c in records if c["voice_status"] != 200)
        duration = result["finished_at"] - result["started_at"]
        return {
            "phase": "webhook", "mode": "voice", "rate_per_s": args.webhook_rate, "clients": args.webhook_clients,
            "requests": len(records), "load_seconds": round(duration, 2),
            "achieved_rate_per_s": round(len(records) / duration, 1) if duration else None,
            "errors": dict(errors), "webhook_errors": len(records) - len(ok),
            "voice_webhook_ms": percentiles([c["voice_ms"] for c in ok]),
            "schedule_lag_ms": percentiles([max(0.0, c["started_at"] - c["due"]) * 1000 for c in records]),
            "cpu_seconds": {k: round(v, 3) for k, v in cpu.items()},
            "load_generator_peak_rss_mb": round(result["max_rss_kb"] / 1024, 1),
        }

    @staticmethod
    def analyse(name, mode, rate, clients, result, received, states, cpu, drained, drain_s, load_rss_mb, provider_peak_in_flight):
        calls = result["calls"]
        answered = [c for c in calls if c["dial_status"] == 200]
        ttt, lost, unfinished, doubled, arrivals = [], [], [], [], []
        for c in answered:
            times = received.get(c["caller"], [])
            if not times:
                # still queued when the drain ended (deferred, e.g. by a send-rate limit), or lost
                (unfinished if states.get(c["caller"]) in ("queued", "sending") else lost).append(c["caller"])
                continue
            if len(times) > 1:
                doubled.append(c["caller"])
            ttt.append((min(times) - c["dial_sent_at"]) * 1000)
            arrivals.append(min(times))
        span = max(arrivals) - min(arrivals) if len(arrivals) > 1 else 0
        errors = {}
        for c in calls:
            if c["dial_status"] != 200:
                key = c["error"] or f"voice {c['voice_status']} / dial {c['dial_status']}"
                errors[key[:120]] = errors.get(key[:120], 0) + 1
        lag = [max(0.0, c["started_at"] - c["due"]) * 1000 for c in calls] if mode == "steady" else []
        duration = result["finished_at"] - result["started_at"]
        return {
            "phase": name, "mode": mode, "rate_per_s": rate, "clients": clients, "calls": len(calls),
            "load_seconds": round(duration, 2), "achieved_rate_per_s": round(len(calls) / duration, 1) if duration else None,
            "webhook_errors": len(calls) - len(answered), "errors": errors,
            "dial_webhook_ms": percentiles([c["dial_ms"] for c in answered]),
            "voice_webhook_ms": percentiles([c["voice_ms"] for c in calls if c["voice_status"] == 200]),
            "time_to_text_ms": percentiles(ttt),
            "lost": len(lost), "lost_callers": lost[:20], "doubled": len(doubled), "doubled_callers": doubled[:20],
            "unfinished": len(unfinished), "message_statuses": dict(Counter(states.values())),
            "drain": drained, "drain_seconds": round(drain_s, 2), "provider_peak_in_flight": provider_peak_in_flight,
            # texts reaching the provider per second, first to last of the phase
            "texts_per_s": round((len(arrivals) - 1) / span, 1) if span else None,
            "schedule_lag_ms": percentiles(lag) if lag else None,
            "cpu_seconds": {k: round(v, 3) for k, v in cpu.items()},
            "load_generator_peak_rss_mb": round(load_rss_mb, 1),
        }

    def exercise(self, system):
        """Warm-up (not counted), then the steady phase and the burst."""
        args, phases = self.args, []
        warm = self.callers.take(10)
        self.phase(system, "warmup", warm, "steady", rate=10)
        sampler = RssSampler(system)
        sampler.start()
        phases.append(self.phase(system, "steady", self.callers.take(int(args.rate * args.seconds)), "steady",
                                 rate=args.rate, clients=args.steady_clients))
        time.sleep(1)
        if args.burst:
            phases.append(self.phase(system, "burst", self.callers.take(args.burst), "burst",
                                     clients=args.burst_clients))
        webhook = None
        if args.webhook_rate:
            time.sleep(1)
            webhook = self.webhook_phase(system)
        rss = {role: peak_rss_mb(pid) for role, pid in system.tracked().items()}
        self.rss_samples = sampler.stop()
        return phases, rss, webhook

    # -- the run --------------------------------------------------------------------------------
    def main(self):
        args = self.args
        (OUT / "logs").mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + args.wait_quiet
        while True:
            busy = machine_busy()
            time.sleep(2)
            self.busy_before = (machine_busy() - busy) / 2 / os.cpu_count()
            if self.busy_before <= 0.1 or time.monotonic() >= deadline:
                break
            say(f"the machine is {self.busy_before:.0%} busy; waiting for it to quiet down (--wait-quiet)")
        if self.busy_before > 0.1:
            say(f"WARNING: the machine is already {self.busy_before:.0%} busy before the bench starts")
        started = datetime.now(timezone.utc)
        t0 = time.monotonic()
        self.fake = Proc("fake-twilio-api", [str(BIN / "python"), str(BENCH / "fake_twilio.py"), "--latency",
                                             str(args.latency), "--account-sid", ACCOUNT_SID, "--auth-token", AUTH_TOKEN],
                         capture_stdout=True)
        line = self.fake.popen.stdout.readline().strip()
        if not line.startswith("READY "):
            raise SystemExit(f"the fake Twilio API did not start: {line!r}; see {self.fake.log_path}")
        self.fake_url = line.split()[1]
        say(f"fake Twilio API at {self.fake_url}, {args.latency * 1000:.0f} ms per request")

        base_env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTBACK_", "TWILIO_", "DATABASE_URL"))}
        base_env.update(TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN=AUTH_TOKEN, TWILIO_API_BASE=self.fake_url,
                        PYTHONUNBUFFERED="1")
        if args.git_ref:
            sha, src = snapshot_source(args.git_ref)
            base_env["PYTHONPATH"] = str(src)
            self.source = {"git_ref": args.git_ref, "commit": sha, "path": str(src)}
            say(f"textback source: {args.git_ref} = {sha[:12]}, exported to {src}")
        else:
            dirty = subprocess.run(["git", "status", "--porcelain", "--", "textback"], cwd=ROOT, capture_output=True,
                                   text=True).stdout.splitlines()
            self.source = {"git_ref": None, "path": os.environ.get("PYTHONPATH") or str(ROOT),
                           "uncommitted_files_in_textback": len(dirty)}
        results = {"systems": {}}
        systems = []
        try:
            textback_ports = [free_port() for _ in range(args.groups)]
            if args.send_rate is not None:
                base_env["TEXTBACK_SEND_RATE_PER_NUMBER"] = f"{args.send_rate:g}"
            if args.worker_threads is not None:
                base_env["TEXTBACK_WORKER_THREADS"] = str(args.worker_threads)
            env = dict(base_env, DATABASE_URL=DB_URL, TEXTBACK_SECRET_KEY=secrets.token_urlsafe(50),
                       TEXTBACK_PUBLIC_URL=f"http://127.0.0.1:{textback_ports[0]}",
                       TEXTBACK_DATA_DIR=str(OUT / "var"), TEXTBACK_DEBUG="false")
            textback = Textback(args, env, textback_ports)
            systems.append(textback)
            textback.start()
            phases, rss, webhook = self.exercise(textback)
            # Peak RSS and CPU are read; now the per-webhook query count, with the workers stopped.
            textback.stop_workers()
            queries = None
            if not args.no_queries:
                numbers = business_numbers(args.numbers + 2)[-2:]  # two fresh businesses
                extra = [caller for _, caller, _ in self.callers.take(2)]
                try:
                    out = run([str(BIN / "python"), str(BENCH / "queries.py"), OWNER_CELL, numbers[0], extra[0],
                               numbers[1], extra[1], "--log", str(OUT / "queries.sql")], env)
                    queries = json.loads(out.strip().splitlines()[-1])
                except (SystemExit, ValueError) as e:
                    say(f"query count failed: {e}")
            results["systems"]["textback"] = {
                "phases": phases, "peak_rss_mb": rss, "sql_queries": queries, "database": textback.summary(),
                "worker_processes": args.workers, "web_processes": args.web_workers, "groups": args.groups,
                "webhook_only": webhook, "rss_samples": self.rss_samples,
            }
            textback.stop()
            systems.remove(textback)

            if not args.no_baseline:
                baseline_port = free_port()
                baseline = Baseline(args, dict(base_env, BASELINE_PUBLIC_URL=f"http://127.0.0.1:{baseline_port}",
                                               BASELINE_OWNER_CELL=OWNER_CELL))
                systems.append(baseline)
                baseline.start()
                phases, rss, webhook = self.exercise(baseline)
                results["systems"]["baseline"] = {"phases": phases, "peak_rss_mb": rss, "webhook_only": webhook,
                                                  "web_processes": args.web_workers}
                baseline.stop()
                systems.remove(baseline)
            if not args.no_assistant:
                # textback's (the working tree's, or --git-ref's through PYTHONPATH) built-in engine.
                try:
                    out = run([str(BIN / "python"), str(BENCH / "assistant.py")], base_env, timeout=600)
                    results["assistant"] = json.loads(out)
                except (SystemExit, ValueError) as e:
                    say(f"assistant timing failed: {e}")
            fake_stats = http_json(f"{self.fake_url}/_bench/stats")
            fake_rss = peak_rss_mb(self.fake.pid)
        finally:
            for system in systems:
                system.stop()
            self.fake.stop()

        results["fake_twilio_api"] = {**fake_stats, "latency_ms": args.latency * 1000, "peak_rss_mb": fake_rss}
        results["ratios"] = ratios(results["systems"])
        results["meta"] = meta(args, started, time.monotonic() - t0)
        results["meta"]["textback_source"] = self.source
        results["meta"]["machine_busy_before"] = round(self.busy_before, 3)
        (OUT / "results.json").write_text(json.dumps(results, indent=2) + "\n")
        report(results)
        say(f"wrote {OUT / 'results.json'} ({results['meta']['wall_seconds']:.0f} s)")


def ratios(systems):
    """textback / baseline, per phase, for the dial webhook latency and the time to text."""
    if "baseline" not in systems:
        return {}
    out = {}
    for ours, theirs in zip(systems["textback"]["phases"], systems["baseline"]["phases"]):
        out[ours["phase"]] = {
            metric: {p: (round(ours[metric][p] / theirs[metric][p], 2) if ours[metric][p] and theirs[metric][p] else None)
                     for p in ("p50", "p95", "p99", "max")}
            for metric in ("dial_webhook_ms", "time_to_text_ms")
        }
    return out


def meta(args, started, wall):
    def first(path, prefix):
        try:
            return next(line.split(":", 1)[1].strip() for line in Path(path).read_text().splitlines()
                        if line.startswith(prefix))
        except (OSError, StopIteration):
            return None

    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip()
    except OSError:
        commit = None
    with psycopg.connect(PG_ADMIN) as admin:
        pg_version = admin.execute("SHOW server_version").fetchone()[0]
    return {
        "date": started.isoformat(timespec="seconds"), "wall_seconds": round(wall, 1),
        "command": " ".join([".venv/bin/python", "bench/run.py", *sys.argv[1:]]),
        "args": vars(args), "cores": os.cpu_count(), "cpu_model": first("/proc/cpuinfo", "model name"),
        "memory": first("/proc/meminfo", "MemTotal"), "python": platform.python_version(),
        "postgresql": pg_version, "commit": commit, "loadavg_after": Path("/proc/loadavg").read_text().split()[:3],
    }


def fmt(value, digits=0):
    return "-" if value is None else f"{value:,.{digits}f}"


def report(results):
    print()
    print("Missed calls: dial webhook latency and time to text (ms; nearest-rank percentiles); texts/s reaching the")
    print("provider (first to last text of the phase); in flight: most provider requests open at once; unfin: texts")
    print("still queued when the drain ended (not lost, not yet sent)")
    header = (f"{'system':9} {'phase':6} {'calls':>5} {'err':>3} | {'webhook p50':>11} {'p95':>6} {'p99':>6} {'max':>6} | "
              f"{'text p50':>8} {'p95':>6} {'p99':>6} {'max':>6} | {'lost':>4} {'dbl':>3} {'unfin':>5} | {'texts/s':>7} {'in flight':>9}")
    print(header)
    print("-" * len(header))
    for name, system in results["systems"].items():
        for p in system["phases"]:
            w, t = p["dial_webhook_ms"], p["time_to_text_ms"]
            print(f"{name:9} {p['phase']:6} {p['calls']:>5} {p['webhook_errors']:>3} | {fmt(w['p50']):>11} {fmt(w['p95']):>6} "
                  f"{fmt(w['p99']):>6} {fmt(w['max']):>6} | {fmt(t['p50']):>8} {fmt(t['p95']):>6} {fmt(t['p99']):>6} "
                  f"{fmt(t['max']):>6} | {p['lost']:>4} {p['doubled']:>3} {p['unfinished']:>5} | {fmt(p['texts_per_s'], 1):>7} "
                  f"{p['provider_peak_in_flight']:>9}")
    if results["ratios"]:
        print()
        print("textback / baseline")
        for phase, metrics in results["ratios"].items():
            for metric, values in metrics.items():
                label = "webhook" if metric.startswith("dial") else "time to text"
                print(f"  {phase:6} {label:13} " + "  ".join(f"{p} {fmt(v, 2)}x" for p, v in values.items()))
    print()
    print("CPU seconds per phase (load + drain) and peak RSS")
    for name, system in results["systems"].items():
        phases = system["phases"]
        roles = [r for r in phases[0]["cpu_seconds"] if not r.startswith("_")]
        print(f"  {name}:")
        print(f"    {'process':22} " + " ".join(f"{p['phase']:>8}" for p in phases) + f" {'peak RSS MB':>12}")
        for role in roles:
            rss = system["peak_rss_mb"].get(role)
            if role == "load generator":
                rss = max(p["load_generator_peak_rss_mb"] for p in phases)
            if role == "fake twilio api":
                rss = results["fake_twilio_api"]["peak_rss_mb"]
            print(f"    {role:22} " + " ".join(f"{p['cpu_seconds'].get(role, 0):>8.2f}" for p in phases) + f" {fmt(rss, 1):>12}")
        print(f"    {'(not the bench)':22} " + " ".join(f"{p['cpu_seconds']['_other_processes']:>8.2f}" for p in phases))
        print(f"    {'(whole machine busy)':22} " + " ".join(f"{p['cpu_seconds']['_machine_busy']:>8.2f}" for p in phases)
              + f"   of {os.cpu_count()} cores x wall " + "/".join(f"{p['cpu_seconds']['_wall']:.1f}" for p in phases) + " s")
        for p in phases:
            share = p["cpu_seconds"]["_other_processes"] / (p["cpu_seconds"]["_wall"] * os.cpu_count())
            if share > 0.1:
                print(f"    WARNING: {name} {p['phase']}: other processes used {share:.0%} of the machine; "
                      "the numbers are not clean")
    for name, system in results["systems"].items():
        w = system.get("webhook_only")
        if w:
            v = w["voice_webhook_ms"]
            share = w["cpu_seconds"]["_other_processes"] / (w["cpu_seconds"]["_wall"] * os.cpu_count())
            print(f"{name}: webhook only (POST /twilio/voice), {w['requests']} at {w['rate_per_s']:g}/s "
                  f"(achieved {fmt(w['achieved_rate_per_s'], 1)}/s), errors {w['webhook_errors']}: "
                  f"p50 {fmt(v['p50'])} p95 {fmt(v['p95'])} p99 {fmt(v['p99'])} max {fmt(v['max'])} ms; "
                  f"schedule lag p99 {fmt(w['schedule_lag_ms']['p99'])} ms; CPU s: " + ", ".join(
                      f"{k} {c:.2f}" for k, c in w["cpu_seconds"].items() if not k.startswith("_") and c >= 0.05)
                  + f"; other {share:.0%}")
    tb = results["systems"].get("textback", {})
    samples = tb.get("rss_samples") or []
    if len(samples) >= 2:
        (t1, first), (t2, last) = samples[0], samples[-1]
        print(f"textback RSS (VmRSS, MB) after warm-up at {t1:.0f} s -> at {t2:.0f} s ({len(samples)} samples): " + ", ".join(
            f"{role} {first[role]:.0f}->{last[role]:.0f} (max {max(s[1].get(role, 0) for s in samples):.0f})"
            for role in last if role in first and "master" not in role))
    if tb.get("database"):
        db = tb["database"]
        print(f"textback database: messages {db['messages']}, jobs {db['jobs']}, jobs by worker {db['jobs_by_worker']}, "
              f"callers with more than one text {db['callers_with_more_than_one_text']}")
    queries = results["systems"].get("textback", {}).get("sql_queries")
    if queries:
        print()
        print("SQL statements per missed call (textback; with BEGIN/COMMIT/SAVEPOINT in brackets): " + ", ".join(
            f"{k.replace('_', ' ')} {v} ({queries.get(k + '_with_transaction_control')})"
            for k, v in queries.items() if not k.endswith("_with_transaction_control")))
    if assistant := results.get("assistant"):
        t = assistant["per_message_ms"]
        print()
        print(f"built-in assistant, {assistant['messages']} caller texts ({assistant['conversations']} conversations x "
              f"{assistant['rounds']}): per message p50 {t['p50']} p95 {t['p95']} p99 {t['p99']} max {t['max']} ms, "
              f"{assistant['messages_per_cpu_second']} messages per CPU second; first message in a fresh process "
              f"{assistant['cold_first_message_ms']} ms")
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=20, help="steady phase: missed calls per second (20)")
    parser.add_argument("--seconds", type=float, default=20, help="steady phase: duration in seconds (20)")
    parser.add_argument("--burst", type=int, default=200, help="burst phase: calls fired at once (200)")
    parser.add_argument("--burst-clients", type=int, default=50, help="burst phase: concurrent HTTP clients (50)")
    parser.add_argument("--steady-clients", type=int, default=32, help="steady phase: client threads (32)")
    parser.add_argument("--numbers", type=int, default=100,
                        help="businesses, one textback number each; the calls go to them in turn (100)")
    parser.add_argument("--send-rate", type=float, metavar="PER_S",
                        help="set TEXTBACK_SEND_RATE_PER_NUMBER for textback (default: textback's own default)")
    parser.add_argument("--workers", type=int, default=2, help="`textback worker` processes (2)")
    parser.add_argument("--worker-threads", type=int, metavar="N",
                        help="set TEXTBACK_WORKER_THREADS: jobs each worker runs at once (default: textback's own)")
    parser.add_argument("--web-workers", type=int, default=2, help="web processes, textback and baseline (2)")
    parser.add_argument("--latency", type=float, default=0.15, help="fake Twilio API seconds per request (0.15)")
    parser.add_argument("--drain-timeout", type=float, default=90, help="max seconds to wait for texts after a phase (90)")
    parser.add_argument("--git-ref", help="measure textback as committed at this git ref (exported with git archive) "
                        "instead of the working tree")
    parser.add_argument("--wait-quiet", type=float, default=0, metavar="SECONDS",
                        help="wait up to this long for the machine to be under 10%% busy before starting (0)")
    parser.add_argument("--nice", type=int, default=0, help="nice value for every process the bench starts; "
                        "negative (root) keeps other work on a shared machine from skewing the numbers (0)")
    parser.add_argument("--groups", type=int, default=1,
                        help="textback process groups, each its own `textback serve` on its own port and its own "
                        "--workers workers (worker ids gN-M), all on the one database; the load alternates between "
                        "the web servers (1)")
    parser.add_argument("--webhook-rate", type=float, default=0, metavar="PER_S",
                        help="after the burst, a webhook-only phase: POST /twilio/voice at this rate (0: none)")
    parser.add_argument("--webhook-seconds", type=float, default=10, help="webhook-only phase duration (10)")
    parser.add_argument("--webhook-clients", type=int, default=64, help="webhook-only phase client threads (64)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the baseline")
    parser.add_argument("--no-queries", action="store_true", help="skip the SQL query count")
    parser.add_argument("--no-assistant", action="store_true", help="skip timing the built-in assistant")
    args = parser.parse_args()
    if not (0 < args.rate <= 500 and 0 < args.seconds <= 600 and 0 <= args.burst <= 5000 and 1 <= args.workers <= 32
            and 1 <= args.numbers <= 1000 and 1 <= args.groups <= 8 and 0 <= args.webhook_rate <= 1000):
        parser.error("keep it bounded: --rate 0-500, --seconds 0-600, --burst 0-5000, --workers 1-32, --numbers 1-1000")
    global NICE
    NICE = args.nice
    Bench(args).main()


if __name__ == "__main__":
    main()
