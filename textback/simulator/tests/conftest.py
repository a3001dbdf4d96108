import pytest


@pytest.fixture(autouse=True)
def public_simulator(settings):
    """Most tests play an anonymous visitor of a demo install; tests/test_access.py turns it off."""
    settings.SIMULATOR_PUBLIC = True
