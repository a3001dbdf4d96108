"""Sign-in, admin login and password-reset limits: counted per email and client address, the address
taken from the trusted reverse proxy, and checked atomically even under parallel attempts."""

import threading

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.db import connection
from django.test import Client

from textback.dashboard.signin import RESET_MAILS_PER_ACCOUNT, RESET_REQUESTS_PER_ADDRESS
from textback.dashboard.tests.conftest import PASSWORD

CARLOS = "carlos@reyes.example"


def behind_proxy(address):
    """A browser at `address`, reaching us through the reverse proxy on this machine."""
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)


def sign_in(client, email=CARLOS, password=PASSWORD):
    return client.post("/sign-in", {"email": email, "password": password})


def fail_until_locked(client, email=CARLOS):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, email, password="guess").status_code == 200
    assert sign_in(client, email, password="guess").status_code == 429  # the last one says so


def test_an_attackers_failures_for_the_owners_email_do_not_lock_the_owner_out(carlos):
    attacker = behind_proxy("203.0.113.5")
    fail_until_locked(attacker)
    assert sign_in(attacker).status_code == 429  # the right password, from the attacker's address
    owner = behind_proxy("198.51.100.7")
    assert sign_in(owner).status_code == 302
    assert "_auth_user_id" in owner.session


def test_every_user_behind_the_proxy_is_not_one_address(carlos, dana):
    fail_until_locked(behind_proxy("203.0.113.5"), email="dana@bright.example")
    assert sign_in(behind_proxy("198.51.100.7"), email="dana@bright.example").status_code == 302


def test_a_client_that_is_not_the_proxy_cannot_choose_its_address(carlos):
    def spoofing(i):
        return Client(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")

    for i in range(settings.AXES_FAILURE_LIMIT):
        sign_in(spoofing(i), password="guess")
    assert sign_in(spoofing(99)).status_code == 429


def test_the_admin_login_is_limited_like_the_sign_in(db):
    get_user_model().objects.create_superuser(username="root@ops.example", email="root@ops.example", password=PASSWORD)
    client = behind_proxy("203.0.113.5")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/?next=/admin/", {"username": "root@ops.example", "password": "guess"})
    response = client.post("/admin/login/?next=/admin/", {"username": "root@ops.example", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    other = behind_proxy("198.51.100.7")
    assert other.post("/admin/login/?next=/admin/", {"username": "root@ops.example", "password": PASSWORD}).status_code == 302


def test_password_reset_mails_to_one_account_are_limited_whoever_asks(carlos):
    answers = {
        behind_proxy(f"203.0.113.{i}").post("/password-reset", {"email": CARLOS}).url for i in range(35)
    }
    assert answers == {"/password-reset/sent"}  # the same answer, sent or not
    assert 1 <= len(mail.outbox) <= RESET_MAILS_PER_ACCOUNT


def test_password_reset_requests_from_one_address_are_limited(db):
    for i in range(12):
        email = f"user{i}@example.com"
        get_user_model().objects.create_user(username=email, email=email, password=PASSWORD)
    client = behind_proxy("203.0.113.5")
    for i in range(12):
        client.post("/password-reset", {"email": f"user{i}@example.com"})
    assert len(mail.outbox) == RESET_REQUESTS_PER_ADDRESS


class CountingHasher(MD5PasswordHasher):
    """MD5 for speed, slowed a little so parallel attempts overlap; counts the passwords checked."""

    algorithm = "counting_md5"
    checked = 0
    lock = threading.Lock()

    def verify(self, password, encoded):
        with CountingHasher.lock:
            CountingHasher.checked += 1
        threading.Event().wait(0.02)
        return super().verify(password, encoded)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite runs one write transaction at a time anyway")
@pytest.mark.django_db(transaction=True)
def test_thirty_parallel_attempts_check_no_more_passwords_than_the_limit(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    get_user_model().objects.create_user(username=CARLOS, email=CARLOS, password=PASSWORD)
    CountingHasher.checked = 0
    start, statuses = threading.Barrier(30), []

    def attempt():
        try:
            client = behind_proxy("203.0.113.5")
            start.wait()
            statuses.append(sign_in(client, password="guess").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(statuses)) == [200, 429]
    assert CountingHasher.checked == settings.AXES_FAILURE_LIMIT
