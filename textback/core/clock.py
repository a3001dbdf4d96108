"""The one clock of textback. `textback simulate` runs conversations on a simulated clock;
everything else reads real time. Code that stamps or compares times calls clock.now()."""

from contextlib import contextmanager

from django.utils import timezone

_frozen = None


def now():
    return _frozen if _frozen is not None else timezone.now()


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
