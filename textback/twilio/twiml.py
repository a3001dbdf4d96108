"""The TwiML textback answers with, built with the twilio library. SignalWire's cXML and Telnyx's
TeXML are the same XML: `url(path)` gives the provider's own webhook URL for a path ("voice/dial").
`Answers` is the call responses of core/providers.Provider in it, for each of those providers."""

from django.conf import settings
from django.http import HttpResponse
from twilio.twiml.voice_response import VoiceResponse

from textback.core import phones

# Record's attributes that ask for a transcript, in Twilio's (and SignalWire's) names.
TRANSCRIBE = {"transcribe": True, "transcribe_callback": "voice/transcription"}


class Answers:
    """Provider.ring_owner, screen, voicemail, hangup and empty as TwiML, for a provider whose calls
    speak it; its webhooks are under /{name}/, and `transcribe` names Record's transcript attributes."""

    transcribe = TRANSCRIBE

    def webhook_url(self, path):
        return f"{settings.PUBLIC_URL}/{self.name}/{path}"

    def ring_owner(self, business, caller):
        return xml(ring_owner(business, caller, self.webhook_url))

    def screen(self, business, caller):
        return xml(screen(business, caller, self.webhook_url))

    def voicemail(self, business):
        return xml(voicemail(business, self.webhook_url, self.transcribe))

    def hangup(self):
        return xml(HANGUP)

    def empty(self):
        return xml(EMPTY)


def xml(response):
    return HttpResponse(str(response), content_type="text/xml")


def ring_owner(business, caller, url):
    """Ring the owner's cell with screening, so the cell's own voicemail never counts as an answer."""
    response = VoiceResponse()
    dial = response.dial(
        timeout=business.ring_seconds, action=url("voice/dial"), method="POST", answer_on_bridge=True,
        caller_id=caller or None,
    )
    dial.number(business.owner_cell, url=url("voice/screen"), method="POST")
    return response


def screen(business, caller, url):
    """Played to the owner before the calls are bridged; a voicemail box cannot press 1."""
    response = VoiceResponse()
    who = f" from {phones.pretty(caller)}" if caller else ""
    gather = response.gather(num_digits=1, timeout=6, action=url("voice/screen/result"), method="POST")
    gather.say(f"Call for {business.name}{who}. Press 1 to accept.")
    response.hangup()
    return response


def voicemail(business, url, transcribe=TRANSCRIBE):
    """The greeting and a recording; `transcribe`: the attributes asking for its transcript (a
    callback's value is a webhook path), since Telnyx names them transcription, transcriptionCallback."""
    response = VoiceResponse()
    response.say(
        f"Sorry we missed your call at {business.name}. We are texting you right now. "
        "You can also leave a message after the tone."
    )
    asked = {name: url(value) if name.endswith("_callback") else value for name, value in transcribe.items()}
    response.record(
        max_length=120, play_beep=True, action=url("voice/voicemail"), method="POST",
        recording_status_callback=url("voice/recording"), recording_status_callback_method="POST", **asked,
    )
    response.hangup()
    return response


def hangup():
    response = VoiceResponse()
    response.hangup()
    return response


def empty():
    return VoiceResponse()


# The same on every call, and most webhooks answer one of them: built once.
HANGUP, EMPTY = str(hangup()), str(empty())
