"""Telnyx's settings: a public key that is not one, or an API base that is not a URL, stops textback
at start-up naming the variable."""

import pytest

from tests.core.test_settings import import_settings
from textback.telnyx.tests.payloads import DEFAULT_ACCOUNT_KEY, public_key


@pytest.mark.parametrize("name, value", [
    ("TELNYX_PUBLIC_KEY", "not base64!"),
    ("TELNYX_PUBLIC_KEY", "c2hvcnQ="),  # base64, but 5 bytes
    ("TELNYX_API_BASE", "api.telnyx.com"),
])
def test_a_bad_telnyx_setting_fails_loudly_with_the_variables_name(tmp_path, name, value):
    result = import_settings(tmp_path, **{name: value})
    last = result.stderr.strip().splitlines()[-1]
    assert result.returncode != 0 and last.startswith("django.core.exceptions.ImproperlyConfigured: ") and name in last


def test_good_telnyx_settings_load(tmp_path):
    result = import_settings(tmp_path, TELNYX_PUBLIC_KEY=public_key(DEFAULT_ACCOUNT_KEY), TELNYX_API_KEY="KEY0_x",
                             TELNYX_API_BASE="http://127.0.0.1:9999/")
    assert result.returncode == 0, result.stderr
