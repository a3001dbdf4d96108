"""The TwiML textback answers with, built with the twilio library. SignalWire's cXML is the same
XML: `url(path)` gives the provider's own webhook URL for a path ("voice/dial")."""

from twilio.twiml.voice_response import VoiceResponse

from textback.core import phones


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


def voicemail(business, url):
    response = VoiceResponse()
    response.say(
        f"Sorry we missed your call at {business.name}. We are texting you right now. "
        "You can also leave a message after the tone."
    )
    response.record(
        max_length=120, play_beep=True, action=url("voice/voicemail"), method="POST",
        recording_status_callback=url("voice/recording"), recording_status_callback_method="POST",
        transcribe=True, transcribe_callback=url("voice/transcription"),
    )
    response.hangup()
    return response


def hangup():
    response = VoiceResponse()
    response.hangup()
    return response


def empty():
    return VoiceResponse()
