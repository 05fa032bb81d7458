"""The contribution journey in a real browser, from application to restored version.

apply → approved → set a password and sign in → draft → submit → changes requested (the
member sees the comment by e-mail and in-app) → resubmit → published → found by the public in
search; then an edit reviewed while the old text stays live; then a restore.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.factories import CoordinatorFactory

PASSWORD = "Trainers-of-Minsk-2019"
COORDINATOR_PASSWORD = "Curation-is-care-2026"


def sign_in(page, base, username, password):
    page.goto(base + "/accounts/sign-in/")
    page.get_by_label("Username or e-mail address").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name=re.compile("Sign out"))).to_be_visible()


def sign_out(page):
    page.get_by_role("button", name=re.compile("Sign out")).click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def decide(page, decision, comment=""):
    if decision == "Approve and publish":
        for box in page.locator(".decision-form input[type=checkbox]").all():
            box.check()
    if comment:
        page.get_by_label("Comment to the author").fill(comment)
    page.get_by_role("button", name=decision).click()


@pytest.fixture
def coordinator(transactional_db, workshop):
    return CoordinatorFactory(
        username="carmen", email="carmen@example.org", password=COORDINATOR_PASSWORD
    )


def test_from_application_to_published_practice_revision_and_restore(
    page, live_server, coordinator, axe_check
):
    base = live_server.url
    page.set_default_timeout(10_000)
    mail.outbox.clear()

    # 1. A police trainer applies to join.
    page.goto(base + "/join/")
    axe_check(page)
    page.get_by_label("Full name").fill("Alena Trainer")
    page.get_by_label("E-mail address").fill("alena@example.org")
    page.get_by_label("Organisation").fill("Academy of the Ministry of the Interior")
    page.get_by_label("Role or position").fill("Police trainer")
    page.get_by_label(re.compile(r"^Country:?$")).select_option(label="Belarus")
    page.get_by_label("Why do you want to join?").fill("I train police on trafficking cases.")
    page.get_by_role("button", name="Send my application").click()
    expect(page.locator("main")).to_contain_text("application")
    assert any("carmen@example.org" in m.to for m in mail.outbox)

    # 2. The coordinator approves the application.
    sign_in(page, base, "carmen", COORDINATOR_PASSWORD)
    page.goto(base + "/curation/applications/")
    page.get_by_role("link", name=re.compile("Alena Trainer")).click()
    page.get_by_role("button", name="Approve and create the account").click()
    sign_out(page)

    # 3. The new member sets a password from the e-mailed link and signs in.
    welcome = next(m for m in mail.outbox if "alena@example.org" in m.to and "Welcome" in m.subject)
    link = re.search(r"https?://[^\s]+/reset/[^\s]+/", welcome.body).group(0)
    page.goto(base + re.sub(r"^https?://[^/]+", "", link))
    page.get_by_label(re.compile(r"^New password:?$")).fill(PASSWORD)
    page.get_by_label("New password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Save my password").click()
    sign_in(page, base, "alena@example.org", PASSWORD)

    # 4. She writes a draft, previews it, saves it and submits it.
    page.goto(base + "/practices/new/")
    axe_check(page)
    page.get_by_label("Title").fill("Mock trials for judges in training")
    page.get_by_label("Summary").fill("Judges rehearse trafficking cases in mock trials.")
    page.get_by_label("What was done").fill("Each course ends with a **mock trial**.")
    page.get_by_role("checkbox", name=re.compile("Capacity building")).check()
    page.get_by_role("checkbox", name="Belarus", exact=True).check()
    page.get_by_label("Tags").fill("Mock Trials, judges")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("strong", has_text="mock trial")).to_be_visible()
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("main")).to_contain_text("Draft")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("main")).to_contain_text(re.compile("Submitted", re.I))
    practice_url = page.url
    sign_out(page)

    # 5. The coordinator asks for a change.
    sign_in(page, base, "carmen", COORDINATOR_PASSWORD)
    page.goto(base + "/curation/")
    axe_check(page)
    page.get_by_role("link", name="Mock trials for judges in training").click()
    decide(page, "Request changes", comment="Please say how long the course lasts.")
    sign_out(page)

    # 6. The member sees the comment by e-mail and in-app, edits and resubmits.
    assert any(
        "alena@example.org" in m.to and "how long the course lasts" in m.body for m in mail.outbox
    )
    sign_in(page, base, "alena@example.org", PASSWORD)
    page.goto(base + "/notifications/")
    expect(page.locator("main")).to_contain_text("how long the course lasts")
    page.goto(practice_url)
    expect(page.locator("main")).to_contain_text("how long the course lasts")
    page.get_by_role("link", name="Edit", exact=True).click()
    # The request is on the edit form too, where the work is done, with the history a click away.
    request = page.get_by_role("region", name="Changes the coordinator asked for")
    expect(request).to_contain_text("Please say how long the course lasts.")
    expect(request.get_by_role("link", name=re.compile("whole history"))).to_be_visible()
    page.get_by_label("What was done").fill("Each five-day course ends with a **mock trial**.")
    page.get_by_role("button", name="Submit for review").click()
    sign_out(page)

    # 7. The coordinator publishes it; the public finds it in search.
    sign_in(page, base, "carmen", COORDINATOR_PASSWORD)
    page.goto(base + "/curation/")
    page.get_by_role("link", name="Mock trials for judges in training").click()
    decide(page, "Approve and publish")
    sign_out(page)
    page.goto(base + "/practices/?q=judges")
    expect(page.locator(".card-title")).to_contain_text(["Mock trials for judges in training"])

    # 8. The member proposes an edit: the published text stays live until it is approved.
    sign_in(page, base, "alena@example.org", PASSWORD)
    page.goto(practice_url)
    page.get_by_role("link", name="Propose changes").click()
    page.get_by_label("What was done").fill("Each five-day course ends with a two-day mock trial.")
    page.get_by_role("button", name="Send changes for review").click()
    sign_out(page)
    page.goto(practice_url)
    expect(page.locator(".practice-body")).to_contain_text("five-day course ends with a mock")
    expect(page.locator(".practice-body")).not_to_contain_text("two-day")

    sign_in(page, base, "carmen", COORDINATOR_PASSWORD)
    page.goto(base + "/curation/")
    page.get_by_role("link", name=re.compile("Mock trials for judges in training")).last.click()
    expect(page.locator("ins").first).to_be_visible()
    decide(page, "Approve and publish")
    page.goto(practice_url)
    expect(page.locator(".practice-body")).to_contain_text("two-day mock trial")

    # 9. The coordinator restores the version before the edit: it is proposed as a revision and
    # reviewed like any other; the published text stays until the revision is approved.
    page.get_by_role("link", name="Versions").click()
    page.get_by_role("button", name=re.compile("Restore")).first.click()
    expect(page.locator("main")).to_contain_text("This revision restores version")
    axe_check(page)
    page.goto(practice_url)
    expect(page.locator(".practice-body")).to_contain_text("two-day mock trial")
    page.goto(base + "/curation/")
    page.get_by_role("link", name=re.compile("Mock trials for judges in training")).last.click()
    decide(page, "Approve and publish")
    sign_out(page)
    page.goto(practice_url)
    expect(page.locator(".practice-body")).not_to_contain_text("two-day")
