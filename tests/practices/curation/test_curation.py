"""Coordinators curate: the queue, decisions, revisions with their difference, versions, tags."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from taggit.models import Tag

from practices import workflow
from practices.models import Action, Practice, PracticeRevision, RevisionStatus
from tests.factories import CountryFactory, ObjectiveFactory
from tests.practices.conftest import form_data

pytestmark = pytest.mark.django_db

Status = Practice.Status
ALL_CHECKS = list(workflow.CHECKLIST)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def submit_at(practice, author, when):
    """Submit a draft, dated `when` on the timeline (the queue orders by it)."""
    workflow.submit(practice=practice, actor=author)
    practice.transitions.filter(action=Action.SUBMITTED).update(created_at=when)


# --- The queue ------------------------------------------------------------------------------


def test_queue_lists_submissions_and_revisions_oldest_first(
    coordinator, member, make_practice, published
):
    now = timezone.now()
    newer = make_practice(Status.DRAFT, title="Newer submission")
    older = make_practice(Status.DRAFT, title="Older submission")
    submit_at(newer, member, now - datetime.timedelta(days=1))
    submit_at(older, member, now - datetime.timedelta(days=5))
    revision = workflow.propose_revision(
        practice=published, actor=member,
        snapshot={"body": "Changed", "tag_names": [], "tags": []},
        lock_version=published.lock_version,
    )  # fmt: skip
    PracticeRevision.objects.filter(pk=revision.pk).update(
        updated_at=now - datetime.timedelta(days=3)
    )
    make_practice(Status.CHANGES_REQUESTED, title="Waiting for its author")

    response = signed_in(coordinator).get("/curation/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 new practices waiting" in html
    assert "1 revision waiting" in html
    assert "1 sent back to its author" in html
    order = [html.index(t) for t in ["Older submission", published.title, "Newer submission"]]
    assert order == sorted(order)
    assert f'href="/curation/revisions/{revision.pk}/"' in html
    assert "Waiting for its author</a>" not in html


def test_queue_filters_by_kind_objective_and_country(coordinator, member, make_practice):
    children = ObjectiveFactory(number=6, slug="children", short_label="Children")
    egypt = CountryFactory(name="Egypt", slug="egypt")
    a = make_practice(Status.SUBMITTED, title="About children in Egypt",
                      objectives=[children], countries=[egypt])  # fmt: skip
    b = make_practice(Status.SUBMITTED, title="About capacity elsewhere")
    client = signed_in(coordinator)
    html = client.get("/curation/?objective=children").content.decode()
    assert a.title in html and b.title not in html
    html = client.get("/curation/?country=egypt").content.decode()
    assert a.title in html and b.title not in html
    html = client.get("/curation/?kind=revision").content.decode()
    assert a.title not in html and b.title not in html
    assert "Nothing is waiting for review." in html


# --- Deciding on a submission ---------------------------------------------------------------


def test_review_page_shows_the_submission_and_the_checklist(coordinator, submitted):
    html = signed_in(coordinator).get(f"/curation/practices/{submitted.slug}/").content.decode()
    assert submitted.title in html
    assert "It contains no personal data of victims." in html
    assert "It contains nothing operationally sensitive." in html
    assert "Its sources are stated." in html
    for decision in ["publish", "request_changes", "reject"]:
        assert f'name="decision" value="{decision}"' in html


def test_approve_needs_all_three_checks(coordinator, submitted):
    client = signed_in(coordinator)
    url = f"/curation/practices/{submitted.slug}/decide/"
    response = client.post(url, {"decision": "publish", "checks": ALL_CHECKS[:2]})
    assert response.status_code == 400
    assert "Tick all three checks" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    response = client.post(url, {"decision": "publish", "checks": ALL_CHECKS})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.PUBLISHED


@pytest.mark.parametrize("decision", ["request_changes", "reject"])
def test_sending_back_or_rejecting_needs_a_comment(coordinator, submitted, decision):
    client = signed_in(coordinator)
    url = f"/curation/practices/{submitted.slug}/decide/"
    response = client.post(url, {"decision": decision, "comment": "  "})
    assert response.status_code == 400
    assert 'id="id_comment_error"' in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert client.post(url, {"decision": decision, "comment": "Because."}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status != Status.SUBMITTED


def test_deciding_twice_is_refused(coordinator, submitted):
    client = signed_in(coordinator)
    url = f"/curation/practices/{submitted.slug}/decide/"
    client.post(url, {"decision": "reject", "comment": "No."})
    response = client.post(url, {"decision": "publish", "checks": ALL_CHECKS})
    assert response.status_code == 409
    submitted.refresh_from_db()
    assert submitted.status == Status.REJECTED


def test_the_author_reads_the_reviewers_comment_in_the_email_and_on_the_page(
    coordinator, member, submitted, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(coordinator).post(
            f"/curation/practices/{submitted.slug}/decide/",
            {"decision": "request_changes", "comment": "Add the number of trainees."},
        )
    mail = [m for m in mailoutbox if member.email in m.to]
    assert len(mail) == 1 and "Add the number of trainees." in mail[0].body
    html = signed_in(member).get(submitted.get_absolute_url()).content.decode()
    assert "Add the number of trainees." in html
    assert "Changes requested" in html


# --- Revisions ------------------------------------------------------------------------------


def test_public_page_keeps_the_old_text_until_a_revision_is_approved(
    member, coordinator, published
):
    author = signed_in(member)
    form = author.get(f"/practices/{published.slug}/edit/")
    assert "The original text of the shelters practice." in form.content.decode()
    response = author.post(
        f"/practices/{published.slug}/edit/",
        form_data(
            title=published.title, summary=published.summary, tags="",
            body="The revised text, with <script>alert(1)</script> in it.",
            lock_version=published.lock_version,
        ),
    )  # fmt: skip
    assert response.status_code == 302
    revision = PracticeRevision.objects.get()
    public = Client().get(published.get_absolute_url()).content.decode()
    assert "The original text of the shelters practice." in public
    assert "The revised text" not in public
    assert "A revision by" in author.get(published.get_absolute_url()).content.decode()
    # The author, back in the form, edits the pending revision rather than the live text.
    assert "The revised text" in author.get(f"/practices/{published.slug}/edit/").content.decode()

    curator = signed_in(coordinator)
    review = curator.get(f"/curation/revisions/{revision.pk}/").content.decode()
    assert "<del>original</del>" in review or "<del>" in review
    assert "<ins>" in review
    assert "&lt;script&gt;" in review and "<script" not in review

    response = curator.post(
        f"/curation/revisions/{revision.pk}/decide/",
        {"decision": "publish", "checks": ALL_CHECKS, "comment": "Thanks."},
    )
    assert response.status_code == 302
    public = Client().get(published.get_absolute_url()).content.decode()
    assert "The revised text" in public
    assert "The original text of the shelters practice." not in public
    published.refresh_from_db()
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.APPROVED
    assert published.status == Status.PUBLISHED


def test_revision_decisions_need_the_checklist_or_a_comment(member, coordinator, published):
    revision = workflow.propose_revision(
        practice=published, actor=member,
        snapshot={"body": "Changed", "tag_names": [], "tags": []},
        lock_version=published.lock_version,
    )  # fmt: skip
    client = signed_in(coordinator)
    url = f"/curation/revisions/{revision.pk}/decide/"
    assert client.post(url, {"decision": "publish"}).status_code == 400
    assert client.post(url, {"decision": "reject", "comment": ""}).status_code == 400
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.PENDING
    assert client.post(url, {"decision": "reject", "comment": "Not better."}).status_code == 302
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.REJECTED


# --- Versions -------------------------------------------------------------------------------


def test_versions_can_be_viewed_and_an_earlier_one_restored(member, coordinator, draft):
    author = signed_in(member)
    for body in ["First words.", "Second words."]:
        draft.refresh_from_db()
        author.post(
            f"/practices/{draft.slug}/edit/",
            form_data(title=draft.title, body=body, lock_version=draft.lock_version),
        )
    client = signed_in(coordinator)
    listing = client.get(f"/curation/practices/{draft.slug}/versions/").content.decode()
    assert "Version 1" in listing and "Version 2" in listing
    page = client.get(f"/curation/practices/{draft.slug}/versions/1/").content.decode()
    assert "First words." in page
    assert "<ins>First</ins>" in page and "<del>Second</del>" in page
    response = client.post(f"/curation/practices/{draft.slug}/versions/1/restore/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.body == "First words."
    assert draft.versions.count() == 3
    assert (
        "Restored from version 1"
        in client.get(f"/curation/practices/{draft.slug}/versions/").content.decode()
    )


def _published_with_two_versions(published, member, coordinator, *, first_body):
    """A published practice whose version 1 held `first_body`, replaced by a reviewed edit."""
    published.body = first_body
    published.save()
    workflow.admin_saved(practice=published, actor=coordinator, created=True)  # version 1
    revision = workflow.propose_revision(
        practice=published, actor=member,
        snapshot={"body": "Contact the shelter through its office.", "tag_names": [], "tags": []},
        lock_version=Practice.objects.get(pk=published.pk).lock_version,
    )  # fmt: skip
    workflow.approve_revision(revision=revision, actor=coordinator, checklist=ALL_CHECKS)
    published.refresh_from_db()
    return published


def test_restoring_a_published_version_waits_for_review_with_the_checklist(
    coordinator, member, published
):
    old_body = "Call the survivor on +44 20 7946 0958 or write to victim.name@example.org."
    published = _published_with_two_versions(published, member, coordinator, first_body=old_body)
    client = signed_in(coordinator)

    response = client.post(f"/curation/practices/{published.slug}/versions/1/restore/")

    revision = PracticeRevision.objects.get(status=RevisionStatus.PENDING)
    assert response.status_code == 302
    assert response["Location"] == f"/curation/revisions/{revision.pk}/"
    # The public still reads the reviewed text, not the version with the contact details.
    public = Client().get(published.get_absolute_url()).content.decode()
    assert "Contact the shelter through its office." in public
    assert "7946" not in public and "victim.name" not in public
    # The restore is reviewed like any revision: the checklist and the personal-data warning.
    page = client.get(response["Location"]).content.decode()
    assert "This revision restores version 1" in page
    assert "personal data of victims" in page
    assert "phone number" in page and "e-mail address" in page
    assert 'name="checks"' in page
    timeline = client.get(published.get_absolute_url()).content.decode()
    assert "Restore of version 1 proposed" in timeline
    assert "It restores version 1." in timeline  # the practice page's status panel
    # Approved, it is the published text again, kept as a new version.
    client.post(
        f"/curation/revisions/{revision.pk}/decide/",
        {"decision": "publish", "checks": ALL_CHECKS, "comment": ""},
    )
    assert "7946" in Client().get(published.get_absolute_url()).content.decode()
    assert published.versions.order_by("-number").first().note.startswith("Restored from version 1")


def test_restore_is_refused_while_a_revision_waits(coordinator, member, published):
    published = _published_with_two_versions(
        published, member, coordinator, first_body="The first text."
    )
    pending = workflow.propose_revision(
        practice=published, actor=member,
        snapshot={"body": "A third text.", "tag_names": [], "tags": []},
        lock_version=published.lock_version,
    )  # fmt: skip
    client = signed_in(coordinator)
    page = client.get(f"/curation/practices/{published.slug}/versions/").content.decode()
    assert "decide on it before restoring" in page
    assert "/versions/1/restore/" not in page

    response = client.post(f"/curation/practices/{published.slug}/versions/1/restore/")

    assert response.status_code == 409
    assert "Decide on it first, then restore version 1" in response.content.decode()
    assert list(PracticeRevision.objects.open()) == [pending]
    published.refresh_from_db()
    assert published.body == "Contact the shelter through its office."


# --- Featuring, archiving -------------------------------------------------------------------


def test_feature_unfeature_and_archive_from_the_practice_page(coordinator, published):
    client = signed_in(coordinator)
    html = client.get(published.get_absolute_url()).content.decode()
    assert f'action="/curation/practices/{published.slug}/feature/"' in html
    assert f'action="/curation/practices/{published.slug}/archive/"' in html
    client.post(f"/curation/practices/{published.slug}/feature/")
    published.refresh_from_db()
    assert published.featured
    assert published.title in Client().get("/").content.decode()
    client.post(f"/curation/practices/{published.slug}/unfeature/")
    published.refresh_from_db()
    assert not published.featured
    client.post(f"/curation/practices/{published.slug}/archive/")
    published.refresh_from_db()
    assert published.status == Status.ARCHIVED
    assert Client().get(published.get_absolute_url()).status_code == 404
    assert client.get(published.get_absolute_url()).status_code == 200


# --- Tags -----------------------------------------------------------------------------------


def test_rename_and_merge_tags_from_the_tags_page(coordinator, make_practice):
    a = make_practice(Status.PUBLISHED, tags=["trainnig"])
    b = make_practice(Status.PUBLISHED, tags=["training"])
    c = make_practice(Status.PUBLISHED, tags=["trainings"])
    client = signed_in(coordinator)
    html = client.get("/curation/tags/").content.decode()
    assert "trainnig" in html and "Merge" in html
    typo = Tag.objects.get(name="trainnig")
    response = client.post(f"/curation/tags/{typo.pk}/rename/", {"name": "Training"})
    assert response.status_code == 409  # "training" exists: merge instead
    assert "merge the two instead" in response.content.decode()
    response = client.post(
        "/curation/tags/merge/", {"into": "training", "sources": ["trainnig", "trainings"]}
    )
    assert response.status_code == 302
    for practice in (a, b, c):
        assert [t.name for t in practice.tags.all()] == ["training"]
    keep = Tag.objects.get(name="training")
    assert (
        client.post(f"/curation/tags/{keep.pk}/rename/", {"name": " Capacity "}).status_code == 302
    )
    assert [t.slug for t in a.tags.all()] == ["capacity"]


def test_merge_needs_another_tag(coordinator, make_practice):
    make_practice(Status.PUBLISHED, tags=["training"])
    response = signed_in(coordinator).post(
        "/curation/tags/merge/", {"into": "training", "sources": ["training"]}
    )
    assert response.status_code == 400
    assert Tag.objects.filter(name="training").exists()
