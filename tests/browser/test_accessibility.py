"""axe-core on every kind of public page, signed out and signed in: no WCAG 2.1 A/AA violation."""

import pytest

from tests.factories import CoordinatorFactory

PUBLIC_PAGES = [
    "/practices/",
    "/practices/?q=training&country=belarus",
    "/practices/?country=atlantis&page=abc",
    "/practices/belarus-mock-trials-online-child-sexual-exploitation/",
    "/objectives/",
    "/countries/",
    "/events/",
    "/events/vienna-2019/",
    "/tags/",
    "/tags/mock-trials/",
    "/accounts/sign-in/",
    "/no/such/page/",
    "/about/",
    "/privacy/",
    "/contact/",
    "/practices/virtual-reality-tool-on-organ-removal/",
]

SIGNED_IN_PAGES = [
    "/account/",
    "/notifications/",
    "/practices/mine/",
    "/practices/belarus-mock-trials-online-child-sexual-exploitation/",
    "/curation/applications/",
    "/contact/",
    "/curation/tags/",
    "/curation/practices/belarus-mock-trials-online-child-sexual-exploitation/versions/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_is_accessible(page, live_server, workshop, axe_check, path):
    page.goto(live_server.url + path)
    axe_check(page)


def test_signed_in_pages_are_accessible(page, live_server, workshop, axe_check):
    CoordinatorFactory(username="carmen", password="Curation-is-care-2026")
    page.goto(live_server.url + "/accounts/sign-in/")
    page.locator("#id_username").fill("carmen")
    page.locator("#id_password").fill("Curation-is-care-2026")
    page.get_by_role("button", name="Sign in").click()
    for path in SIGNED_IN_PAGES:
        page.goto(live_server.url + path)
        axe_check(page)
