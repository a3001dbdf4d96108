"""Small readers of what the core did, shared by the tests in tests/core."""

from textback.core import jobs
from textback.core.models import Call, Message


def textbacks():
    return list(Message.objects.filter(kind=Message.TEXTBACK).order_by("id"))


def sent_textbacks():
    jobs.run_ready()
    return [m for m in textbacks() if m.status == Message.SENT]


def only_call():
    return Call.objects.get()
