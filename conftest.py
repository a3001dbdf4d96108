# The named world of fixtures (tests/world.py) is shared by tests/ and each provider's own tests.
pytest_plugins = ["tests.world"]
