"""The coordinator's request for changes is on the edit form, where the author does the work.

It reached the author by e-mail and in-app, but the edit form said only "Status: Changes
requested". Now the form shows the latest request (who, when, what) and links to the history,
for a practice sent back and for a revision sent back.
"""

import pytest
from django.test import Client

from practices import workflow
from practices.models import Practice

pytestmark = pytest.mark.django_db

Status = Practice.Status


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_edit_form_shows_the_latest_request_for_changes(member, coordinator, make_practice):
    coordinator.first_name, coordinator.last_name = "Carmen", "Reviewer"
    coordinator.save()
    practice = make_practice(Status.DRAFT, slug="sent-back")
    for comment in ["Name the courts.", "Say how long the course lasts."]:
        workflow.submit(practice=practice, actor=member)
        workflow.request_changes(practice=practice, actor=coordinator, comment=comment)

    html = signed_in(member).get("/practices/sent-back/edit/").content.decode()

    request = html.split('id="change-request-title"')[1].split("</section>")[0]
    assert "Say how long the course lasts." in request
    assert "Name the courts." not in request  # the latest request only
    assert "Carmen Reviewer" in request
    assert "<time datetime=" in request
    assert 'href="/practices/sent-back/#timeline"' in request
    assert 'id="timeline"' in signed_in(member).get("/practices/sent-back/").content.decode()


def test_edit_form_of_a_revision_sent_back_shows_the_request(member, coordinator, published):
    revision = workflow.propose_revision(
        practice=published, actor=member,
        snapshot={"body": "Shorter text.", "tag_names": [], "tags": []},
        lock_version=published.lock_version,
    )  # fmt: skip
    workflow.request_revision_changes(
        revision=revision, actor=coordinator, comment="Keep the second paragraph."
    )

    html = signed_in(member).get(f"/practices/{published.slug}/edit/").content.decode()

    assert "Changes the coordinator asked for" in html
    assert "Keep the second paragraph." in html
    assert f'href="/practices/{published.slug}/#timeline"' in html


def test_no_request_is_shown_once_the_author_has_resubmitted(member, coordinator, make_practice):
    practice = make_practice(Status.SUBMITTED, slug="resubmitted")
    workflow.request_changes(practice=practice, actor=coordinator, comment="Name the courts.")
    workflow.submit(practice=practice, actor=member)
    practice.status = Status.DRAFT  # e.g. a coordinator tidies it: the old request is done
    practice.save()
    html = signed_in(member).get("/practices/resubmitted/edit/").content.decode()
    assert "Changes the coordinator asked for" not in html
