"""Provider webhooks go straight to their views past the dashboard's middleware
(core.middleware.ProviderWebhooks): answered as before, 503 when the database is lost, and no page
of the dashboard or the simulator loses its own middleware."""

from django.db import OperationalError, connection
from django.test import Client

from textback.core.models import Call
from textback.twilio.tests.payloads import VOICE, payload


def test_a_webhook_is_answered_with_its_length_and_without_the_dashboard_s_headers(twilio, reyes_number):
    response = twilio.post(VOICE, payload("voice_incoming_call"))
    assert response.status_code == 200 and b"<Dial" in response.content
    assert response["Content-Length"] == str(len(response.content))
    assert "Content-Security-Policy" not in response and "Set-Cookie" not in response
    assert Call.objects.count() == 1


def test_a_webhook_whose_database_is_lost_answers_503_with_retry_after(twilio, reyes_number):
    def lost(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    with connection.execute_wrapper(lost):
        response = twilio.post(VOICE, payload("voice_incoming_call"))
    assert response.status_code == 503 and response["Retry-After"] == "1"


def test_a_bad_signature_is_still_refused(twilio, reyes_number):
    assert twilio.post(VOICE, payload("voice_incoming_call"), signature="forged").status_code == 403
    assert not Call.objects.exists()


def test_the_simulator_s_pages_keep_the_csrf_check(db, settings):
    settings.DEBUG = True  # the simulator exists
    response = Client(enforce_csrf_checks=True).post("/simulator/text", {"number": "+13125550101", "body": "hi"})
    assert response.status_code == 403
