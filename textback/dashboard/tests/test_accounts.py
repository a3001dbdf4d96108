"""Signing in and out, password reset, rate limits, CSRF and the security headers."""

import re

from django.core import mail
from django.test import Client

from django.conf import settings
from textback.dashboard.tests.conftest import PASSWORD, make_user


def sign_in(client, email="carlos@reyes.example", password=PASSWORD, **extra):
    return client.post("/sign-in", {"email": email, "password": password, **extra})


def test_it_sends_a_visitor_to_the_sign_in_page(client, reyes):
    assert client.get("/").url == "/sign-in"
    response = client.get(f"/b/{reyes.id}/")
    assert response.status_code == 302 and response.url.startswith("/sign-in?next=")


def test_it_signs_in_with_email_and_password_and_opens_the_inbox(client, carlos, reyes):
    response = sign_in(client, email="Carlos@Reyes.example")
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").url == f"/b/{reyes.id}/"
    assert b"Inbox" in client.get(f"/b/{reyes.id}/").content


def test_it_refuses_a_wrong_password_without_saying_which_part_was_wrong(client, carlos):
    response = sign_in(client, password="nope")
    assert response.status_code == 200
    assert b"do not match an account" in response.content
    assert "_auth_user_id" not in client.session


def test_it_limits_sign_in_attempts_with_a_clear_message(client, carlos):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, password="guess")
    response = sign_in(client)  # even the right password waits now
    assert response.status_code == 429
    assert b"Too many sign-in attempts" in response.content
    assert "_auth_user_id" not in client.session
    assert sign_in(Client(REMOTE_ADDR="10.0.0.9")).status_code == 302  # another address is not held up


def test_it_follows_only_local_next_links(client, carlos, reyes):
    assert sign_in(client, next=f"/b/{reyes.id}/calls/").url == f"/b/{reyes.id}/calls/"
    client.logout()
    assert sign_in(client, next="https://evil.example/").url == "/"
    client.logout()
    assert sign_in(client, next="0").url == "/"  # not taken for the name of a view (it was a 500)


def test_it_signs_out_only_by_post(signed_in, reyes):
    signed_in.get("/sign-out")
    assert signed_in.get(f"/b/{reyes.id}/").status_code == 200
    assert signed_in.post("/sign-out").url == "/sign-in"
    assert signed_in.get(f"/b/{reyes.id}/").status_code == 302


def test_it_rejects_a_post_without_the_csrf_token(carlos, reyes, jen):
    client = Client(enforce_csrf_checks=True)
    client.force_login(carlos)
    response = client.post(f"/b/{reyes.id}/c/{jen.id}/reply", {"body": "hi"})
    assert response.status_code == 403
    assert not jen.messages.filter(kind="owner").exists()
    assert Client(enforce_csrf_checks=True).post("/sign-in", {"email": "a@b.c", "password": "x"}).status_code == 403


def test_it_emails_a_password_reset_link_on_the_public_url(client, carlos, settings):
    response = client.post("/password-reset", {"email": "carlos@reyes.example"}, HTTP_HOST="evil.example")
    assert response.status_code == 302
    [email] = mail.outbox
    link = re.search(r"https://textback\.example\.com(/password-reset/\S+)", email.body).group(1)
    page = client.get(link, follow=True)
    assert b"Choose a new password" in page.content
    new = "a much better password 42"
    done = client.post(page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert sign_in(client, password=new).status_code == 302


def test_it_says_the_same_whether_or_not_the_email_has_an_account(client, carlos):
    client.post("/password-reset", {"email": "nobody@example.com"})
    assert not mail.outbox
    assert client.post("/password-reset", {"email": "nobody@example.com"}).url == "/password-reset/sent"


def test_it_sends_a_content_security_policy_without_inline_scripts(signed_in, reyes, jen):
    response = signed_in.get(f"/b/{reyes.id}/c/{jen.id}/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    html = response.content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "http://" not in html.replace("http://testserver", "") and "//cdn" not in html
    assert "Content-Security-Policy" in signed_in.get("/sign-in", follow=True).headers


def test_it_lets_one_user_switch_between_businesses(client, reyes, bright):
    agency = make_user("agency@example.com", reyes, bright)
    client.force_login(agency)
    page = client.get(f"/b/{reyes.id}/").content.decode()
    assert f'href="/b/{bright.id}/"' in page and "Bright Roofing" in page
    client.get(f"/b/{bright.id}/")
    assert client.get("/").url == f"/b/{bright.id}/"  # remembered


def test_it_lets_several_users_share_one_business(client, reyes, carlos, jen):
    office = make_user("office@reyes.example", reyes)
    client.force_login(office)
    assert client.get(f"/b/{reyes.id}/c/{jen.id}/").status_code == 200


def test_it_sends_a_user_without_a_business_to_the_getting_started_wizard(client, db):
    client.force_login(make_user("lonely@example.com"))
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/start"


def test_it_keeps_the_health_check(client, db):
    assert client.get("/health").json() == {"ok": True}
