"""The admin never shows a number's auth token, nor lets anyone set credentials unchecked."""

from tests.world import SUBACCOUNT_SID, SUBACCOUNT_TOKEN
from textback.core.models import PhoneNumber


def test_the_admin_shows_neither_the_token_nor_a_field_to_set_it(admin_client, subaccount_number):
    for page in (f"/admin/core/phonenumber/{subaccount_number.id}/change/",
                 f"/admin/core/business/{subaccount_number.business_id}/change/"):
        html = admin_client.get(page).content.decode()
        assert SUBACCOUNT_SID in html and SUBACCOUNT_TOKEN not in html and 'name="auth_token"' not in html
        assert 'name="account_sid"' not in html and 'name="numbers-0-account_sid"' not in html


def test_posting_credentials_to_the_admin_changes_nothing_but_the_mode(admin_client, subaccount_number):
    response = admin_client.post(f"/admin/core/phonenumber/{subaccount_number.id}/change/", {
        "business": subaccount_number.business_id, "number": subaccount_number.number, "provider": "twilio",
        "mode": PhoneNumber.FORWARDED, "account_sid": "AC" + "e5" * 16, "auth_token": "f6" * 16,
    })
    assert response.status_code == 302
    number = PhoneNumber.objects.get()
    assert (number.mode, number.account_sid, number.auth_token) == (PhoneNumber.FORWARDED, SUBACCOUNT_SID, SUBACCOUNT_TOKEN)
