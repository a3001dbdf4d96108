"""The per-process cache of what webhooks look up (core/lookups.py): never trusted past a change,
however the change was made."""

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.world import REYES_NUMBER, SUBACCOUNT_SID, SUBACCOUNT_TOKEN
from textback.core import lookups
from textback.core.models import Business, PhoneNumber
from textback.hooks.models import Endpoint
from textback.twilio.tests.payloads import VOICE, payload


def lookup():
    with CaptureQueriesContext(connection) as captured:
        found = lookups.number("twilio", REYES_NUMBER)
    return found, len(captured)


def test_a_number_looked_up_again_costs_one_single_row_select(reyes_number):
    lookup()
    found, queries = lookup()
    assert queries == 1
    assert found.id == reyes_number.id and found.business.name == reyes_number.business.name


def test_a_number_looked_up_cold_has_every_field_as_the_orm_loads_it(reyes_number):
    reyes_number.auth_token = SUBACCOUNT_TOKEN  # stored encrypted
    reyes_number.save()
    lookups.checked()
    lookups._cache.clear()  # cold, as in a fresh process or after any change
    found, queries = lookup()
    expected = PhoneNumber.objects.select_related("business").get(id=reyes_number.id)
    assert queries == 2  # the version, then the number and its business in one statement
    for model, got, want in ((PhoneNumber, found, expected), (Business, found.business, expected.business)):
        for field in model._meta.concrete_fields:
            assert getattr(got, field.attname) == getattr(want, field.attname), field.name
    assert found.auth_token == SUBACCOUNT_TOKEN and found.business.hours["mon"]  # decrypted; JSON, not text


def test_within_one_webhook_the_version_is_read_once_and_the_next_webhook_reads_it_again(reyes_number):
    lookup()
    with lookups.one_read():
        assert lookup()[1] == 1
        assert lookup()[1] == 0
    Business.objects.filter(id=reyes_number.business_id).update(name="Renamed between webhooks")
    with lookups.one_read():
        found, queries = lookup()
    assert found.business.name == "Renamed between webhooks" and queries == 2


def test_each_lookup_gets_its_own_copy_so_no_request_changes_another_s(reyes_number):
    lookup()
    first, _ = lookup()
    first.business.hours["mon"] = []
    first.business.name = "Changed in one request"
    second, _ = lookup()
    assert second.business.name == reyes_number.business.name
    assert second.business.hours != first.business.hours


def test_a_token_changed_by_a_queryset_update_is_seen_by_the_next_webhook(twilio, reyes_number):
    params = payload("voice_incoming_call", AccountSid=SUBACCOUNT_SID)
    assert twilio.post(VOICE, payload("voice_incoming_call")).status_code == 200  # cached with the default account
    PhoneNumber.objects.filter(id=reyes_number.id).update(account_sid=SUBACCOUNT_SID, auth_token=SUBACCOUNT_TOKEN)
    assert twilio.post(VOICE, payload("voice_incoming_call", CallSid="CA" + "2" * 32)).status_code == 403
    assert twilio.post(VOICE, params, token=SUBACCOUNT_TOKEN).status_code == 200


def test_a_change_made_outside_django_another_process_s_raw_sql_is_seen_too(reyes_number):
    lookup()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_business SET name = 'Renamed elsewhere' WHERE id = %s", [reyes_number.business_id])
    found, _ = lookup()
    assert found.business.name == "Renamed elsewhere"


def test_a_deleted_number_is_not_ours_any_more(reyes_number):
    lookup()
    PhoneNumber.objects.filter(id=reyes_number.id).delete()
    assert lookups.number("twilio", REYES_NUMBER) is None


def test_a_change_rolled_back_leaves_no_version_a_later_change_could_reuse(reyes_number):
    before = lookups.version()
    try:
        with transaction.atomic():
            Business.objects.filter(id=reyes_number.business_id).update(name="Never committed")
            rolled_back = lookups.version()
            lookup()  # cached under the version of a change that never happened
            raise RuntimeError
    except RuntimeError:
        pass
    assert lookups.version() == before
    Business.objects.filter(id=reyes_number.business_id).update(name="Committed")
    assert lookups.version() not in (before, rolled_back)
    assert lookups.number("twilio", REYES_NUMBER).business.name == "Committed"


def endpoints(business_id):
    with CaptureQueriesContext(connection) as captured:
        found = lookups.endpoints(business_id)
    return [(e.id, e.events) for e in found], len(captured)


def test_a_business_s_endpoints_looked_up_again_cost_the_version_read_only(reyes):
    Endpoint.objects.create(business=reyes, url="https://crm.example.com/hooks", events=["call.missed"])
    endpoints(reyes.id)
    found, queries = endpoints(reyes.id)
    assert queries == 1 and [events for _, events in found] == [["call.missed"]]


def test_an_endpoint_added_changed_or_removed_anyhow_is_seen_by_the_next_event(reyes):
    assert endpoints(reyes.id)[0] == []  # cached: none
    endpoint = Endpoint.objects.create(business=reyes, url="https://crm.example.com/hooks", events=["call.missed"])
    assert endpoints(reyes.id)[0] == [(endpoint.id, ["call.missed"])]
    with connection.cursor() as cursor:  # another process's raw SQL
        cursor.execute("UPDATE hooks_endpoint SET events = %s WHERE id = %s", ['["lead.updated"]', endpoint.id])
    assert endpoints(reyes.id)[0] == [(endpoint.id, ["lead.updated"])]
    Endpoint.objects.filter(id=endpoint.id).delete()
    assert endpoints(reyes.id)[0] == []


def test_each_event_gets_its_own_copy_of_the_endpoints(reyes):
    Endpoint.objects.create(business=reyes, url="https://crm.example.com/hooks", events=["call.missed"])
    lookups.endpoints(reyes.id)[0].events.append("lead.updated")
    assert lookups.endpoints(reyes.id)[0].events == ["call.missed"]
