"""A member gets an API token on their account page, uses it, and revokes it; the API's docs
read without JavaScript and its explorer runs under the site's Content Security Policy."""

import re

from playwright.sync_api import expect

from tests.factories import MemberFactory


def test_member_creates_uses_and_revokes_a_token(page, live_server, workshop, axe_check):
    MemberFactory(username="mona", password="Practice-makes-2026")
    page.goto(live_server.url + "/accounts/sign-in/")
    page.locator("#id_username").fill("mona")
    page.locator("#id_password").fill("Practice-makes-2026")
    page.get_by_role("button", name="Sign in").click()

    page.goto(live_server.url + "/account/")
    expect(page.get_by_role("heading", name="API tokens")).to_be_visible()
    page.get_by_label("What is the token for?").fill("Ministry mirror")
    page.get_by_role("button", name="Create a token").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your new API token")
    axe_check(page)
    token = page.get_by_label("Token").input_value()
    assert re.fullmatch(r"glo_[-_A-Za-z0-9]{40,}", token)

    api = page.request.get(
        live_server.url + "/api/v1/practices?page_size=1",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status == 200 and api.json()["count"] > 0

    page.get_by_role("link", name="Back to your account").click()
    expect(page.get_by_text("Ministry mirror", exact=True)).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Revoke “Ministry mirror”").click()
    expect(page.get_by_text("is revoked")).to_be_visible()
    refused = page.request.get(
        live_server.url + "/api/v1/practices", headers={"Authorization": f"Bearer {token}"}
    )
    assert refused.status == 401


def test_the_api_docs_are_accessible_and_the_explorer_runs_from_this_site(
    browser, page, live_server, workshop, axe_check
):
    page.goto(live_server.url + "/api/v1/docs")
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data API")
    axe_check(page)

    # The explorer with the site's own Content Security Policy in force (no bypass here).
    context = browser.new_context(bypass_csp=False)
    try:
        explorer = context.new_page()
        outside = []
        explorer.on(
            "request",
            lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
        )
        explorer.goto(live_server.url + "/api/v1/docs/explore")
        expect(explorer.locator(".opblock").first).to_be_visible(timeout=15_000)
        assert outside == []
    finally:
        context.close()
