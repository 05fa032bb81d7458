"""A session that ends while a member writes: the text comes back with a sign-in box, and
signing in there (pressing Enter in the password field, no JavaScript needed) saves it."""

import re

from django.contrib.sessions.models import Session
from django.core.cache import cache
from playwright.sync_api import expect

from practices.models import Practice
from tests.factories import MemberFactory, ObjectiveFactory

PASSWORD = "Trainers-of-Minsk-2019"


def test_session_ends_while_writing_and_one_sign_in_saves_the_text(page, live_server, axe_check):
    member = MemberFactory(username="mona", password=PASSWORD)
    ObjectiveFactory(number=3, short_label="Capacity building", slug="capacity-building")
    base = live_server.url
    page.set_default_timeout(10_000)

    page.goto(base + "/accounts/sign-in/")
    page.get_by_label("Username or e-mail address").fill("mona")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(base + "/practices/new/")
    page.get_by_label("Title").fill("Joint training of judges")
    page.get_by_label("Summary").fill("Judges and prosecutors trained together.")
    page.get_by_label("What was done").fill("Three joint workshops, every word kept.")
    page.get_by_label("3. Capacity building").check()

    # The session ends on the server (expiry, a restart, signing out in another tab).
    Session.objects.all().delete()
    cache.clear()
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_role("group", name="Sign in to save your text")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Joint training of judges")
    expect(page.get_by_label("What was done")).to_have_value(
        "Three joint workshops, every word kept."
    )
    assert not Practice.objects.exists()
    axe_check(page)

    page.get_by_label("Username or e-mail address").fill("mona")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")

    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/practices/joint-training-of-judges/edit/$"))
    practice = Practice.objects.get()
    assert practice.author == member
    assert practice.body == "Three joint workshops, every word kept."
