"""All of textback's settings, read from environment variables (and a `.env` file in the
working directory). Every variable is documented in SETTINGS below and in the README; a bad
value stops the process at start-up with a message that names the variable."""

import base64
import ipaddress
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

load_dotenv(Path.cwd() / ".env")

BASE_DIR = Path(__file__).resolve().parent


def env(name, default=None):
    """The variable's value, or the contents of the file that NAME_FILE names (for secrets kept in
    files, like Docker or systemd credentials); an unreadable file stops start-up."""
    value = os.environ.get(name, "")
    path = os.environ.get(f"{name}_FILE", "")
    if path:
        if value:
            raise ImproperlyConfigured(f"{name} and {name}_FILE are both set: use one")
        try:
            value = Path(path).read_text().strip()
        except (OSError, UnicodeDecodeError) as e:
            raise ImproperlyConfigured(f"{name}_FILE={path!r}: cannot read it ({e.__class__.__name__}: {e})") from None
        if not value:
            raise ImproperlyConfigured(f"{name}_FILE={path!r}: the file is empty")
    return value if value != "" else default


def env_bool(name, default):
    raw = env(name)
    if raw is None:
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: use true or false")


def env_number(name, default, kind=int, minimum=0):
    raw = env(name)
    if raw is None:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: not a number") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r}: must be at least {minimum}")
    return value


def env_url(name, default):
    value = env(name, default).rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(f"{name}={value!r}: must be an http(s) URL like https://textback.example.com")
    return value


# Where the embedded database and the generated secret key live.
DATA_DIR = Path(env("TEXTBACK_DATA_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("TEXTBACK_DEBUG", False)


def _secret_key():
    """TEXTBACK_SECRET_KEY, or else a key generated once under DATA_DIR. `textback serve`
    refuses the generated key unless TEXTBACK_DEBUG is on (the demo and development)."""
    key = env("TEXTBACK_SECRET_KEY")
    if key:
        return key, False
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip(), True


SECRET_KEY, SECRET_KEY_GENERATED = _secret_key()

PUBLIC_URL = env_url("TEXTBACK_PUBLIC_URL", "http://127.0.0.1:8000")
ALLOWED_HOSTS = [h for h in env("TEXTBACK_ALLOWED_HOSTS", "").split(",") if h] or [
    urlsplit(PUBLIC_URL).hostname,
    "127.0.0.1",
    "localhost",
]
CSRF_TRUSTED_ORIGINS = [PUBLIC_URL]


def _trusted_proxies():
    """TEXTBACK_TRUSTED_PROXIES: the reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are
    believed (textback.core.proxy), as addresses or networks; `none` for no proxy at all."""
    raw = env("TEXTBACK_TRUSTED_PROXIES", "127.0.0.1,::1")
    if raw.strip().lower() == "none":
        return []
    networks = []
    for item in filter(None, (part.strip() for part in raw.split(","))):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"TEXTBACK_TRUSTED_PROXIES: {item!r} is not an IP address or network (like 127.0.0.1 or 10.0.0.0/8)"
            ) from None
    return networks


TRUSTED_PROXIES = _trusted_proxies()
HSTS_SECONDS = env_number("TEXTBACK_HSTS_SECONDS", 365 * 24 * 3600)  # with an https public URL only
if PUBLIC_URL.startswith("https://"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Believed from the trusted proxy only: textback.core.proxy drops it from anyone else.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # http is redirected to https, except the provider webhooks (a redirected POST loses its body, and
    # the provider is configured with the https URL: a webhook over http is judged by its signature
    # like any other) and the health checks (a load balancer may probe over http).
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^twilio/", r"^signalwire/", r"^telnyx/", r"^health"]
    SECURE_HSTS_SECONDS = HSTS_SECONDS


def _database():
    url = env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'textback.sqlite3'}")
    try:
        config = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    except ValueError as e:
        raise ImproperlyConfigured(f"DATABASE_URL: {e}") from None
    if config["ENGINE"] not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
        raise ImproperlyConfigured(
            f"DATABASE_URL: {urlsplit(url).scheme}:// is not supported; use sqlite:///path or postgres://user:pass@host:port/db"
        )
    if config["ENGINE"] == "django.db.backends.postgresql" and not config["NAME"]:
        raise ImproperlyConfigured("DATABASE_URL: name the database, like postgres://user:pass@host:5432/textback")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True) if config["NAME"] != ":memory:" else None
        # WAL lets the web process read while the worker writes; IMMEDIATE avoids
        # lock-upgrade deadlocks between the two.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        config["CONN_MAX_AGE"] = 0
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TWILIO_ACCOUNT_SID = env("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = env("TWILIO_AUTH_TOKEN", "")
TWILIO_API_BASE = env_url("TWILIO_API_BASE", "https://api.twilio.com")


def space_url(name, value):
    """A SignalWire space as its URL: "example.signalwire.com" or "https://example.signalwire.com"."""
    value = value.strip().rstrip("/")
    if value and "://" not in value:
        value = f"https://{value}"
    parts = urlsplit(value)
    if value and (parts.scheme not in ("http", "https") or not parts.netloc or parts.path):
        raise ImproperlyConfigured(f"{name}={value!r}: must be a SignalWire space like example.signalwire.com")
    return value


# The default SignalWire project (a number may have its own: PhoneNumber.account_sid and its keys).
SIGNALWIRE_SPACE_URL = space_url("SIGNALWIRE_SPACE_URL", env("SIGNALWIRE_SPACE_URL", ""))
SIGNALWIRE_PROJECT_ID = env("SIGNALWIRE_PROJECT_ID", "")
SIGNALWIRE_API_TOKEN = env("SIGNALWIRE_API_TOKEN", "")
SIGNALWIRE_SIGNING_KEY = env("SIGNALWIRE_SIGNING_KEY", "")
# The REST API's base URL (tests and benchmarks point it at a local fake): else the number's space.
SIGNALWIRE_API_BASE = env_url("SIGNALWIRE_API_BASE", "") if env("SIGNALWIRE_API_BASE", "") else ""


def _telnyx_public_key():
    """TELNYX_PUBLIC_KEY: the default Telnyx account's Ed25519 public key (Mission Control, Keys &
    Credentials, Public Key), base64 of 32 bytes; it verifies that account's webhooks."""
    raw = env("TELNYX_PUBLIC_KEY", "")
    try:
        if raw and len(base64.b64decode(raw, validate=True)) == 32:
            return raw
    except ValueError:
        pass
    if raw:
        raise ImproperlyConfigured(f"TELNYX_PUBLIC_KEY={raw!r}: not an Ed25519 public key (base64 of 32 bytes, as "
                                   "Mission Control shows it under Keys & Credentials, Public Key)")
    return raw


# The default Telnyx account: its API key (sends texts) and public key (verifies its webhooks).
TELNYX_API_KEY = env("TELNYX_API_KEY", "")
TELNYX_PUBLIC_KEY = _telnyx_public_key()
TELNYX_API_BASE = env_url("TELNYX_API_BASE", "https://api.telnyx.com")


def _encryption_keys():
    """TEXTBACK_ENCRYPTION_KEY: the Fernet keys that encrypt the providers' auth tokens kept in the
    database (textback/core/encryption.py), comma-separated, the newest first: it encrypts, all of
    them decrypt. A key derived from the secret key always decrypts too (last), and is the only
    key when the variable is unset: a database dump alone never opens the tokens, and an install
    that later sets its own key still reads what the derived one encrypted (`textback encryption
    rotate` re-encrypts it all with the newest key)."""
    derived = base64.urlsafe_b64encode(
        HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"textback encryption key").derive(SECRET_KEY.encode())
    ).decode()
    raw = env("TEXTBACK_ENCRYPTION_KEY", "")
    keys = [key.strip() for key in raw.split(",") if key.strip()]
    for n, key in enumerate(keys, 1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise ImproperlyConfigured(
                f"TEXTBACK_ENCRYPTION_KEY: key {n} is not a Fernet key (32 url-safe base64-encoded bytes); "
                "make one with `textback encryption new-key`"
            ) from None
    return [*keys, derived] if derived not in keys else keys


ENCRYPTION_KEYS = _encryption_keys()

# A text-back that could not be sent within this many seconds is given up, never sent late.
SEND_GIVE_UP_SECONDS = env_number("TEXTBACK_SEND_GIVE_UP_SECONDS", 15 * 60, minimum=1)
# Throughput: a US long code carries about one SMS segment a second; faster sends pile up in the
# provider's queue or are filtered. A message over a limit waits in the outbox (never dropped).
# Segments per second per sending number, and per provider account (0: no limit).
SEND_RATE_PER_NUMBER = env_number("TEXTBACK_SEND_RATE_PER_NUMBER", 1.0, float)
SEND_RATE_PER_ACCOUNT = env_number("TEXTBACK_SEND_RATE_PER_ACCOUNT", 0.0, float)
# Message bodies, media, recordings and transcripts older than this many days are blanked by
# `textback purge` (a business's own retention_days wins; 0: keep everything).
RETENTION_DAYS = env_number("TEXTBACK_RETENTION_DAYS", 0)
# Provider HTTP timeouts (seconds): a slow provider delays a text, it does not block a worker forever.
PROVIDER_CONNECT_TIMEOUT = env_number("TEXTBACK_PROVIDER_CONNECT_TIMEOUT", 3.0, float, minimum=0.1)
PROVIDER_READ_TIMEOUT = env_number("TEXTBACK_PROVIDER_READ_TIMEOUT", 10.0, float, minimum=0.1)
# A job claimed by a worker that has not finished it after this many seconds is taken up again.
JOB_LEASE_SECONDS = env_number("TEXTBACK_JOB_LEASE_SECONDS", 120, minimum=5)
# GET /health/queue answers 503 once a job that is due has waited longer than this (no worker is
# taking jobs, or too few): for an uptime monitor, so texts never pile up unseen.
QUEUE_ALERT_SECONDS = env_number("TEXTBACK_QUEUE_ALERT_SECONDS", 60, minimum=5)
# Jobs one worker process runs at once on PostgreSQL (a text mostly waits on the provider's API:
# 16 threads send about 90 texts a second against a 150 ms API, bench/README.md). Each needs a
# database connection: keep workers x (threads + 2) within PostgreSQL's max_connections.
WORKER_THREADS = env_number("TEXTBACK_WORKER_THREADS", 16, minimum=1)
# Threads each `textback serve` process sends the texts it commits on, at once (core/dispatch.py);
# when all are busy the workers send them. 0: every text goes through the workers. PostgreSQL only.
DISPATCH_THREADS = env_number("TEXTBACK_DISPATCH_THREADS", 8)

# Outgoing webhooks (textback/hooks, docs/webhooks.md). Endpoints on loopback, private or link-local
# addresses are refused when added and again at each delivery, unless this is true (a receiver on
# this machine or the LAN); cloud metadata addresses are refused always.
WEBHOOKS_ALLOW_PRIVATE = env_bool("TEXTBACK_WEBHOOKS_ALLOW_PRIVATE", False)
# A delivery not answered with a 2xx within this many seconds of its event is given up (retried
# with back-off until then on 5xx, 429, timeouts and connection errors).
WEBHOOKS_GIVE_UP_SECONDS = env_number("TEXTBACK_WEBHOOKS_GIVE_UP_SECONDS", 24 * 3600, minimum=60)
# Seconds to connect, and to wait for the answer, per attempt: a slow receiver is cut off and tried later.
WEBHOOKS_TIMEOUT_SECONDS = env_number("TEXTBACK_WEBHOOKS_TIMEOUT_SECONDS", 5.0, float, minimum=0.1)

# GET /metrics (Prometheus): with a token, for whoever sends it as a bearer token; without one,
# only to a scraper on this machine (textback/core/metrics.py).
METRICS_TOKEN = env("TEXTBACK_METRICS_TOKEN", "")

# /simulator without signing in (every simulator number): for demos. Signed-in users always see
# the simulator numbers of their own businesses.
SIMULATOR_PUBLIC = env_bool("TEXTBACK_SIMULATOR_PUBLIC", False)

# Optional OpenAI-compatible chat endpoint for the assistant (unset: the built-in engine alone), like
# https://api.openai.com/v1 or a local Ollama http://127.0.0.1:11434/v1; see textback/assistant/llm.py.
LLM_BASE_URL = env_url("TEXTBACK_LLM_BASE_URL", None) if env("TEXTBACK_LLM_BASE_URL") else ""
LLM_MODEL = env("TEXTBACK_LLM_MODEL", "")
LLM_API_KEY = env("TEXTBACK_LLM_API_KEY", "")
# The whole exchange with the model per message; past it the built-in engine answers instead.
LLM_TIMEOUT_SECONDS = env_number("TEXTBACK_LLM_TIMEOUT_SECONDS", 5.0, float, minimum=0.1)

# The providers a phone number can use, in the order people are offered them: name -> its
# core.providers.Provider instance. The one list: `business create --provider`, onboarding, the
# outbox and `textback check` read it.
PROVIDERS = {
    "twilio": "textback.twilio.transport.provider",
    "signalwire": "textback.signalwire.transport.provider",
    "telnyx": "textback.telnyx.transport.provider",
    "simulator": "textback.simulator.transport.provider",
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "textback.core",
    "textback.twilio",
    "textback.telnyx",
    "textback.simulator",
    "textback.dashboard",
    "textback.hooks",
]

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "textback.core.metrics.TimeWebhooks",
    "textback.core.proxy.TrustedProxy",
    "django.middleware.security.SecurityMiddleware",
    "textback.core.middleware.DatabaseUnavailable",
    "textback.core.middleware.ProviderWebhooks",  # webhooks skip what follows (the dashboard's)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "textback.dashboard.middleware.content_security_policy",
    "axes.middleware.AxesMiddleware",
]

# Failed sign-ins (dashboard and admin), counted by django-axes in the database per email and client
# address (textback/dashboard/signin.py; docs/security.md): 5 in a row lock that pair for 10 minutes.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=10)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "textback.core.proxy.client_address"
AXES_USERNAME_CALLABLE = "textback.dashboard.signin.attempted_username"
AXES_LOCKOUT_CALLABLE = "textback.dashboard.signin.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # no record of successful sign-ins (their addresses) is kept
AXES_VERBOSE = False

ROOT_URLCONF = "textback.urls"
WSGI_APPLICATION = "textback.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Who may create a dashboard account from the browser (/sign-up): `open`, anyone who reaches the
# page; `closed`, only an operator with `textback user create`. While no user exists at all,
# sign-up is open anyway, so that a fresh install can make its first account from the browser.
SIGNUP = env("TEXTBACK_SIGNUP", "closed").lower()
if SIGNUP not in ("open", "closed"):
    raise ImproperlyConfigured(f"TEXTBACK_SIGNUP={SIGNUP!r}: use open or closed")

LOGIN_URL = "dashboard:sign_in"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "dashboard:sign_in"


def _email():
    """TEXTBACK_EMAIL_URL: where password-reset emails go. `console:` prints them to standard
    output (the default); smtp://user:pass@host:587 sends with STARTTLS, smtps://...:465 over TLS."""
    url = env("TEXTBACK_EMAIL_URL", "console:")
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ImproperlyConfigured(
            f"TEXTBACK_EMAIL_URL={url!r}: use console: or smtp://user:password@host:587 (smtps:// for port 465)"
        )
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 587)
    except ValueError:
        raise ImproperlyConfigured(f"TEXTBACK_EMAIL_URL: bad port in {url!r}") from None
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": parts.scheme == "smtp" and port != 25,
        "EMAIL_TIMEOUT": 10,
    }


globals().update(_email())
DEFAULT_FROM_EMAIL = env("TEXTBACK_EMAIL_FROM", f"textback <noreply@{urlsplit(PUBLIC_URL).hostname}>")

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from the finders until collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

def _log_level():
    level = env("TEXTBACK_LOG_LEVEL", "INFO").upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise ImproperlyConfigured(f"TEXTBACK_LOG_LEVEL={level!r}: use DEBUG, INFO, WARNING, ERROR or CRITICAL")
    return level


LOG_FORMAT = env("TEXTBACK_LOG_FORMAT", "plain").lower()
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"TEXTBACK_LOG_FORMAT={LOG_FORMAT!r}: use plain or json")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Phone numbers are masked at the call sites; the formatter masks any that slip through (tracebacks too).
    "formatters": {
        "plain": {"()": "textback.core.logs.MaskingFormatter", "format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "textback.core.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "loggers": {
        "textback": {"handlers": ["console"], "level": _log_level()},
        # Failing requests (500s) with their traceback, also when TEXTBACK_DEBUG is off.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # axes logs every failure with the email and address: not ours to print.
        "axes": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# Optional error reporting to Sentry, scrubbed of callers' texts and numbers (core/reporting.py).
SENTRY_DSN = env("SENTRY_DSN", "")
if SENTRY_DSN:
    from textback.core import reporting

    reporting.start(SENTRY_DSN, environment=env("SENTRY_ENVIRONMENT", "production"))
