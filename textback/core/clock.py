"""The one clock of textback. `textback simulate` runs conversations on a simulated clock;
everything else reads real time. Code that stamps or compares times calls clock.now()."""

from contextlib import contextmanager

from django.utils import timezone

_frozen = None
_offset = None  # set by running_from(): real time shifted to a chosen moment


def now():
    if _frozen is not None:
        return _frozen
    if _offset is not None:
        return timezone.now() + _offset
    return timezone.now()


@contextmanager
def simulated(start):
    """Within this block, now() is `start` until advance_to() moves it."""
    global _frozen
    previous, _frozen = _frozen, start
    try:
        yield
    finally:
        _frozen = previous


def advance_to(when):
    global _frozen
    if _frozen is None:
        raise RuntimeError("advance_to() only works inside clock.simulated()")
    _frozen = max(_frozen, when)


@contextmanager
def running_from(start):
    """Within this block, now() starts at `start` and runs at the real pace: for tests that drive a
    live server and a browser, where a frozen clock would stamp every message with one instant."""
    global _offset
    previous, _offset = _offset, start - timezone.now()
    try:
        yield
    finally:
        _offset = previous
