"""Finding practices in a real browser: search, filter, remove a chip, export."""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect


def test_search_filter_remove_chip_and_export(page, live_server, workshop, axe_check):
    page.goto(live_server.url + "/practices/")
    page.get_by_label("Search these practices").fill("training")
    page.get_by_role("button", name="Search", exact=True).last.click()
    expect(page).to_have_url(re.compile(r"q=training"))
    heading = page.locator("#results-title")
    expect(heading).to_contain_text("for “training”")
    all_count = int(re.search(r"\d+", heading.inner_text()).group())
    assert all_count > 3
    expect(page.locator(".card-summary mark").first).to_be_visible()

    # Narrow to Belarus with the facet form (no JavaScript needed).
    facets = page.locator("aside.facets")
    facets.get_by_role("checkbox", name=re.compile(r"^Belarus")).check()
    facets.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"country=belarus"))
    chip = page.get_by_role("link", name=re.compile("Remove filter Country: Belarus"))
    expect(chip).to_be_visible()
    narrowed = int(re.search(r"\d+", heading.inner_text()).group())
    assert 0 < narrowed < all_count
    axe_check(page)

    # The export holds exactly what is on screen.
    titles = page.locator(".card-title a").all_inner_texts()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV spreadsheet").click()
    content = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert sorted(r["Title"] for r in rows) == sorted(titles)

    # Removing the chip brings back every result; the back button restores the filter.
    chip.click()
    expect(page).not_to_have_url(re.compile(r"country=belarus"))
    expect(heading).to_contain_text(str(all_count))
    page.go_back()
    expect(page).to_have_url(re.compile(r"country=belarus"))


@pytest.mark.postgres
def test_a_misspelt_search_still_finds_practices(page, live_server, workshop):
    page.goto(live_server.url + "/practices/?q=trafiking+Marocco")
    expect(page.locator("#results-title")).not_to_contain_text("0 practices")
