"""Security headers on every page (dashboard, simulator, admin, health), and https enforced when the
public URL is https: HSTS, and a redirect from http that believes X-Forwarded-Proto only from the
trusted proxy. Provider webhooks are not redirected (a redirected POST loses its body and signature)."""

import importlib

import pytest
from django.test import Client, override_settings

import textback.settings as settings_module

PAGES = ["/sign-in", "/simulator/", "/admin/login/", "/health", "/password-reset"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_sends_the_content_security_policy_and_referrer_policy(client, db, settings, path):
    settings.DEBUG = True  # the simulator page exists
    response = client.get(path, follow=True)
    assert response.status_code == 200, path
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"


def test_the_admin_pages_have_no_inline_script_the_policy_would_block(client, db):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root@ops.example", "root@ops.example", "pw-long-enough")
    client.force_login(root)
    for path in ("/admin/", "/admin/core/business/", "/admin/core/business/add/"):
        html = client.get(path).content.decode()
        assert "<script>" not in html and " onclick=" not in html and " onload=" not in html


@pytest.fixture
def https_settings(monkeypatch):
    """The settings as `textback serve` computes them for an https public URL."""
    monkeypatch.setenv("TEXTBACK_PUBLIC_URL", "https://textback.example.com")
    module = importlib.reload(settings_module)
    values = {name: getattr(module, name) for name in (
        "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_REDIRECT_EXEMPT", "SECURE_PROXY_SSL_HEADER")}
    monkeypatch.delenv("TEXTBACK_PUBLIC_URL")
    importlib.reload(settings_module)
    with override_settings(**values):
        yield values


def test_http_is_redirected_to_https_and_https_gets_hsts(https_settings, db):
    direct = Client(REMOTE_ADDR="203.0.113.5")
    response = direct.get("/sign-in")
    assert response.status_code == 301 and response["Location"] == "https://testserver/sign-in"
    proxied = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    response = proxied.get("/sign-in")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_only_the_trusted_proxy_may_say_the_request_was_https(https_settings, db):
    spoofed = Client(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_PROTO="https")
    assert spoofed.get("/sign-in").status_code == 301


def test_webhooks_and_the_health_check_are_not_redirected(https_settings, db):
    client = Client(REMOTE_ADDR="203.0.113.5")
    assert client.post("/twilio/sms", {}).status_code == 403  # judged by their signature, as over https
    assert client.get("/health").status_code == 200
