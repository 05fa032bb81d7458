"""On a phone: results before filters, a compact header, one search box, tables that fit.

Seen in Chromium at 360×640: 39 filter controls came before the first result in the tab order,
the header took 220–290 px, the listing showed two search boxes, and data tables made the whole
page scroll sideways at 320 px (WCAG 1.4.10).
"""

import pytest
from playwright.sync_api import expect

from practices.models import Practice
from tests.factories import (
    ApplicationFactory,
    CoordinatorFactory,
    MemberFactory,
    PracticeFactory,
)
from tests.test_focus_contrast import contrast

PHONE = {"width": 360, "height": 640}
PASSWORD = "Curation-is-care-2026"
LONG_TITLE = (
    "Strengthening the criminal justice response to trafficking in persons through "
    "joint investigation teams, mutual legal assistance and extradition agreements"
)

FOCUSED = """() => {
  const el = document.activeElement;
  if (el.closest('.facets') && el.matches('input[type=checkbox]')) return 'filter';
  if (el.closest('.card')) return 'result';
  return el.tagName.toLowerCase() + ':' + (el.textContent || el.name || '').trim().slice(0, 30);
}"""


def test_on_a_phone_tab_reaches_a_result_before_any_filter(page, live_server, workshop):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/practices/")
    stops = []
    for _ in range(80):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
        if stops[-1] in ("result", "filter"):
            break
    assert stops[-1] == "result", stops


def test_on_a_phone_the_header_is_compact(page, live_server, workshop):
    page.set_viewport_size(PHONE)
    for path in ("/", "/practices/", "/events/vienna-2019/"):
        page.goto(live_server.url + path)
        height = page.locator(".site-header").bounding_box()["height"]
        assert height <= 120, f"{path}: the header is {height:.0f}px tall at 360×640"


def test_on_a_phone_a_members_header_stays_compact(page, live_server, workshop):
    MemberFactory(username="mehmet", first_name="Mehmet", last_name="Yilmaz", password=PASSWORD)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/accounts/sign-in/")
    page.locator("#id_username").fill("mehmet")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    for path in ("/practices/", "/events/"):
        page.goto(live_server.url + path)
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        height = page.locator(".site-header").bounding_box()["height"]
        assert height <= 125, f"{path}: a member's header is {height:.0f}px tall at 360×640"


def test_the_listing_has_exactly_one_search_box(page, live_server, workshop):
    for path in ("/practices/", "/countries/belarus/", "/objectives/capacity-building/"):
        page.goto(live_server.url + path)
        expect(page.locator("input[type=search]")).to_have_count(1)
    # Other pages keep the search in the header.
    page.goto(live_server.url + "/events/")
    expect(page.locator("input[type=search]")).to_have_count(1)


def test_on_a_phone_the_filters_link_leads_to_the_filters_in_one_step(page, live_server, workshop):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/practices/?country=belarus")
    link = page.get_by_role("link", name="Filters (1 active)")
    expect(link).to_be_visible()
    link_box = link.bounding_box()
    results_box = page.locator("#results-title").bounding_box()
    assert abs(link_box["y"] - results_box["y"]) < 80, "the link sits by the results' heading"
    link.click()
    expect(page.locator("#facets-title")).to_be_in_viewport()
    # Keyboard users continue from there: the next stops are in the filter panel.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.facets') !== null")


def test_focus_ring_in_the_filter_panel_has_three_to_one_contrast(page, live_server, workshop):
    page.goto(live_server.url + "/practices/")
    page.locator(".facets input[type=checkbox]").first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
    ring, panel = page.evaluate(
        """() => {
          const hex = c => '#' + c.match(/\\d+/g).slice(0, 3)
            .map(n => (+n).toString(16).padStart(2, '0')).join('');
          const el = document.activeElement;
          return [hex(getComputedStyle(el).outlineColor),
                  hex(getComputedStyle(el.closest('.facets')).backgroundColor)];
        }"""
    )
    assert contrast(ring, panel) >= 3, (ring, panel)


@pytest.fixture
def signed_in_coordinator(page, live_server, workshop):
    coordinator = CoordinatorFactory(username="carmen", password=PASSWORD)
    PracticeFactory(
        title=LONG_TITLE,
        slug="joint-investigation-teams",
        status=Practice.Status.SUBMITTED,
        published_at=None,
        author=coordinator,
    )
    ApplicationFactory(
        full_name="Maria-Fernanda Rodríguez de la Torre Villanueva",
        organisation="Directorate for Combating Trafficking in Persons and Smuggling of Migrants",
        role="Senior Investigator, International Cooperation Unit",
    )
    page.goto(live_server.url + "/accounts/sign-in/")
    page.locator("#id_username").fill("carmen")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return coordinator


def test_data_tables_do_not_make_the_page_scroll_sideways_at_320_pixels(
    page, live_server, signed_in_coordinator
):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in (
        "/curation/",
        "/practices/mine/",
        "/curation/applications/",
        "/events/vienna-2019/",
    ):
        page.goto(live_server.url + path)
        expect(page.locator("table").first).to_be_attached()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
        # A table wider than the screen scrolls in its own region, which keyboard users
        # can focus and screen readers can name.
        for region in page.locator("table").evaluate_all(
            """tables => tables.map(t => {
                 const box = t.closest('.table-scroll');
                 return box && {focusable: box.tabIndex === 0, role: box.getAttribute('role'),
                                named: !!(box.getAttribute('aria-labelledby')
                                          || box.getAttribute('aria-label'))};
               })"""
        ):
            assert region == {"focusable": True, "role": "region", "named": True}, path


def test_on_a_wide_screen_the_filters_link_appears_for_keyboard_users(page, live_server, workshop):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/practices/")
    link = page.locator(".jump-to-facets")
    assert link.bounding_box()["width"] <= 1  # the filters are in sight beside the results
    link.focus()
    expect(link).to_be_visible()
    assert link.bounding_box()["width"] > 40
    link.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.facets') !== null")


def test_phone_layout_is_accessible(page, live_server, workshop, axe_check):
    page.set_viewport_size(PHONE)
    for path in ("/practices/?country=belarus&more=tag", "/events/vienna-2019/", "/"):
        page.goto(live_server.url + path)
        axe_check(page)


def _sideways(page):
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_long_unbroken_words_and_a_new_token_fit_a_phone(page, live_server, workshop):
    """Seen at 360 px: a token name or comment typed without spaces, the new token with its
    curl line, and the API reference's parameter tables made pages scroll sideways."""
    from practices.api.tokens import create_token

    member = MemberFactory(username="amina", password=PASSWORD)
    create_token(user=member, name="x" * 100)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/accounts/sign-in/")
    page.locator("#id_username").fill("amina")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    page.goto(live_server.url + "/account/")
    assert _sideways(page) <= 0, "the account page with a long token name"

    page.get_by_role("button", name="Create a token").locator("xpath=ancestor::form").locator(
        "input[name=name]"
    ).fill("y" * 100)
    page.get_by_role("button", name="Create a token").click()
    expect(page.locator("#new-token")).to_be_visible()
    assert _sideways(page) <= 0, "the new token and its curl line"

    page.goto(live_server.url + "/api/v1/docs")
    assert _sideways(page) <= 0, "the API reference"
