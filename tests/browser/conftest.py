"""Real-browser tests: Playwright drives Debian's Chromium against the live test server.

`playwright install` cannot download browsers here, so we launch /usr/bin/chromium ourselves
(the path can be changed with CHROMIUM_PATH). The tests skip where Chromium is missing, except
in CI (REQUIRE_BROWSER=1), where that is a failure.
"""

import os

import pytest

from tests.conftest import CHROMIUM

# pytest-django's live_server runs in a thread while Playwright's sync API runs an event loop
# in this one; Django must be told that this mix is intended.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe-core is injected into the page; the site's own Content Security Policy would
    # otherwise (rightly) refuse it.
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB"}


@pytest.fixture
def workshop(transactional_db):
    """The real workshop content, loaded as `make run` loads it."""
    from django.core.management import call_command

    call_command("load_workshop", verbosity=0)


@pytest.fixture
def axe_check():
    """Run axe-core on the page; fail on any WCAG 2.0/2.1 A or AA violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(
            page,
            options={
                "runOnly": {
                    "type": "tag",
                    "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
                },
                "resultTypes": ["violations"],
            },
        )
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check
