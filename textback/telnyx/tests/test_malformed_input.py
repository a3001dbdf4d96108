"""Signed requests that are not what Telnyx sends are answered 400 with what is wrong, never 500,
and change nothing; the lead's text is stored whatever happens after."""

import json

import pytest

from textback.core.models import Call, Message
from textback.telnyx.tests.payloads import DIAL, SCREEN, SMS, SMS_STATUS, STATUS, VOICE, event, form


@pytest.fixture(autouse=True)
def world(telnyx_number, tuesday_morning):
    return telnyx_number


@pytest.mark.parametrize("raw", [
    b"", b"not json", b"[]", b"null", b'"text"', b'{"data": null}', b'{"data": []}', b'{"data": {}}',
    b'{"data": {"event_type": "message.received"}}', b'{"data": {"event_type": 5, "payload": {}}}',
    b'{"data": {"event_type": "message.received", "payload": []}}', "{\"data\": \"\u00e9\"}".encode("latin-1"),
    b"\xff\xfe{", b'{"data": {"event_type": "message.received", "payload": {"id": "x"' + b" " * 1000,
])
def test_it_answers_400_to_a_body_that_is_not_a_telnyx_event(telnyx, raw):
    response = telnyx.json(SMS, raw)
    assert response.status_code == 400 and not Message.objects.exists()


@pytest.mark.parametrize("change", [
    lambda body: body["data"]["payload"].pop("id"),
    lambda body: body["data"]["payload"].update(id="not an id!"),
    lambda body: body["data"]["payload"].update(id=["7ee4241c"]),
    lambda body: body["data"]["payload"].pop("from"),
    lambda body: body["data"]["payload"].update({"from": "+13125550101"}),
    lambda body: body["data"]["payload"]["from"].update(phone_number="=HYPERLINK(\"x\")"),
    lambda body: body["data"]["payload"]["from"].update(phone_number=13125550101),
    lambda body: body["data"]["payload"].update(text=["a list"]),
    lambda body: body["data"]["payload"].update(text="nul \x00 inside"),
    lambda body: body["data"]["payload"].update(media="https://media.telnyx.com/x.jpg"),
])
def test_it_answers_400_to_a_received_text_missing_what_telnyx_always_sends(telnyx, change):
    body = event("message_received_text")
    change(body)
    response = telnyx.json(SMS, body)
    assert response.status_code == 400 and not Message.objects.exists()


def test_it_stores_a_text_whose_media_items_are_odd_and_keeps_the_ones_it_can(telnyx):
    body = event("message_received_mms", media=[None, {"url": "javascript:alert(1)"}, {"url": "https://m.example/a.png"}])
    assert telnyx.json(SMS, body).status_code == 200
    assert Message.objects.get().media == [{"url": "https://m.example/a.png", "content_type": ""}]


def test_it_stores_an_empty_text(telnyx):
    assert telnyx.json(SMS, event("message_received_mms", text=None)).status_code == 200
    assert Message.objects.get().body == ""


def test_it_answers_200_to_an_event_it_does_not_use(telnyx):
    body = event("message_received_text")
    body["data"]["event_type"] = "number_order.complete"
    assert telnyx.json(SMS, body).status_code == 200 and not Message.objects.exists()


@pytest.mark.parametrize("status", [None, 5, ["delivered"]])
def test_it_answers_400_to_a_status_event_without_a_status(telnyx, status):
    body = event("message_finalized_delivered")
    body["data"]["payload"]["to"][0]["status"] = status
    assert telnyx.json(SMS_STATUS, body).status_code == 400


def test_it_answers_400_to_a_status_event_with_an_odd_error_code(telnyx):
    body = event("message_finalized_failed_40300", errors=[{"code": "40300; DROP TABLE", "title": "x"}])
    assert telnyx.json(SMS_STATUS, body).status_code == 400


@pytest.mark.parametrize("path,name,drop", [
    (VOICE, "voice_incoming_call", "CallSid"), (VOICE, "voice_incoming_call", "From"),
    (VOICE, "voice_incoming_call", "To"), (DIAL, "voice_dial_no_answer", "DialCallStatus"),
    (DIAL, "voice_dial_no_answer", "CallSid"), (STATUS, "voice_status_completed", "CallStatus"),
    (SCREEN, "voice_screen_request", "ParentCallSid"),
])
def test_it_answers_400_to_a_texml_request_missing_what_telnyx_always_sends(telnyx, path, name, drop):
    response = telnyx.form(path, form(name, drop=[drop]))
    assert response.status_code == 400 and drop in response.content.decode()
    assert not Call.objects.exists()


@pytest.mark.parametrize("fields", [
    {"CallSid": "v3:has spaces in it"}, {"CallSid": "x" * 65}, {"From": "<script>"}, {"From": "+1312\x005550101"},
])
def test_it_answers_400_to_a_texml_request_with_implausible_values(telnyx, fields):
    assert telnyx.form(VOICE, form("voice_incoming_call", **fields)).status_code == 400
    assert not Call.objects.exists()


def test_it_answers_400_to_a_recording_url_that_is_not_one(telnyx):
    telnyx.form(VOICE, form("voice_incoming_call"))
    response = telnyx.form("/telnyx/voice/recording", form("voice_recording_completed", RecordingUrl="file:///etc/passwd"))
    assert response.status_code == 400 and Call.objects.get().recording_url == ""


def test_it_answers_400_to_json_posted_where_texml_is_expected(telnyx):
    assert telnyx.json(VOICE, json.loads(json.dumps(event("message_received_text")))).status_code == 400
