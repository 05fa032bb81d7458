"""Visibility in a real browser: proposed on the form, decided in the review, labelled for members.

The author proposes "signed-in members only"; the coordinator sees the proposal checked in the
decision form and approves it; a member sees the practice labelled "Members only" on its card
and its page; a signed-out reader does not find it at all.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import CoordinatorFactory, MemberFactory, ObjectiveFactory

PASSWORD = "Members-only-2026-pass"


def sign_in(page, base, username):
    page.goto(base + "/accounts/sign-in/")
    page.get_by_label("Username or e-mail address").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name=re.compile("Sign out"))).to_be_visible()


def sign_out(page):
    page.get_by_role("button", name=re.compile("Sign out")).click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


@pytest.fixture
def people(transactional_db):
    ObjectiveFactory(number=3, slug="capacity-building", short_label="Capacity building")
    return (
        MemberFactory(username="alena", password=PASSWORD),
        CoordinatorFactory(username="carmen", password=PASSWORD),
    )


def test_members_only_proposed_decided_and_labelled(page, live_server, people, axe_check):
    base = live_server.url
    page.set_default_timeout(10_000)

    sign_in(page, base, "alena")
    page.goto(base + "/practices/new/")
    page.get_by_label("Title").fill("Peer support among shelter staff")
    page.get_by_label("Summary").fill("Shelter staff meet monthly to share difficult cases.")
    page.get_by_label("3. Capacity building").check()
    page.get_by_label("Signed-in members only").check()
    axe_check(page)
    page.get_by_role("button", name="Submit for review").click()
    sign_out(page)

    sign_in(page, base, "carmen")
    page.goto(base + "/curation/")
    page.get_by_role("link", name="Peer support among shelter staff").click()
    expect(page.locator(".decision-form")).to_contain_text("The author proposed: Signed-in")
    expect(page.locator(".decision-form").get_by_label("Signed-in members only")).to_be_checked()
    for box in page.locator(".decision-form input[type=checkbox]").all():
        box.check()
    page.get_by_role("button", name="Approve and publish").click()
    sign_out(page)

    sign_in(page, base, "alena")
    page.goto(base + "/practices/")
    card = page.locator("article.card", has_text="Peer support among shelter staff")
    expect(card.locator(".badge-members")).to_have_text("Members only")
    card.get_by_role("link", name="Peer support among shelter staff").click()
    expect(page.locator(".practice-header .badge-members")).to_be_visible()
    axe_check(page)
    sign_out(page)

    page.goto(base + "/practices/")
    expect(page.locator("main")).not_to_contain_text("Peer support among shelter staff")
