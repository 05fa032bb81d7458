"""Who may read a practice: the author proposes, the coordinator decides, members see a label.

Visibility could be set only in Django admin, and a members-only practice carried no label for
the members who read it. The author now proposes it on the contribution form (and in a
revision); the coordinator decides it when approving (the proposal is the default), and the
decision is kept with the published version. Members-only practices say so on cards, on their
page, in exports and in a member's feed; signed-out readers never see them.
"""

import csv
import io

import pytest
from django.test import Client

from practices import workflow
from practices.models import Practice, PracticeRevision
from tests.factories import CountryFactory
from tests.practices.conftest import form_data

pytestmark = pytest.mark.django_db

Status = Practice.Status
Visibility = Practice.Visibility
ALL_CHECKS = list(workflow.CHECKLIST)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_author_proposes_visibility_on_the_contribution_form(member, objective):
    client = signed_in(member)
    html = client.get("/practices/new/").content.decode()
    assert "Who may read it" in html
    assert 'name="visibility" value="members"' in html

    client.post("/practices/new/", form_data(visibility="members", action="submit"))

    practice = Practice.objects.get()
    assert (practice.status, practice.visibility) == (Status.SUBMITTED, Visibility.MEMBERS)
    # Reopened, the form keeps the proposal.
    practice.status = Status.DRAFT
    practice.save()
    html = client.get(f"/practices/{practice.slug}/edit/").content.decode()
    assert "checked" in html.split('name="visibility" value="members"')[1][:60]


def test_the_coordinator_decides_with_the_proposal_as_default(member, coordinator, objective):
    signed_in(member).post("/practices/new/", form_data(visibility="members", action="submit"))
    practice = Practice.objects.get()
    client = signed_in(coordinator)
    html = client.get(f"/curation/practices/{practice.slug}/").content.decode()
    assert "The author proposed: Signed-in members only" in html
    assert "checked" in html.split('name="visibility" value="members"')[1][:60]

    response = client.post(
        f"/curation/practices/{practice.slug}/decide/",
        {"decision": "publish", "checks": ALL_CHECKS, "visibility": "public"},
    )

    assert response.status_code == 302
    practice.refresh_from_db()
    assert (practice.status, practice.visibility) == (Status.PUBLISHED, Visibility.PUBLIC)
    assert Client().get(practice.get_absolute_url()).status_code == 200
    # The decision is kept: the published version records who decided what.
    version = practice.versions.order_by("-number").first()
    assert version.created_by == coordinator
    assert version.snapshot["visibility"] == "public"
    assert "Visible to: Everyone (the author proposed: Signed-in members only)" in version.note


def test_approving_without_choosing_keeps_the_proposal(member, coordinator, objective):
    signed_in(member).post("/practices/new/", form_data(visibility="members", action="submit"))
    practice = Practice.objects.get()
    signed_in(coordinator).post(
        f"/curation/practices/{practice.slug}/decide/",
        {"decision": "publish", "checks": ALL_CHECKS},
    )
    practice.refresh_from_db()
    assert practice.visibility == Visibility.MEMBERS
    assert Client().get(practice.get_absolute_url()).status_code == 404


def test_a_revision_proposes_a_visibility_change_decided_on_approval(
    member, coordinator, published
):
    client = signed_in(member)
    client.post(
        f"/practices/{published.slug}/edit/",
        form_data(title=published.title, visibility="members", lock_version=published.lock_version),
    )
    revision = PracticeRevision.objects.get()
    published.refresh_from_db()
    assert published.visibility == Visibility.PUBLIC  # the live practice is unchanged
    page = signed_in(coordinator).get(f"/curation/revisions/{revision.pk}/").content.decode()
    assert "Visibility" in page and "Signed-in members only" in page
    assert "The author proposed: Signed-in members only" in page

    signed_in(coordinator).post(
        f"/curation/revisions/{revision.pk}/decide/", {"decision": "publish", "checks": ALL_CHECKS}
    )

    published.refresh_from_db()
    assert published.visibility == Visibility.MEMBERS
    assert Client().get(published.get_absolute_url()).status_code == 404


@pytest.fixture
def members_only(make_practice):
    country = CountryFactory(name="Kyrgyzstan", slug="kyrgyzstan-v")
    return make_practice(
        Status.PUBLISHED, title="Members-only insight", slug="members-only-insight",
        visibility=Visibility.MEMBERS, countries=[country],
    )  # fmt: skip


def test_members_see_members_only_practices_labelled_on_cards_and_page(member, members_only):
    client = signed_in(member)
    listing = client.get("/practices/").content.decode()
    card = listing.split('id="card-members-only-insight"')[0].rsplit("<article", 1)[1]
    assert "Members only" in card
    page = client.get(members_only.get_absolute_url()).content.decode()
    assert "Members only" in page.split("<h1>")[0].rsplit("<header", 1)[1]


def test_exports_have_a_visibility_column(member, members_only, make_practice):
    make_practice(Status.PUBLISHED, title="Open to all", slug="open-to-all")
    body = b"".join(signed_in(member).get("/practices/export.csv").streaming_content)
    rows = {row["Title"]: row for row in csv.DictReader(io.StringIO(body.decode("utf-8-sig")))}
    assert rows["Members-only insight"]["Visible to"] == "Signed-in members only"
    assert rows["Open to all"]["Visible to"] == "Everyone"
    document = signed_in(member).get("/practices/export.json").json()
    assert {p["title"]: p["visibility"] for p in document["practices"]} == {
        "Members-only insight": "Signed-in members only",
        "Open to all": "Everyone",
    }
    anonymous = b"".join(Client().get("/practices/export.csv").streaming_content).decode()
    assert "Members-only insight" not in anonymous


def test_a_members_feed_labels_members_only_entries(member, members_only):
    feed = signed_in(member).get("/feeds/practices/").content.decode()
    assert "Members-only insight (members only)" in feed
    assert 'term="Members only"' in feed
    assert "Members-only insight" not in Client().get("/feeds/practices/").content.decode()


def test_members_only_is_labelled_in_my_practices_and_the_queue(member, coordinator, objective):
    signed_in(member).post("/practices/new/", form_data(visibility="members", action="submit"))
    assert "Members only" in signed_in(member).get("/practices/mine/").content.decode()
    assert "Members only" in signed_in(coordinator).get("/curation/").content.decode()


def test_an_old_version_without_visibility_shows_no_visibility_change(coordinator, published):
    workflow.admin_saved(practice=published, actor=coordinator, created=True)
    version = published.versions.get()
    version.snapshot.pop("visibility")
    version.save()
    page = signed_in(coordinator).get(f"/curation/practices/{published.slug}/versions/1/")
    assert "This version is the same as the practice now." in page.content.decode()
