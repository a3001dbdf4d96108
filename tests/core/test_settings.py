"""A bad setting stops textback at start-up with a message that names the variable."""

import os
import subprocess
import sys

import pytest


def import_settings(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTBACK_", "TWILIO_", "DATABASE_URL"))}
    clean.update(TEXTBACK_DATA_DIR=str(tmp_path / "var"), **env)
    return subprocess.run([sys.executable, "-c", "import textback.settings"], env=clean, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("name, value", [
    ("TEXTBACK_DEBUG", "maybe"),
    ("TWILIO_API_BASE", "ftp://x"),
    ("TEXTBACK_PUBLIC_URL", "textback.example.com"),
    ("DATABASE_URL", "nonsense"),
    ("DATABASE_URL", "mysql://textback@db.example.com/textback"),
    ("DATABASE_URL", "postgres://postgres@127.0.0.1:5432"),
    ("TEXTBACK_SEND_GIVE_UP_SECONDS", "soon"),
    ("TEXTBACK_JOB_LEASE_SECONDS", "1"),
    ("TEXTBACK_PROVIDER_READ_TIMEOUT", "-3"),
    ("TEXTBACK_LOG_LEVEL", "LOUD"),
    ("TEXTBACK_TRUSTED_PROXIES", "127.0.0.1,my-proxy"),
    ("TEXTBACK_HSTS_SECONDS", "a year"),
    ("TEXTBACK_WEBHOOKS_ALLOW_PRIVATE", "sometimes"),
    ("TEXTBACK_WEBHOOKS_GIVE_UP_SECONDS", "10"),
    ("TEXTBACK_WEBHOOKS_TIMEOUT_SECONDS", "0"),
])
def test_a_bad_value_fails_loudly_with_the_variables_name(tmp_path, name, value):
    result = import_settings(tmp_path, **{name: value})
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured: ") and name in last


def test_good_values_load(tmp_path):
    result = import_settings(tmp_path, TEXTBACK_DEBUG="off", DATABASE_URL="postgres://u:p@db.example.com:5432/textback",
                             TWILIO_API_BASE="http://127.0.0.1:9999/", TEXTBACK_LOG_LEVEL="debug",
                             TEXTBACK_TRUSTED_PROXIES="10.0.0.0/8, ::1", TEXTBACK_PUBLIC_URL="https://t.example.com")
    assert result.returncode == 0, result.stderr


def test_a_dot_env_file_in_the_working_directory_is_read(tmp_path):
    (tmp_path / ".env").write_text("TEXTBACK_DEBUG=maybe\n")
    result = import_settings(tmp_path)
    assert "TEXTBACK_DEBUG='maybe'" in result.stderr
