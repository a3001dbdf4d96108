"""`make bench`: textback's missed-call path under the load Twilio really sends, beside the inline peer.

    .venv/bin/python bench/run.py [--rate 50] [--seconds 30] [--busy-seconds 10] [--burst 500]
                                  [--numbers 500] [--workers 2] [--web-workers 2] [--latency 0.15]
                                  [--git-ref REF] [--nice N] [--wait-quiet S] [--no-baseline] [--groups N]

What it does (bench/README.md has the details, bench/results.md the figures):
 1. starts the test suite's fake Twilio (bench/fake_twilio.py runs tests/fakes/twilio_api.py, 150 ms
    per request), which posts a signed "sent" and "delivered" status callback for every text;
 2. textback: a fresh PostgreSQL database `textback_bench_load` (127.0.0.1:5432, user postgres),
    migrate, one business per number, `textback serve --workers 2` and N `textback worker`;
 3. fires missed calls as Twilio sends them in ring mode (bench/load.py: incoming call, dial result,
    final status), in three scenarios: spread over many numbers at a steady rate; a burst at once;
    concentrated on one busy number at the same rate; waits for every text and its callbacks;
 4. the same load against the inline peer (bench/baseline.py: sends inside the webhook, no queue);
 5. prints a table and the ratios, and writes build/bench/results.json.
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
OUT = Path(os.environ.get("BENCH_OUT") or ROOT / "build" / "bench").resolve()  # the load runs in another cwd
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
DB_NAME = os.environ.get("BENCH_DB_NAME", "textback_bench_load")
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


def machine_busy():
    """CPU seconds spent busy by the whole machine (all cores) since boot."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / CLK_TCK


# -- processes --------------------------------------------------------------------------------

sys.path.insert(0, str(ROOT))
from tests.processes import children, free_port, textback as textback_command  # noqa: E402
from tests import processes  # noqa: E402


def Proc(role, argv, env=None, capture_stdout=False):
    """A process of the bench, its output in build/bench/logs/ROLE.log, at the bench's --nice."""
    return processes.Proc(role, argv, env, OUT / "logs", OUT, nice=NICE, capture_stdout=capture_stdout)


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


def http_json(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read())


def run(argv, env, timeout=120):
    # cwd is build/bench, never the repository: a --git-ref snapshot on PYTHONPATH must win.
    try:
        return processes.run(argv, env, OUT, timeout)
    except RuntimeError as e:
        raise SystemExit(str(e)) from None


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
        t = time.monotonic()
        run([*textback_command(), "migrate", "--noinput", "-v", "0"], self.env, timeout=300)
        say(f"textback: migrated in {time.monotonic() - t:.1f} s")
        # `textback business create` for each number, in one process (Django starts once).
        script = "\n".join(["from django.core.management import call_command"] + [
            f"call_command('business', 'create', '--name', 'Bench Plumbing {n}', '--number', '{number}', "
            f"'--owner-cell', '{OWNER_CELL}', '--owner-name', 'Carlos', '--provider', 'twilio')"
            for n, number in enumerate(business_numbers(self.args.numbers), 1)])
        run([*textback_command(), "shell", "-c", script], self.env, timeout=600)
        self.db = psycopg.connect(DB_URL, autocommit=True)
        self.start_processes()

    def start_processes(self, **env):
        """The web servers and workers, with `env` on top of the bench's environment."""
        groups = len(self.ports)
        for g, port in enumerate(self.ports, 1):
            group_env = dict(self.env, TEXTBACK_PUBLIC_URL=f"http://127.0.0.1:{port}", **env)
            suffix = f"-g{g}" if groups > 1 else ""
            web = Proc(f"textback-web{suffix}", [*textback_command(), "serve", "--host", "127.0.0.1", "--port",
                                                 str(port), "--workers", str(self.args.web_workers)], group_env)
            web.port = port
            self.webs.append(web)
            for n in range(1, self.args.workers + 1):
                worker_id = f"g{g}-{n}" if groups > 1 else f"bench-{n}"
                worker = Proc(f"textback-worker{suffix}-{n}", [*textback_command(), "worker", "--worker-id", worker_id],
                              group_env)
                worker.worker_id = worker_id
                self.workers.append(worker)
        for web in self.webs:
            web.wait_listening(web.port)
        for worker in self.workers:
            worker.wait_for("started")
        say(f"textback: {groups} process group(s), each a web server ({self.args.web_workers} web processes) "
            f"and {self.args.workers} worker(s), on :" + ", :".join(map(str, self.ports))
            + (f"; {env}" if env else ""))

    def restart(self, **env):
        self.stop_processes()
        self.start_processes(**env)

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
            # which process ran each job: the web process that committed it, or a worker (the backstop)
            "jobs_by_worker": grouped("SELECT coalesce(split_part(worker_ids->>-1, '-', 1), '-'), count(*) "
                                      "FROM django_tasks_database_dbtaskresult GROUP BY 1"),
            # the database's own double check: outbound texts per caller (the fake API's is `doubled`)
            "callers_with_more_than_one_text": self.db.execute(
                "SELECT count(*) FROM (SELECT to_number FROM core_message WHERE direction = 'out' "
                "GROUP BY to_number HAVING count(*) > 1) d").fetchone()[0],
        }

    def stop_workers(self):
        for worker in self.workers:
            worker.stop()
        self.workers = []

    def stop_processes(self):
        self.stop_workers()
        for web in self.webs:
            web.stop()
        self.webs = []

    def stop(self):
        self.stop_processes()
        if self.db is not None:
            self.db.close()
            self.db = None


class Baseline(System):
    name = "baseline"

    def __init__(self, args, env):
        self.args, self.env = args, env
        self.port = int(env["BASELINE_PUBLIC_URL"].rsplit(":", 1)[1])
        self.webs, self.workers = [], []

    def start(self):
        # The options of `textback serve` (textback/core/management/commands/serve.py).
        web = Proc("baseline-web", [
            str(BIN / "python"), "-m", "gunicorn", "--chdir", str(BENCH), "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.args.web_workers), "--threads", "4", "--worker-class", "gthread",
            "--timeout", "30", "--graceful-timeout", "20", "--access-logfile", "-", "--error-logfile", "-",
            "baseline:app",
        ], self.env)
        web.port = self.port
        self.webs.append(web)
        web.wait_listening(self.port)
        say(f"baseline: serving on :{self.port} ({self.args.web_workers} web processes)")

    def restart(self, **env):
        pass  # no settings of textback's to change

    def pending(self):
        return 0  # every text is sent inside its webhook: nothing is left once the load is answered

    def stop(self):
        for web in self.webs:
            web.stop()
        self.webs = []


WEBHOOKS = ("voice", "dial", "status")  # what the load generator sends; "callbacks" are the fake's


def cpu_per_call_ms(cpu, calls):
    """CPU milliseconds per missed call by kind of process: web, worker, PostgreSQL, and their sum."""
    kinds = {"web": 0.0, "worker": 0.0, "postgres": 0.0}
    for role, seconds in cpu.items():
        kind = ("web" if "web " in role else "worker" if role.startswith("textback worker")
                else "postgres" if role == "postgres backends" else None)
        if kind:
            kinds[kind] += seconds
    out = {k: round(1000 * v / calls, 2) for k, v in kinds.items()} if calls else {}
    return out | ({"total": round(sum(out.values()), 2)} if out else {})


class Bench:
    def __init__(self, args):
        self.args = args
        self.callers = Callers(business_numbers(args.numbers))
        self.fake = None
        self.fake_url = None

    # -- measuring ----------------------------------------------------------------------------
    def snapshot(self, system):
        procs = dict(system.tracked())
        procs["fake twilio api"] = self.fake.pid
        cpu = {role: (pid, stat[1]) for role, pid in procs.items() if (stat := proc_stat(pid)) is not None}
        pg = {pid: stat[1] for pid in system.db_backends() if (stat := proc_stat(pid)) is not None}
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
        for to, at in http_json(f"{self.fake_url}/_bench/requests", timeout=30)["received"]:
            by_to.setdefault(to, []).append(at)
        return by_to

    def stats(self):
        return http_json(f"{self.fake_url}/_bench/stats", timeout=30)

    def drain(self, system, expected_texts, expected_callbacks):
        """Until the fake API has every text and has posted every status callback (then a short quiet
        period to catch doubles), the system says nothing is pending, or the drain timeout."""
        deadline = time.monotonic() + self.args.drain_timeout
        idle_polls = 0
        while time.monotonic() < deadline:
            stats = self.stats()
            if stats["message_creates"] >= expected_texts and len(stats["callbacks"]) >= expected_callbacks:
                time.sleep(0.5)
                return "complete"
            idle_polls = idle_polls + 1 if system.pending() == 0 and not stats["callbacks_waiting"] else 0
            if idle_polls >= 8:
                return "nothing pending"
            time.sleep(0.25)
        return "timed out"

    def phase(self, system, name, calls, mode, rate=None, clients=32):
        """One load phase: the calls sent by bench/load.py, then the drain; what it measured."""
        before_stats = http_json(f"{self.fake_url}/_bench/reset-peak")
        spec = {"targets": system.targets, "account_sid": ACCOUNT_SID, "auth_token": AUTH_TOKEN, "calls": calls,
                "mode": mode, "rate": rate, "clients": clients}
        spec_path = OUT / f"load-{system.name}-{name}.json"
        out_path = OUT / f"load-{system.name}-{name}.out.json"
        spec_path.write_text(json.dumps(spec))
        say(f"{system.name}: {name}: {len(calls)} calls" + (f" at {rate}/s" if rate else f" at once, {clients} clients"))
        before = self.snapshot(system)
        load = Proc(f"load-{system.name}-{name}", [str(BIN / "python"), str(BENCH / "load.py"), str(spec_path),
                                                   str(out_path)])
        try:
            load.popen.wait(timeout=len(calls) / (rate or 1e9) + 120)
        except subprocess.TimeoutExpired:
            load.popen.kill()
            raise SystemExit(f"the load generator did not finish in time; see {load.log_path}") from None
        load.stop()
        if load.popen.returncode != 0:
            raise SystemExit(f"the load generator failed; see {load.log_path}")
        loaded_at = time.monotonic()
        result = json.loads(out_path.read_text())
        answered = [c for c in result["calls"] if c["answers"].get("dial", [None])[0] == 200]
        drained = self.drain(system, before_stats["message_creates"] + len(answered),
                             len(before_stats["callbacks"]) + 2 * len(answered))
        after = self.snapshot(system)
        cpu = self.cpu_between(before, after)
        cpu["load generator"] = result["cpu_s"]
        ours = sum(v for k, v in cpu.items() if not k.startswith("_"))
        cpu["_other_processes"] = max(0.0, cpu["_machine_busy"] - ours)  # not the bench: interference
        stats = self.stats()
        callbacks = stats["callbacks"][len(before_stats["callbacks"]):]
        states = system.message_states([c[1] for c in calls])
        return self.analyse(name, mode, rate, clients, result, self.received(), states, cpu, drained,
                            drain_s=time.monotonic() - loaded_at, callbacks=callbacks,
                            provider_peak_in_flight=stats["peak_in_flight"])

    @staticmethod
    def analyse(name, mode, rate, clients, result, received, states, cpu, drained, drain_s, callbacks,
                provider_peak_in_flight):
        calls = result["calls"]
        answered = [c for c in calls if c["answers"].get("dial", [None])[0] == 200]
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
        errors = Counter(c["error"][:120] for c in calls if c["error"])
        webhooks = {w: percentiles([c["answers"][w][1] for c in calls if c["answers"].get(w, [None])[0] == 200])
                    for w in WEBHOOKS}
        webhooks["callbacks"] = percentiles([ms for status, ms in callbacks if status == 200])
        every = [c["answers"][w][1] for c in calls for w in WEBHOOKS if c["answers"].get(w, [None])[0] == 200]
        webhooks["all"] = percentiles(every + [ms for status, ms in callbacks if status == 200])
        lag = [max(0.0, c["started_at"] - c["due"]) * 1000 for c in calls] if mode == "steady" else []
        duration = result["finished_at"] - result["started_at"]
        return {
            "phase": name, "mode": mode, "rate_per_s": rate, "clients": clients, "calls": len(calls),
            "load_seconds": round(duration, 2), "achieved_rate_per_s": round(len(calls) / duration, 1) if duration else None,
            "webhook_errors": len(calls) - len(answered) + sum(1 for c in calls if c["error"] and c in answered),
            "errors": dict(errors),
            "callback_errors": sum(1 for status, _ in callbacks if status != 200), "callbacks": len(callbacks),
            "webhook_ms": webhooks, "time_to_text_ms": percentiles(ttt),
            "lost": len(lost), "lost_callers": lost[:20], "doubled": len(doubled), "doubled_callers": doubled[:20],
            "unfinished": len(unfinished), "message_statuses": dict(Counter(states.values())),
            "drain": drained, "drain_seconds": round(drain_s, 2), "provider_peak_in_flight": provider_peak_in_flight,
            # texts reaching the provider per second, first to last of the phase
            "texts_per_s": round((len(arrivals) - 1) / span, 1) if span else None,
            "schedule_lag_ms": percentiles(lag) if lag else None,
            "cpu_seconds": {k: round(v, 3) for k, v in cpu.items()},
            "cpu_ms_per_call": cpu_per_call_ms(cpu, len(answered)),
            "load_generator_peak_rss_mb": round(result["max_rss_kb"] / 1024, 1),
        }

    def exercise(self, system):
        """Warm-up (not counted), then the scenarios: spread over the numbers at the steady rate, a
        burst at once, and concentrated on one busy number at the same rate."""
        args, phases = self.args, []
        self.phase(system, "warmup", self.callers.take(10), "steady", rate=10)
        sampler = RssSampler(system)
        sampler.start()
        phases.append(self.phase(system, "spread", self.callers.take(int(args.rate * args.seconds)), "steady",
                                 rate=args.rate, clients=args.steady_clients))
        time.sleep(1)
        if args.burst:
            phases.append(self.phase(system, "burst", self.callers.take(args.burst), "burst",
                                     clients=args.burst_clients))
        rss = {role: peak_rss_mb(pid) for role, pid in system.tracked().items()}
        self.rss_samples = sampler.stop()
        if args.busy_seconds:
            # One business with a flood of calls. A long code sends 1 text a second, so a flood to
            # one number would only measure that pacing (by design, bench/README.md): this scenario
            # runs with it off, as for a number that may send faster (a toll-free number, a short code).
            system.restart(TEXTBACK_SEND_RATE_PER_NUMBER="0")
            busy = business_numbers(1)[0]
            calls = [[sid, caller, busy] for sid, caller, _ in self.callers.take(int(args.rate * args.busy_seconds))]
            phases.append(self.phase(system, "busy", calls, "steady", rate=args.rate, clients=args.steady_clients))
        return phases, rss

    # -- the run --------------------------------------------------------------------------------
    def wait_quiet(self):
        deadline = time.monotonic() + self.args.wait_quiet
        while True:
            busy = machine_busy()
            time.sleep(2)
            self.busy_before = (machine_busy() - busy) / 2 / os.cpu_count()
            if self.busy_before <= 0.1 or time.monotonic() >= deadline:
                break
            say(f"the machine is {self.busy_before:.0%} busy; waiting for it to quiet down (--wait-quiet)")
        if self.busy_before > 0.1:
            say(f"WARNING: the machine is already {self.busy_before:.0%} busy before the bench starts")

    def start_fake(self):
        self.fake = Proc("fake-twilio-api", [str(BIN / "python"), str(BENCH / "fake_twilio.py"), "--latency",
                                             str(self.args.latency), "--account-sid", ACCOUNT_SID, "--auth-token",
                                             AUTH_TOKEN], capture_stdout=True)
        line = self.fake.popen.stdout.readline().strip()
        if not line.startswith("READY "):
            raise SystemExit(f"the fake Twilio API did not start: {line!r}; see {self.fake.log_path}")
        self.fake_url = line.split()[1]
        say(f"fake Twilio API at {self.fake_url}, {self.args.latency * 1000:.0f} ms per request")

    def source_env(self, base_env):
        if self.args.git_ref:
            sha, src = snapshot_source(self.args.git_ref)
            base_env["PYTHONPATH"] = str(src)
            self.source = {"git_ref": self.args.git_ref, "commit": sha, "path": str(src)}
            say(f"textback source: {self.args.git_ref} = {sha[:12]}, exported to {src}")
        else:
            dirty = subprocess.run(["git", "status", "--porcelain", "--", "textback"], cwd=ROOT, capture_output=True,
                                   text=True).stdout.splitlines()
            self.source = {"git_ref": None, "path": os.environ.get("PYTHONPATH") or str(ROOT),
                           "uncommitted_files_in_textback": len(dirty)}

    def measure_textback(self, base_env, results, systems):
        args = self.args
        ports = [free_port() for _ in range(args.groups)]
        env = dict(base_env, DATABASE_URL=DB_URL, TEXTBACK_SECRET_KEY=secrets.token_urlsafe(50),
                   TEXTBACK_PUBLIC_URL=f"http://127.0.0.1:{ports[0]}", TEXTBACK_DATA_DIR=str(OUT / "var"),
                   TEXTBACK_DEBUG="false")
        if args.send_rate is not None:
            env["TEXTBACK_SEND_RATE_PER_NUMBER"] = f"{args.send_rate:g}"
        if args.worker_threads is not None:
            env["TEXTBACK_WORKER_THREADS"] = str(args.worker_threads)
        textback = Textback(args, env, ports)
        systems.append(textback)
        textback.start()
        phases, rss = self.exercise(textback)
        # The per-webhook query count, with the workers stopped (the web servers stay, for callbacks).
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
            "rss_samples": self.rss_samples,
        }
        textback.stop()
        systems.remove(textback)

    def measure_baseline(self, base_env, results, systems):
        port = free_port()
        baseline = Baseline(self.args, dict(base_env, BASELINE_PUBLIC_URL=f"http://127.0.0.1:{port}",
                                            BASELINE_OWNER_CELL=OWNER_CELL))
        systems.append(baseline)
        baseline.start()
        phases, rss = self.exercise(baseline)
        results["systems"]["baseline"] = {"phases": phases, "peak_rss_mb": rss, "web_processes": self.args.web_workers,
                                          "rss_samples": self.rss_samples}
        baseline.stop()
        systems.remove(baseline)

    def main(self):
        args = self.args
        (OUT / "logs").mkdir(parents=True, exist_ok=True)
        for old in (OUT / "logs").glob("*.log"):
            old.unlink()
        self.wait_quiet()
        started = datetime.now(timezone.utc)
        t0 = time.monotonic()
        self.start_fake()
        base_env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTBACK_", "TWILIO_", "DATABASE_URL"))}
        base_env.update(TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN=AUTH_TOKEN, TWILIO_API_BASE=self.fake_url,
                        PYTHONUNBUFFERED="1")
        self.source_env(base_env)
        results, systems = {"systems": {}}, []
        try:
            self.measure_textback(base_env, results, systems)
            if not args.no_baseline:
                self.measure_baseline(base_env, results, systems)
            if not args.no_assistant:
                # textback's (the working tree's, or --git-ref's through PYTHONPATH) built-in engine.
                try:
                    out = run([str(BIN / "python"), str(BENCH / "assistant.py")], base_env, timeout=600)
                    results["assistant"] = json.loads(out)
                except (SystemExit, ValueError) as e:
                    say(f"assistant timing failed: {e}")
            stats = self.stats()
            fake_rss = peak_rss_mb(self.fake.pid)
        finally:
            for system in systems:
                system.stop()
            self.fake.stop()
        results["fake_twilio_api"] = {"message_creates": stats["message_creates"], "other_requests": stats["other_requests"],
                                      "latency_ms": args.latency * 1000, "peak_rss_mb": fake_rss}
        results["ratios"] = ratios(results["systems"])
        results["meta"] = meta(args, started, time.monotonic() - t0)
        results["meta"]["textback_source"] = self.source
        results["meta"]["machine_busy_before"] = round(self.busy_before, 3)
        (OUT / "results.json").write_text(json.dumps(results, indent=2) + "\n")
        report(results)
        say(f"wrote {OUT / 'results.json'} ({results['meta']['wall_seconds']:.0f} s)")


def ratios(systems):
    """textback / baseline, per phase: webhook answers (all of them), time to text, CPU per call."""
    if "baseline" not in systems:
        return {}

    def ratio(a, b):
        return round(a / b, 2) if a and b else None

    out = {}
    for ours, theirs in zip(systems["textback"]["phases"], systems["baseline"]["phases"]):
        out[ours["phase"]] = {
            "webhook_ms": {p: ratio(ours["webhook_ms"]["all"][p], theirs["webhook_ms"]["all"][p]) for p in ("p50", "p99")},
            "time_to_text_ms": {p: ratio(ours["time_to_text_ms"][p], theirs["time_to_text_ms"][p]) for p in ("p50", "p99")},
            "cpu_ms_per_call": ratio(ours["cpu_ms_per_call"].get("total"), theirs["cpu_ms_per_call"].get("total")),
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


def fmt(value, digits=0):
    return "-" if value is None else f"{value:,.{digits}f}"


def report(results):
    print()
    print("Missed calls, each sent as Twilio sends it (incoming call, dial result, final status; the fake posts each")
    print("text's sent and delivered callbacks). ms, nearest-rank percentiles. webhooks: every answer (the three")
    print("webhooks and the callbacks); time to text: dial result sent -> the text's request at the fake provider;")
    print("CPU ms per missed call: web / worker / PostgreSQL = total; unfin: still queued when the drain ended")
    header = (f"{'system':9} {'phase':6} {'calls':>5} {'err':>3} | {'webhooks p50':>12} {'p99':>5} {'max':>6} | "
              f"{'text p50':>8} {'p99':>6} {'max':>6} | {'lost':>4} {'dbl':>3} {'unfin':>5} | {'texts/s':>7} | "
              f"{'CPU ms/call web/worker/pg = total':>34}")
    print(header)
    print("-" * len(header))
    for name, system in results["systems"].items():
        for p in system["phases"]:
            w, t, c = p["webhook_ms"]["all"], p["time_to_text_ms"], p["cpu_ms_per_call"]
            cpu = f"{c.get('web', 0):.1f} / {c.get('worker', 0):.1f} / {c.get('postgres', 0):.1f} = {c.get('total', 0):.1f}"
            print(f"{name:9} {p['phase']:6} {p['calls']:>5} {p['webhook_errors'] + p['callback_errors']:>3} | "
                  f"{fmt(w['p50']):>12} {fmt(w['p99']):>5} {fmt(w['max']):>6} | {fmt(t['p50']):>8} {fmt(t['p99']):>6} "
                  f"{fmt(t['max']):>6} | {p['lost']:>4} {p['doubled']:>3} {p['unfinished']:>5} | "
                  f"{fmt(p['texts_per_s'], 1):>7} | {cpu:>34}")
    print()
    print("webhook answers p50 / p99 (ms), by webhook")
    for name, system in results["systems"].items():
        for p in system["phases"]:
            print(f"  {name:9} {p['phase']:6} " + "  ".join(
                f"{w} {fmt(v['p50'])}/{fmt(v['p99'])}" for w, v in p["webhook_ms"].items() if w != "all"))
    if results["ratios"]:
        print()
        print("textback / inline peer")
        for phase, r in results["ratios"].items():
            print(f"  {phase:6} webhooks p50 {fmt(r['webhook_ms']['p50'], 2)}x p99 {fmt(r['webhook_ms']['p99'], 2)}x | "
                  f"time to text p50 {fmt(r['time_to_text_ms']['p50'], 2)}x p99 {fmt(r['time_to_text_ms']['p99'], 2)}x | "
                  f"CPU per call {fmt(r['cpu_ms_per_call'], 2)}x")
    print()
    print("CPU seconds per phase (load + drain) and peak RSS")
    for name, system in results["systems"].items():
        phases = system["phases"]
        roles = sorted({r for p in phases for r in p["cpu_seconds"] if not r.startswith("_")})
        print(f"  {name}:")
        print(f"    {'process':22} " + " ".join(f"{p['phase']:>8}" for p in phases) + f" {'peak RSS MB':>12}")
        for role in roles:
            rss = system["peak_rss_mb"].get(role)
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
        samples = system.get("rss_samples") or []
        if len(samples) >= 2:
            (t1, first), (t2, last) = samples[0], samples[-1]
            print(f"{name} RSS (VmRSS, MB) after warm-up at {t1:.0f} s -> at {t2:.0f} s ({len(samples)} samples): "
                  + ", ".join(f"{role} {first[role]:.0f}->{last[role]:.0f} (max {max(s[1].get(role, 0) for s in samples):.0f})"
                              for role in last if role in first and "master" not in role))
    tb = results["systems"].get("textback", {})
    if db := tb.get("database"):
        print(f"textback database: messages {db['messages']}, jobs {db['jobs']}, jobs by process {db['jobs_by_worker']}, "
              f"callers with more than one text {db['callers_with_more_than_one_text']}")
    if queries := tb.get("sql_queries"):
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
    parser.add_argument("--rate", type=float, default=50, help="missed calls per second, spread and busy (50)")
    parser.add_argument("--seconds", type=float, default=30, help="spread over the numbers: seconds (30)")
    parser.add_argument("--busy-seconds", type=float, default=10, help="concentrated on one number: seconds (10; 0: none)")
    parser.add_argument("--burst", type=int, default=500, help="burst: calls fired at once (500; 0: none)")
    parser.add_argument("--burst-clients", type=int, default=50, help="burst: concurrent HTTP clients (50)")
    parser.add_argument("--steady-clients", type=int, default=64, help="steady phases: client threads (64)")
    parser.add_argument("--numbers", type=int, default=500,
                        help="businesses, one textback number each; the spread calls go to them in turn (500)")
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
    parser.add_argument("--nice", type=int, default=0, help="nice value for every process the bench starts (0)")
    parser.add_argument("--groups", type=int, default=1,
                        help="textback process groups, each its own `textback serve` on its own port and its own "
                        "--workers workers, all on the one database; the load alternates between them (1)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the inline peer")
    parser.add_argument("--no-queries", action="store_true", help="skip the SQL query count")
    parser.add_argument("--no-assistant", action="store_true", help="skip timing the built-in assistant")
    args = parser.parse_args()
    if not (0 < args.rate <= 500 and 0 < args.seconds <= 600 and 0 <= args.busy_seconds <= 600 and 0 <= args.burst <= 5000
            and 1 <= args.workers <= 32 and 1 <= args.numbers <= 1000 and 1 <= args.groups <= 8):
        parser.error("keep it bounded: --rate 0-500, --seconds 0-600, --burst 0-5000, --workers 1-32, --numbers 1-1000")
    global NICE
    NICE = args.nice
    Bench(args).main()


if __name__ == "__main__":
    main()
