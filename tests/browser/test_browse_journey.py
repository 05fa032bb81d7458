"""A practitioner finds their way: home → objective → practice → country, accessibly."""

import re

from playwright.sync_api import expect


def test_home_objective_practice_country_journey_is_accessible(
    page, live_server, workshop, axe_check
):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("trafficking in persons")
    axe_check(page)

    page.get_by_role("link", name=re.compile("Capacity building")).first.click()
    expect(page).to_have_url(re.compile(r"/objectives/capacity-building/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Capacity building")
    axe_check(page)

    page.locator(".card-title a").filter(has_text=re.compile("mock trials", re.I)).first.click()
    expect(page).to_have_url(re.compile(r"/practices/[-a-z0-9]+/$"))
    expect(page.locator(".practice-facts")).to_contain_text("Belarus")
    axe_check(page)

    page.locator(".practice-facts").get_by_role("link", name="Belarus", exact=True).click()
    expect(page).to_have_url(re.compile(r"/countries/belarus/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Belarus")
    expect(page.locator("#country-presentations ~ ul")).to_contain_text("Stadolnik")
    axe_check(page)


def test_pages_stay_usable_at_320_pixels(page, live_server, workshop):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/", "/practices/", "/countries/belarus/"):
        page.goto(live_server.url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
