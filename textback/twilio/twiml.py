"""The TwiML textback answers with, built with the twilio library. Telnyx's TeXML takes the same
verbs (textback/telnyx/webhooks.py answers with these too): `at` names the provider whose webhook
paths the URLs in it point to."""

from django.conf import settings
from twilio.twiml.voice_response import VoiceResponse

from textback.core import phones

TWILIO = "twilio"


def url(path, at=TWILIO):
    return f"{settings.PUBLIC_URL}/{at}/{path}"


def ring_owner(business, caller, at=TWILIO):
    """Ring the owner's cell with screening, so the cell's own voicemail never counts as an answer."""
    response = VoiceResponse()
    dial = response.dial(
        timeout=business.ring_seconds, action=url("voice/dial", at), method="POST", answer_on_bridge=True,
        caller_id=caller or None,
    )
    dial.number(business.owner_cell, url=url("voice/screen", at), method="POST")
    return response


def screen(business, caller, at=TWILIO):
    """Played to the owner before the calls are bridged; a voicemail box cannot press 1."""
    response = VoiceResponse()
    who = f" from {phones.pretty(caller)}" if caller else ""
    gather = response.gather(num_digits=1, timeout=6, action=url("voice/screen/result", at), method="POST")
    gather.say(f"Call for {business.name}{who}. Press 1 to accept.")
    response.hangup()
    return response


def voicemail(business, at=TWILIO, **transcribing):
    """The greeting and a recording. `transcribing`: the Record attributes that ask for a transcript,
    when the provider names them differently from Twilio's transcribe / transcribeCallback."""
    response = VoiceResponse()
    response.say(
        f"Sorry we missed your call at {business.name}. We are texting you right now. "
        "You can also leave a message after the tone."
    )
    response.record(
        max_length=120, play_beep=True, action=url("voice/voicemail", at), method="POST",
        recording_status_callback=url("voice/recording", at), recording_status_callback_method="POST",
        **(transcribing or {"transcribe": True, "transcribe_callback": url("voice/transcription", at)}),
    )
    response.hangup()
    return response


def hangup():
    response = VoiceResponse()
    response.hangup()
    return response


def empty():
    return VoiceResponse()
