"""axe-core (bundled by the axe-playwright-python package: no network) run on a page in the
browser tests: a serious or critical violation fails the test, named with the elements it hit."""

SERIOUS = ("serious", "critical")


def assert_accessible(page, name=""):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"] if v["impact"] in SERIOUS
    ]
    assert not found, f"axe-core on {name or page.url}: " + "; ".join(found)
