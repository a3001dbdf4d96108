"""The fault-injection harness: real `textback serve` and `textback worker` processes on a
throwaway PostgreSQL database, the provider's fake API (tests/fakes/) as a real HTTP server in
this process. The provider is Twilio unless a test module asks for every provider in PROVIDERS
(`side = every_provider` in it: tests/faults/test_provider.py, test_crash.py; a provider's Side in
SIDES says how it signs webhooks and how its fake records texts). Faults are injected only at the boundaries: signals to processes, the
fake provider's answers, pg_terminate_backend on the database server's backends.

The database: TEST_DATABASE_URL or DATABASE_URL when it names a PostgreSQL server (`make
test-faults` uses postgres://postgres@127.0.0.1:5432/postgres otherwise); a database
textback_faults_PID is created there, migrated with `textback migrate`, and dropped afterwards.
On SQLite, or when the server is unreachable, the process tests skip with the reason.
"""

import http.client
import os
import random
import signal
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from twilio.request_validator import RequestValidator

from tests import processes
from tests.fakes.signalwire_api import FakeSignalWireAPI
from tests.fakes.telnyx_api import FakeTelnyxAPI
from tests.fakes.twilio_api import FakeTwilioAPI
from tests.processes import free_port, textback
from tests.world import PROVIDERS
from textback.telnyx.tests import payloads as telnyx_payloads

ROOT = Path(__file__).resolve().parents[2]
LOGS = ROOT / "build" / "faults" / "logs"
ACCOUNT_SID = "AC" + "fa" * 16  # the default account (TWILIO_ACCOUNT_SID), known only to the fake
AUTH_TOKEN = "17" * 16
SUB_SID = "AC" + "5b" * 16  # a subaccount with its own credentials, kept on its number's row
SUB_TOKEN = "9c" * 16
REYES = "+13125550100"  # Reyes Plumbing, default account
NORTH = "+13125550111"  # North Side Roofing, the subaccount
OWNER_CELL = "+13125550199"
UNKNOWN_OUTCOME = "outcome unknown: the worker stopped during the provider request"


@dataclass(frozen=True)
class Side:
    """One provider's side of the fault tests: its fake API, the settings that name it, its two
    accounts (the default one, and North Side Roofing's own), how it signs webhooks and names calls."""

    name: str
    fake: type
    api_base: str  # the setting of its REST API's base URL
    credentials: tuple  # (setting, value) of the default account
    account: str
    token: str
    key: object  # the default account's webhook signing key
    sub_account: str
    sub_token: str
    sub_key: object
    header: str

    def call_id(self, sid):
        """A call id of this provider for the harness's "CA" + 32 hex digits."""
        return sid if self.name == "twilio" else str(uuid.UUID(hex=sid[2:]))

    def own_account_fields(self):
        extra = {"signing_key": self.sub_key, "space_url": "https://north.signalwire.com"} if self.name == "signalwire" else {}
        return {"account_sid": self.sub_account, "auth_token": self.sub_token, **extra}

    def signed(self, url, params, key):
        """(body, headers) of a webhook to `url` signed with `key`, as the provider posts it."""
        return urlencode(params), {self.header: RequestValidator(key).compute_signature(url, params)}

    # What the fake API was asked and took, in the words of its wire format.
    def recipient(self, request):
        """Whom a POST to the fake (a text) was for."""
        return request.form.get("To")

    def looked_up(self, request):
        """Whom a GET of the fake (a look-up of earlier texts) asked about."""
        return parse_qs(urlsplit(request.path).query).get("To", [""])[0]

    def accepted(self, api):
        """(recipient, id) of every text the fake accepted."""
        return [(m["to"], m["sid"]) for m in api.messages.values()]


class TelnyxSide(Side):
    """Telnyx: TeXML's call webhooks are Twilio's form fields, signed with Ed25519 over
    "{telnyx-timestamp}|{raw body}" (its accounts' keys are private keys here; an account is named
    by its public key, as textback names it); its REST API is JSON."""

    def call_id(self, sid):
        return f"v3:{sid[2:]}"

    def signed(self, url, params, key):
        body, timestamp = urlencode(params), str(int(time.time()))
        return body, {"telnyx-timestamp": timestamp, self.header: telnyx_payloads.sign(key, timestamp, body.encode())}

    def recipient(self, request):
        return (request.json or {}).get("to")

    def looked_up(self, request):
        return request.query.get("filter[cld]", "")

    def accepted(self, api):
        return [(m["to"][0]["phone_number"], m["id"]) for m in api.messages.values()]


TELNYX_KEY = Ed25519PrivateKey.from_private_bytes(b"\x17" * 32)  # the default account's (TELNYX_PUBLIC_KEY)
TELNYX_SUB_KEY = Ed25519PrivateKey.from_private_bytes(b"\x5b" * 32)  # North Side Roofing's own account's
TELNYX_ACCOUNT, TELNYX_SUB_ACCOUNT = telnyx_payloads.public_key(TELNYX_KEY), telnyx_payloads.public_key(TELNYX_SUB_KEY)


SIDES = {
    "twilio": Side("twilio", FakeTwilioAPI, "TWILIO_API_BASE",
                   (("TWILIO_ACCOUNT_SID", ACCOUNT_SID), ("TWILIO_AUTH_TOKEN", AUTH_TOKEN)),
                   ACCOUNT_SID, AUTH_TOKEN, AUTH_TOKEN, SUB_SID, SUB_TOKEN, SUB_TOKEN, "X-Twilio-Signature"),
    "signalwire": Side("signalwire", FakeSignalWireAPI, "SIGNALWIRE_API_BASE",
                       (("SIGNALWIRE_PROJECT_ID", "fa17fa17-0000-4000-8000-00000000fa17"),
                        ("SIGNALWIRE_API_TOKEN", "PT" + "17" * 24), ("SIGNALWIRE_SIGNING_KEY", "PSK_" + "71" * 12),
                        ("SIGNALWIRE_SPACE_URL", "faults.signalwire.com")),
                       "fa17fa17-0000-4000-8000-00000000fa17", "PT" + "17" * 24, "PSK_" + "71" * 12,
                       "5b5b5b5b-0000-4000-8000-000000005b5b", "PT" + "9c" * 24, "PSK_" + "c9" * 12,
                       "X-SignalWire-Signature"),
    "telnyx": TelnyxSide("telnyx", FakeTelnyxAPI, "TELNYX_API_BASE",
                         (("TELNYX_PUBLIC_KEY", TELNYX_ACCOUNT), ("TELNYX_API_KEY", "KEY" + "17" * 20 + "_faults")),
                         TELNYX_ACCOUNT, "KEY" + "17" * 20 + "_faults", TELNYX_KEY,
                         TELNYX_SUB_ACCOUNT, "KEY" + "5b" * 20 + "_north", TELNYX_SUB_KEY, "telnyx-signature-ed25519"),
}


@pytest.fixture
def side():
    """The provider the harness plays: Twilio, unless a module sets `side = every_provider`."""
    return SIDES["twilio"]


@pytest.fixture(params=PROVIDERS)
def every_provider(request):
    return SIDES[request.param]


# Which provider the faults database's numbers are on now (switching them starts a process).
numbers_on = {"side": "twilio"}


def put_numbers_on(db_url, side):
    """Both businesses' numbers on `side`'s provider, North Side Roofing's with its own account there."""
    if numbers_on["side"] == side.name:
        return
    script = "\n".join([
        "from textback.core.models import PhoneNumber",
        f"PhoneNumber.objects.update(provider={side.name!r})",
        f"PhoneNumber.objects.filter(number={NORTH!r}).update(**{side.own_account_fields()!r})",
    ])
    run([*textback(), "shell", "-c", script], base_env(db_url, "http://127.0.0.1:9"))
    numbers_on["side"] = side.name


PER_CALL_TABLES = (
    "core_message", "core_call", "core_conversation", "core_consentevent", "core_contact", "core_sendslot",
    "django_tasks_database_dbtaskresult", "hooks_event", "hooks_endpoint",
)


def fault(line):
    """The one line each test prints: what was injected, what was observed."""
    print(f"\nFAULT {line}", flush=True)


def server_url():
    """The PostgreSQL server to use, or None. A run on another database (make test's SQLite pass
    sets DATABASE_URL=sqlite:...) skips these tests even when TEST_DATABASE_URL names a server: the
    PostgreSQL pass runs them."""
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url:
        return database_url if database_url.startswith("postgres") else None
    test_url = os.environ.get("TEST_DATABASE_URL", "")
    return test_url if test_url.startswith("postgres") else None


def with_db(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def faults_db():
    """A migrated throwaway PostgreSQL database for the subprocesses; its URL."""
    url = server_url()
    if url is None:
        pytest.skip("fault-injection tests run real worker processes on PostgreSQL: `make test-faults`, "
                    "or DATABASE_URL=postgres://... pytest tests/faults")
    import psycopg

    admin_url = with_db(url, "postgres")
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as e:
        pytest.skip(f"PostgreSQL at {urlsplit(url).hostname}:{urlsplit(url).port or 5432} is not reachable: {e}")
    name = f"textback_faults_{os.getpid()}"
    admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.execute(f"CREATE DATABASE {name}")
    db_url = with_db(url, name)
    LOGS.mkdir(parents=True, exist_ok=True)
    env = base_env(db_url, "http://127.0.0.1:9")
    run([*textback(), "migrate", "--noinput", "-v", "0"], env)
    script = "\n".join([
        "from django.core.management import call_command",
        "from textback.core.models import PhoneNumber",
        f"call_command('business', 'create', '--name', 'Reyes Plumbing', '--number', '{REYES}', "
        f"'--owner-cell', '{OWNER_CELL}', '--owner-name', 'Carlos', '--provider', 'twilio')",
        f"call_command('business', 'create', '--name', 'North Side Roofing', '--number', '{NORTH}', "
        f"'--owner-cell', '{OWNER_CELL}', '--owner-name', 'Ana', '--provider', 'twilio')",
        f"PhoneNumber.objects.filter(number='{NORTH}').update(account_sid='{SUB_SID}', auth_token='{SUB_TOKEN}')",
    ])
    run([*textback(), "shell", "-c", script], env)
    try:
        yield db_url
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


def base_env(db_url, public_url, **extra):
    env = {k: v for k, v in os.environ.items() if not k.endswith("_FILE")}
    env.update({
        "DATABASE_URL": db_url, "TEXTBACK_PUBLIC_URL": public_url, "TEXTBACK_SECRET_KEY": "faults-" + "k" * 50,
        "TEXTBACK_DATA_DIR": str(ROOT / "build" / "faults"), "TEXTBACK_JOB_LEASE_SECONDS": "5", "TEXTBACK_SEND_RATE_PER_NUMBER": "0",
        "TEXTBACK_PROVIDER_CONNECT_TIMEOUT": "1", "TEXTBACK_PROVIDER_READ_TIMEOUT": "2",
        "TEXTBACK_SEND_GIVE_UP_SECONDS": "120", "TEXTBACK_LOG_LEVEL": "INFO", "PYTHONUNBUFFERED": "1",
        "TEXTBACK_DEBUG": "false",
    })
    for found in SIDES.values():
        env.update(found.credentials)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run(argv, env, timeout=180):
    return processes.run(argv, env, ROOT / "build" / "faults", timeout)


def Proc(role, argv, env):
    return processes.Proc(role, argv, env, LOGS, ROOT / "build" / "faults")


class System:
    """One test's textback: the provider's fake API, a web server and workers on the faults database."""

    def __init__(self, db_url, name, side, **env):
        import psycopg

        self.name, self.side = name, side
        self.db_url = db_url
        put_numbers_on(db_url, side)
        self.api = side.fake(side.account, side.token).start()
        self.api.add_account(side.sub_account, side.sub_token)
        self.port = free_port()
        self.public_url = f"http://127.0.0.1:{self.port}"
        self.env = base_env(db_url, self.public_url, **{side.api_base: self.api.base_url}, **env)
        self.db = psycopg.connect(db_url, autocommit=True)
        self.db.execute(f"TRUNCATE {', '.join(PER_CALL_TABLES)} CASCADE")
        self.web = None
        self.workers = []
        self.started = 0

    # -- processes ------------------------------------------------------------------------------
    def start_web(self, processes=2):
        self.web = Proc(f"{self.name}-web", [*textback(), "serve", "--host", "127.0.0.1", "--port", str(self.port),
                                             "--workers", str(processes)], self.env)
        return self.web.wait_listening(self.port)

    def start_worker(self, wait=True):
        self.started += 1
        n = self.started
        worker = Proc(f"{self.name}-worker-{n}", [*textback(), "worker", "--worker-id", f"{self.name}-{n}"], self.env)
        self.workers.append(worker)
        if wait:
            worker.wait_for("started")
        return worker

    def live_workers(self):
        return [w for w in self.workers if w.alive()]

    def stop(self):
        for proc in [*self.workers, *([self.web] if self.web else [])]:
            proc.stop()
        self.api.stop()
        self.db.close()

    # -- the provider's side: signed webhooks ------------------------------------------------------
    def post(self, path, params, key, retries=0):
        """POST a signed webhook to /{provider}/{path}; the status (None: no answer). The provider
        retries a failed one: `retries`."""
        path = f"/{self.side.name}/{path}"
        body, signature = self.side.signed(self.public_url + path, params, key)
        for attempt in range(retries + 1):
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
            try:
                conn.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded",
                                                  **signature, "Connection": "close"})
                response = conn.getresponse()
                response.read()
                status = response.status
            except OSError:
                status = None
            finally:
                conn.close()
            self.statuses[status] += 1
            if status == 200 or attempt == retries:
                return status
            time.sleep(0.2 * (attempt + 1))
        return status

    statuses = None  # Counter of every webhook answer, set per instance below

    def voice_params(self, call_sid, caller, to=REYES):
        """The call's parameters as the provider posts them, and the key of the account that signs them."""
        side = self.side
        account, key = (side.sub_account, side.sub_key) if to == NORTH else (side.account, side.key)
        params = {"AccountSid": account, "ApiVersion": "2010-04-01", "CallSid": side.call_id(call_sid),
                  "CallStatus": "ringing", "Direction": "inbound", "From": caller, "To": to, "Called": to, "Caller": caller}
        return params, key

    def ring(self, call_sid, caller, to=REYES, retries=0):
        params, key = self.voice_params(call_sid, caller, to)
        return self.post("voice", params, key, retries)

    def no_answer(self, call_sid, caller, to=REYES, retries=0):
        params, key = self.voice_params(call_sid, caller, to)
        params |= {"CallStatus": "in-progress", "DialCallSid": self.side.call_id("CA" + call_sid[2:][::-1]),
                   "DialCallStatus": "no-answer", "DialBridged": "false"}
        return self.post("voice/dial", params, key, retries)

    def hung_up(self, call_sid, caller, to=REYES, retries=0):
        params, key = self.voice_params(call_sid, caller, to)
        params |= {"CallStatus": "completed", "CallDuration": "21"}
        return self.post("voice/status", params, key, retries)

    def miss(self, call_sid, caller, to=REYES, retries=0):
        return self.ring(call_sid, caller, to, retries) == 200 and self.no_answer(call_sid, caller, to, retries) == 200

    # -- the database -----------------------------------------------------------------------------
    def q(self, sql, *args):
        return self.db.execute(sql, args).fetchall()

    def pending(self):
        jobs = self.q("SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')")[0][0]
        texts = self.q("SELECT count(*) FROM core_message WHERE status IN ('queued', 'sending')")[0][0]
        return jobs + texts

    def wait_drained(self, timeout=60, what=lambda: True):
        """Until no job or text is pending (and `what()` holds), or the timeout; the seconds waited."""
        start = time.monotonic()
        quiet = 0
        while time.monotonic() - start < timeout:
            quiet = quiet + 1 if self.pending() == 0 and what() else 0
            if quiet >= 3:
                time.sleep(0.5)  # late doubles, if any, would arrive now
                return time.monotonic() - start
            time.sleep(0.2)
        return time.monotonic() - start

    # -- the verdict ------------------------------------------------------------------------------
    def tally(self, expected_callers=None):
        """What happened to every missed call's text-back, against what the fake provider got."""
        rows = self.q("""
            SELECT c.provider_call_id, c.caller, c.textback, m.id, m.status, m.error, m.provider_message_id, m.attempts
            FROM core_call c LEFT JOIN core_message m ON m.call_id = c.id AND m.kind = 'textback'
            WHERE c.outcome = 'missed'""")
        per_call = Counter(r[0] for r in rows)
        with self.api.lock:
            posts = Counter(self.side.recipient(r) for r in self.api.requests if r.method == "POST")
            looked_up = {self.side.looked_up(r) for r in self.api.requests if r.method == "GET"}
            accepted = Counter(to for to, _ in self.side.accepted(self.api))
            sids = {sid for _, sid in self.side.accepted(self.api)}
        t = {
            "calls": len(per_call), "texted": sum(1 for r in rows if r[2] == "texted"),
            "two_rows": sum(1 for n in per_call.values() if n > 1),
            "sent": 0, "lost": [], "doubled": [], "unknown": 0, "unknown_reached": 0, "given_up": 0,
            "pending": 0, "reconciled": 0, "statuses": Counter(r[4] for r in rows),
        }
        for call_sid, caller, decision, mid, status, error, sid, attempts in rows:
            if decision != "texted" or mid is None:
                if expected_callers is not None and caller in expected_callers and decision != "joined":
                    t["lost"].append(caller)
                continue
            if accepted[caller] > 1:
                t["doubled"].append(caller)
            if status in ("sent", "delivered"):
                t["sent"] += 1
                if sid not in sids:
                    t["lost"].append(caller)  # recorded as sent, never reached the provider
                if attempts > posts[caller]:  # an attempt found it at Twilio instead of sending again
                    t["reconciled"] += 1
            elif status == "failed" and error == UNKNOWN_OUTCOME:
                t["unknown"] += 1
                t["unknown_reached"] += accepted[caller] > 0
            elif status == "given_up":
                t["given_up"] += 1
            elif status in ("queued", "sending"):
                t["pending"] += 1
                t["lost"].append(caller)
            else:
                t["lost"].append(caller)
        # Texts whose later attempt asked Twilio first (after a dead worker or a timeout).
        t["looked_up"] = len(looked_up & {r[1] for r in rows})
        if expected_callers is not None:
            called = {r[1] for r in rows}
            t["lost"] += [c for c in expected_callers if c not in called]
        return t


@pytest.fixture
def system(faults_db, side, request):
    """system(**env) -> a System on `side`'s provider; everything it started is stopped after the test."""
    made = []

    def make(**env):
        name = request.node.name.replace("test_", "").replace("[", "-").replace("]", "")[:48]
        s = System(faults_db, name, side, **env)
        s.statuses = Counter()
        made.append(s)
        return s

    yield make
    for s in made:
        s.stop()


def callers(n, start=0):
    """n distinct textable caller numbers."""
    return [f"+1312{2000000 + start + i:07d}" for i in range(n)]


def call_sid(i, tag=0):
    return f"CA{tag:08x}{i:024x}"


def fire(system, calls, threads=16, retries=3, to=REYES):
    """Miss every (sid, caller) of `calls` from a pool of client threads; the callers answered 200."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(threads) as pool:
        done = list(pool.map(lambda c: (c[1], system.miss(c[0], c[1], to, retries)), calls))
    return [caller for caller, ok in done if ok]


def kill_at_random(system, workers, kills, rng, pause, in_flight_sql):
    """SIGKILL one of `workers` `kills` times, `pause` (low, high) seconds apart, each replaced at
    once by a new one; the sum of what `in_flight_sql` counted at each kill."""
    in_flight = 0
    for _ in range(kills):
        time.sleep(rng.uniform(*pause))
        victim = rng.randrange(len(workers))
        in_flight += system.q(in_flight_sql)[0][0]
        workers[victim].signal(signal.SIGKILL)
        workers[victim].popen.wait()
        workers[victim] = system.start_worker(wait=False)
    return in_flight


def jitter_sleep(low, high):
    time.sleep(random.uniform(low, high))


def together(*actions):
    """Run the actions in threads released at the same instant; their results."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def go(i, action):
        barrier.wait()
        results[i] = action()

    threads = [threading.Thread(target=go, args=(i, a)) for i, a in enumerate(actions)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return results
