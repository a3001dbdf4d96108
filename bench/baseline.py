"""The baseline: the simplest common missed-call text-back design, to measure textback against.

A tiny WSGI app with no framework, no database and no queue. It checks X-Twilio-Signature with
the same twilio RequestValidator, answers the incoming call with the same kind of <Dial>, and on
the <Dial action> result of an unanswered call sends the text inline, with requests, to the same
(fake) Twilio API before it answers the webhook. It keeps no record of anything: a text whose
provider request fails is simply lost. The call's final status and each text's status callbacks
(it asks for them, so it gets the same traffic as textback) are checked and answered, nothing more.

Served by gunicorn with the same settings as `textback serve` (gthread, 4 threads per worker):

    TWILIO_ACCOUNT_SID=... TWILIO_AUTH_TOKEN=... TWILIO_API_BASE=http://127.0.0.1:PORT \\
    BASELINE_PUBLIC_URL=http://127.0.0.1:8001 BASELINE_OWNER_CELL=+13125550199 \\
    gunicorn --chdir bench --workers 2 --threads 4 --worker-class gthread baseline:app
"""

import logging
import os
from urllib.parse import parse_qs

import requests
from twilio.request_validator import RequestValidator
from twilio.twiml.voice_response import VoiceResponse

ACCOUNT_SID = os.environ["TWILIO_ACCOUNT_SID"]
AUTH_TOKEN = os.environ["TWILIO_AUTH_TOKEN"]
API_BASE = os.environ["TWILIO_API_BASE"].rstrip("/")
PUBLIC_URL = os.environ["BASELINE_PUBLIC_URL"].rstrip("/")
OWNER_CELL = os.environ.get("BASELINE_OWNER_CELL", "+13125550199")
BUSINESS = os.environ.get("BASELINE_BUSINESS", "Bench Plumbing")

validator = RequestValidator(AUTH_TOKEN)
session = requests.Session()
log = logging.getLogger("baseline")


def respond(start_response, status, body, content_type="text/xml"):
    data = body.encode()
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(data)))])
    return [data]


def app(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if environ["REQUEST_METHOD"] != "POST":
        return respond(start_response, "405 Method Not Allowed", "", "text/plain")
    length = int(environ.get("CONTENT_LENGTH") or 0)
    params = {k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(length).decode(), keep_blank_values=True).items()}
    if not validator.validate(PUBLIC_URL + path, params, environ.get("HTTP_X_TWILIO_SIGNATURE", "")):
        return respond(start_response, "403 Forbidden", "bad signature\n", "text/plain")

    if path == "/twilio/voice":
        response = VoiceResponse()
        dial = response.dial(timeout=20, action=PUBLIC_URL + "/twilio/voice/dial", method="POST", answer_on_bridge=True)
        dial.number(OWNER_CELL)
        return respond(start_response, "200 OK", str(response))

    if path == "/twilio/voice/dial":
        response = VoiceResponse()
        if params.get("DialCallStatus") != "completed":
            try:  # inline, before answering Twilio
                session.post(
                    f"{API_BASE}/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json",
                    data={"To": params["From"], "From": params["To"], "StatusCallback": PUBLIC_URL + "/twilio/sms/status",
                          "Body": f"Hi there, sorry we missed your call at {BUSINESS}! What can we help you with? "
                                  "Reply STOP to opt out."},
                    auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=(3, 10),
                ).raise_for_status()
            except requests.RequestException as e:
                log.warning("text-back to %s failed: %s", params.get("From"), e)
            response.say(f"Sorry we missed your call at {BUSINESS}. We are texting you right now.")
        response.hangup()
        return respond(start_response, "200 OK", str(response))

    if path in ("/twilio/voice/status", "/twilio/sms/status"):
        return respond(start_response, "200 OK", "<Response/>")

    return respond(start_response, "404 Not Found", "", "text/plain")
