"""The curation workflow's services: who may move a practice where, and what each move leaves.

Every refused transition must change nothing: not the status, not the lock version, not the
timeline, not the versions, and tell nobody.
"""

import pytest
from django.db import IntegrityError, transaction
from taggit.models import Tag

from cop.models import Notification
from practices import workflow
from practices.models import (
    Action,
    Practice,
    PracticeRevision,
    PracticeTransition,
    PracticeVersion,
    RevisionStatus,
    Visibility,
)
from practices.refusals import http_status
from practices.workflow import snapshots, tagging
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db

Status = Practice.Status
ALL_CHECKS = list(workflow.CHECKLIST)


def state(practice):
    """Everything a refused transition must leave as it was."""
    practice.refresh_from_db()
    return (
        practice.status,
        practice.lock_version,
        practice.featured,
        practice.body,
        PracticeTransition.objects.filter(practice=practice).count(),
        PracticeVersion.objects.filter(practice=practice).count(),
        PracticeRevision.objects.filter(practice=practice).count(),
        Notification.objects.count(),
    )


def proposed(practice, **changes):
    snapshot = snapshots.take(practice)
    snapshot.update(changes)
    return snapshot


# --- Each transition, allowed for the right role ---------------------------------------------


def test_author_submits_own_draft_and_coordinators_are_told(draft, member, coordinator):
    workflow.submit(practice=draft, actor=member)
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    entry = draft.transitions.get()
    assert (entry.action, entry.from_status, entry.to_status, entry.actor) == (
        Action.SUBMITTED, Status.DRAFT, Status.SUBMITTED, member,
    )  # fmt: skip
    note = Notification.objects.get(recipient=coordinator)
    assert note.kind == "practice_submitted"
    assert note.url == f"/curation/practices/{draft.slug}/"


def test_coordinator_requests_changes_with_a_comment(submitted, member, coordinator):
    workflow.request_changes(practice=submitted, actor=coordinator, comment="Name the courts.")
    submitted.refresh_from_db()
    assert submitted.status == Status.CHANGES_REQUESTED
    assert submitted.transitions.get().comment == "Name the courts."
    note = Notification.objects.get(recipient=member)
    assert "Name the courts." in note.message


def test_author_resubmits_after_changes_requested(make_practice, member):
    practice = make_practice(Status.CHANGES_REQUESTED)
    workflow.submit(practice=practice, actor=member)
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    assert practice.transitions.get().from_status == Status.CHANGES_REQUESTED


def test_coordinator_publishes_with_the_checklist(submitted, member, coordinator):
    workflow.publish(practice=submitted, actor=coordinator, checklist=ALL_CHECKS)
    submitted.refresh_from_db()
    assert submitted.status == Status.PUBLISHED
    assert submitted.published_at is not None
    assert Notification.objects.filter(recipient=member, kind="practice_published").exists()


def test_admin_can_publish_too(submitted, admin_user):
    workflow.publish(practice=submitted, actor=admin_user, checklist=ALL_CHECKS)
    submitted.refresh_from_db()
    assert submitted.status == Status.PUBLISHED


def test_coordinator_rejects_with_a_reason(submitted, member, coordinator):
    workflow.reject(practice=submitted, actor=coordinator, reason="Out of scope.")
    submitted.refresh_from_db()
    assert submitted.status == Status.REJECTED
    assert "Out of scope." in Notification.objects.get(recipient=member).message


def test_coordinator_archives_a_published_practice(published, coordinator):
    workflow.archive(practice=published, actor=coordinator)
    published.refresh_from_db()
    assert published.status == Status.ARCHIVED
    assert Practice.objects.filter(pk=published.pk).exists()  # kept, never deleted
    assert not Practice.objects.visible_to(coordinator).filter(pk=published.pk).exists()


def test_archiving_closes_a_pending_revision(published, member, coordinator):
    revision = workflow.propose_revision(
        practice=published,
        actor=member,
        snapshot=proposed(published, body="New"),
        lock_version=published.lock_version,
    )
    workflow.archive(practice=published, actor=coordinator)
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.REJECTED


# --- ... and refused for everyone else, changing nothing --------------------------------------

TRANSITIONS = {
    "submit": lambda p, actor: workflow.submit(practice=p, actor=actor),
    "request_changes": lambda p, actor: workflow.request_changes(
        practice=p, actor=actor, comment="Please change."
    ),
    "publish": lambda p, actor: workflow.publish(practice=p, actor=actor, checklist=ALL_CHECKS),
    "reject": lambda p, actor: workflow.reject(practice=p, actor=actor, reason="No."),
    "archive": lambda p, actor: workflow.archive(practice=p, actor=actor),
    "feature": lambda p, actor: workflow.set_featured(practice=p, actor=actor, featured=True),
}
# Which state each transition starts from, and who may do it.
ALLOWED = {
    "submit": (Status.DRAFT, {"member"}),
    "request_changes": (Status.SUBMITTED, {"coordinator", "admin"}),
    "publish": (Status.SUBMITTED, {"coordinator", "admin"}),
    "reject": (Status.SUBMITTED, {"coordinator", "admin"}),
    "archive": (Status.PUBLISHED, {"coordinator", "admin"}),
    "feature": (Status.PUBLISHED, {"coordinator", "admin"}),
}


@pytest.mark.parametrize("name", list(TRANSITIONS))
@pytest.mark.parametrize("persona", ["anonymous", "member", "other_member", "coordinator", "admin"])
def test_each_transition_is_allowed_only_for_its_roles(name, persona, personas, make_practice):
    from django.contrib.auth.models import AnonymousUser

    start, allowed = ALLOWED[name]
    practice = make_practice(start)
    actor = personas[persona] or AnonymousUser()
    before = state(practice)
    if persona in allowed:
        TRANSITIONS[name](practice, actor)
        assert state(practice) != before
    else:
        with pytest.raises(workflow.NotAllowed):
            TRANSITIONS[name](practice, actor)
        assert state(practice) == before


# Submitting also starts from changes_requested (tested on its own).
WRONG_STATES = [
    (name, status)
    for name, (start, _roles) in ALLOWED.items()
    for status in Status
    if status != start and not (name == "submit" and status == Status.CHANGES_REQUESTED)
]


@pytest.mark.parametrize("name, status", WRONG_STATES)
def test_transitions_from_the_wrong_state_are_refused(name, status, make_practice, personas):
    _start, allowed = ALLOWED[name]
    practice = make_practice(status)
    actor = personas["member" if "member" in allowed else "coordinator"]
    before = state(practice)
    with pytest.raises(workflow.WorkflowError) as refused:
        TRANSITIONS[name](practice, actor)
    assert isinstance(refused.value, workflow.WrongState)
    assert http_status(refused.value) == 409
    assert refused.value.message
    assert state(practice) == before


def test_member_cannot_publish_own_practice(submitted, member):
    before = state(submitted)
    with pytest.raises(workflow.NotAllowed):
        workflow.publish(practice=submitted, actor=member, checklist=ALL_CHECKS)
    assert state(submitted) == before


def test_coordinator_cannot_submit_someone_elses_draft(draft, coordinator):
    before = state(draft)
    with pytest.raises(workflow.NotAllowed):
        workflow.submit(practice=draft, actor=coordinator)
    assert state(draft) == before


@pytest.mark.parametrize("comment", ["", "   \n "])
def test_request_changes_needs_a_comment(submitted, coordinator, comment):
    before = state(submitted)
    with pytest.raises(workflow.InvalidInput):
        workflow.request_changes(practice=submitted, actor=coordinator, comment=comment)
    assert state(submitted) == before


def test_reject_needs_a_reason(submitted, coordinator):
    before = state(submitted)
    with pytest.raises(workflow.InvalidInput):
        workflow.reject(practice=submitted, actor=coordinator, reason="")
    assert state(submitted) == before


@pytest.mark.parametrize("checklist", [[], ALL_CHECKS[:2], ["no_personal_data", "bogus"]])
def test_publishing_needs_all_three_checks(submitted, coordinator, checklist):
    before = state(submitted)
    with pytest.raises(workflow.InvalidInput):
        workflow.publish(practice=submitted, actor=coordinator, checklist=checklist)
    assert state(submitted) == before


def test_a_practice_without_objectives_cannot_be_submitted(make_practice, member):
    practice = make_practice(Status.DRAFT, objectives=[])
    before = state(practice)
    with pytest.raises(workflow.InvalidInput):
        workflow.submit(practice=practice, actor=member)
    assert state(practice) == before


# --- Contributing: drafts, versions, conflicts -----------------------------------------------


def test_creating_a_practice_keeps_a_first_version_and_a_timeline_entry(member, objective):
    snapshot = {
        **dict.fromkeys(snapshots.TEXT_FIELDS, ""),
        "kind": Practice.Kind.GOOD_PRACTICE,
        "focus": Practice.Focus.BOTH,
        "title": "Mentoring of new labour inspectors",
        "summary": "Experienced inspectors mentor new ones.",
        "objectives": ["capacity-building"],
        "countries": [],
        "themes": [],
        "organisations": [],
        "tags": [],
        "tag_names": ["mentoring"],
        "source_event": None,
        "source_session": None,
    }
    practice = workflow.create_practice(author=member, snapshot=snapshot)
    assert practice.status == Status.DRAFT
    assert practice.slug == "mentoring-of-new-labour-inspectors"
    assert practice.author == member
    assert practice.versions.get().number == 1
    assert practice.transitions.get().action == Action.CREATED
    assert [t.name for t in practice.tags.all()] == ["mentoring"]
    again = workflow.create_practice(author=member, snapshot=snapshot)
    assert again.slug == "mentoring-of-new-labour-inspectors-2"


def test_saving_a_draft_keeps_every_version(draft, member):
    v = draft.lock_version
    workflow.save_draft(
        practice=draft, actor=member, snapshot=proposed(draft, body="One"), lock_version=v
    )
    draft.refresh_from_db()
    workflow.save_draft(
        practice=draft,
        actor=member,
        snapshot=proposed(draft, body="Two"),
        lock_version=draft.lock_version,
    )
    bodies = [v.snapshot["body"] for v in draft.versions.order_by("number")]
    assert bodies == ["One", "Two"]


def test_a_stale_save_is_refused_as_a_conflict(draft, member, coordinator):
    loaded = draft.lock_version
    workflow.save_draft(
        practice=draft, actor=coordinator, snapshot=proposed(draft, body="Theirs"),
        lock_version=loaded,
    )  # fmt: skip
    before = state(draft)
    with pytest.raises(workflow.EditConflict):
        workflow.save_draft(
            practice=draft, actor=member, snapshot=proposed(draft, body="Mine"),
            lock_version=loaded,
        )  # fmt: skip
    assert state(draft) == before
    assert draft.body == "Theirs"


def test_other_member_cannot_save_someone_elses_draft(draft, other_member):
    before = state(draft)
    with pytest.raises(workflow.NotAllowed):
        workflow.save_draft(
            practice=draft, actor=other_member, snapshot=proposed(draft, body="x"),
            lock_version=draft.lock_version,
        )  # fmt: skip
    assert state(draft) == before


def test_author_cannot_edit_while_under_review(submitted, member):
    before = state(submitted)
    with pytest.raises(workflow.WorkflowError):
        workflow.save_draft(
            practice=submitted, actor=member, snapshot=proposed(submitted, body="x"),
            lock_version=submitted.lock_version,
        )  # fmt: skip
    assert state(submitted) == before


# --- Revisions of published practices ---------------------------------------------------------


def test_a_revision_leaves_the_live_text_until_approved(published, member, coordinator):
    revision = workflow.propose_revision(
        practice=published,
        actor=member,
        snapshot=proposed(published, body="The improved text."),
        lock_version=published.lock_version,
    )
    published.refresh_from_db()
    assert published.body == "The original text of the shelters practice."
    assert revision.status == RevisionStatus.PENDING
    assert Notification.objects.filter(
        recipient=coordinator, kind="practice_revision_submitted"
    ).exists()
    published_at = published.published_at

    workflow.approve_revision(revision=revision, actor=coordinator, checklist=ALL_CHECKS)
    published.refresh_from_db()
    revision.refresh_from_db()
    assert published.body == "The improved text."
    assert published.published_at == published_at
    assert published.status == Status.PUBLISHED
    assert revision.status == RevisionStatus.APPROVED and revision.decided_at
    assert published.versions.get().snapshot["body"] == "The improved text."
    assert Notification.objects.filter(recipient=member, kind="practice_revision_approved").exists()


def test_revision_changes_requested_then_reworked_then_rejected(published, member, coordinator):
    revision = workflow.propose_revision(
        practice=published, actor=member, snapshot=proposed(published, body="v1"),
        lock_version=published.lock_version,
    )  # fmt: skip
    with pytest.raises(workflow.InvalidInput):
        workflow.request_revision_changes(revision=revision, actor=coordinator, comment="")
    workflow.request_revision_changes(revision=revision, actor=coordinator, comment="Cite it.")
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.CHANGES_REQUESTED
    published.refresh_from_db()
    again = workflow.propose_revision(
        practice=published, actor=member, snapshot=proposed(published, body="v2"),
        lock_version=published.lock_version,
    )  # fmt: skip
    assert again.pk == revision.pk  # the same open revision, reworked
    assert again.status == RevisionStatus.PENDING
    workflow.reject_revision(revision=again, actor=coordinator, reason="Not an improvement.")
    published.refresh_from_db()
    assert published.body == "The original text of the shelters practice."
    assert "Not an improvement." in Notification.objects.filter(recipient=member).first().message


def test_member_cannot_approve_a_revision(published, member):
    revision = workflow.propose_revision(
        practice=published, actor=member, snapshot=proposed(published, body="v1"),
        lock_version=published.lock_version,
    )  # fmt: skip
    before = state(published)
    with pytest.raises(workflow.NotAllowed):
        workflow.approve_revision(revision=revision, actor=member, checklist=ALL_CHECKS)
    assert state(published) == before


def test_other_member_cannot_propose_a_revision(published, other_member):
    before = state(published)
    with pytest.raises(workflow.NotAllowed):
        workflow.propose_revision(
            practice=published, actor=other_member, snapshot=proposed(published, body="x"),
            lock_version=published.lock_version,
        )  # fmt: skip
    assert state(published) == before


def test_author_cannot_override_a_coordinators_open_revision(published, member, coordinator):
    workflow.propose_revision(
        practice=published, actor=coordinator, snapshot=proposed(published, body="Coord"),
        lock_version=published.lock_version,
    )  # fmt: skip
    published.refresh_from_db()
    before = state(published)
    with pytest.raises(workflow.WorkflowError):
        workflow.propose_revision(
            practice=published, actor=member, snapshot=proposed(published, body="Mine"),
            lock_version=published.lock_version,
        )  # fmt: skip
    assert state(published) == before


def test_an_unchanged_revision_is_refused(published, member):
    before = state(published)
    with pytest.raises(workflow.InvalidInput):
        workflow.propose_revision(
            practice=published, actor=member, snapshot=proposed(published),
            lock_version=published.lock_version,
        )  # fmt: skip
    assert state(published) == before


def test_the_database_allows_one_open_revision_per_practice(published, member):
    PracticeRevision.objects.create(practice=published, author=member, snapshot={})
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeRevision.objects.create(practice=published, author=member, snapshot={})


def test_the_database_requires_a_comment_to_reject(published, member, coordinator):
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeTransition.objects.create(
            practice=published, actor=coordinator, action=Action.REJECTED,
            from_status=Status.SUBMITTED, to_status=Status.REJECTED, comment="",
        )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeRevision.objects.create(
            practice=published, author=member, snapshot={}, status=RevisionStatus.REJECTED,
            reviewer_comment="", decided_at=published.published_at,
        )  # fmt: skip


def test_the_database_refuses_an_action_leading_to_the_wrong_status(published, coordinator):
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeTransition.objects.create(
            practice=published, actor=coordinator, action=Action.PUBLISHED,
            from_status=Status.SUBMITTED, to_status=Status.ARCHIVED,
        )  # fmt: skip


# --- Restore, feature, tags, admin ----------------------------------------------------------


def test_coordinator_restores_an_earlier_version(draft, member, coordinator):
    workflow.save_draft(
        practice=draft, actor=member, snapshot=proposed(draft, body="First", tag_names=["old"],
        tags=["old"]), lock_version=draft.lock_version,
    )  # fmt: skip
    draft.refresh_from_db()
    workflow.save_draft(
        practice=draft, actor=member, snapshot=proposed(draft, body="Second", tag_names=["new"],
        tags=["new"]), lock_version=draft.lock_version,
    )  # fmt: skip
    first = draft.versions.get(number=1)
    workflow.restore_version(version=first, actor=coordinator)
    draft.refresh_from_db()
    assert draft.body == "First"
    assert [t.name for t in draft.tags.all()] == ["old"]
    latest = draft.versions.order_by("-number").first()
    assert latest.number == 3 and "version 1" in latest.note
    assert draft.transitions.filter(action=Action.RESTORED).exists()


def test_restoring_a_published_practice_proposes_a_revision(published, member, coordinator):
    workflow.admin_saved(practice=published, actor=coordinator, created=True)  # version 1
    published.refresh_from_db()
    workflow.approve_revision(
        revision=workflow.propose_revision(
            practice=published, actor=member, snapshot=proposed(published, body="Reviewed."),
            lock_version=published.lock_version,
        ),
        actor=coordinator, checklist=ALL_CHECKS,
    )  # fmt: skip
    versions = published.versions.count()

    revision = workflow.restore_version(version=published.versions.get(number=1), actor=coordinator)

    assert isinstance(revision, PracticeRevision)
    assert revision.status == RevisionStatus.PENDING
    assert revision.snapshot["body"] == "The original text of the shelters practice."
    published.refresh_from_db()
    assert (published.status, published.body) == (Status.PUBLISHED, "Reviewed.")
    assert published.versions.count() == versions
    entry = published.transitions.order_by("-pk").first()
    assert entry.action == Action.REVISION_PROPOSED and "version 1" in entry.comment
    assert not published.transitions.filter(action=Action.RESTORED).exists()


def test_a_restore_brings_back_the_text_but_keeps_who_may_read_it(published, member, coordinator):
    """Version 1 was public; the live practice was since made members-only. Restoring the old
    text must not quietly propose making it public again."""
    workflow.admin_saved(practice=published, actor=coordinator, created=True)  # version 1
    published.refresh_from_db()
    workflow.approve_revision(
        revision=workflow.propose_revision(
            practice=published, actor=member,
            snapshot=proposed(published, body="Reviewed.", visibility=Visibility.MEMBERS),
            lock_version=published.lock_version,
        ),
        actor=coordinator, checklist=ALL_CHECKS,
    )  # fmt: skip
    published.refresh_from_db()
    assert published.visibility == Visibility.MEMBERS

    revision = workflow.restore_version(version=published.versions.get(number=1), actor=coordinator)

    assert revision.snapshot["body"] == "The original text of the shelters practice."
    assert revision.snapshot["visibility"] == Visibility.MEMBERS


def test_coordinators_are_not_told_of_their_own_restore(published, member, coordinator):
    other = CoordinatorFactory()
    workflow.admin_saved(practice=published, actor=coordinator, created=True)  # version 1
    published.refresh_from_db()
    workflow.approve_revision(
        revision=workflow.propose_revision(
            practice=published, actor=member, snapshot=proposed(published, body="Reviewed."),
            lock_version=published.lock_version,
        ),
        actor=coordinator, checklist=ALL_CHECKS,
    )  # fmt: skip

    before = Notification.objects.count()
    workflow.restore_version(version=published.versions.get(number=1), actor=coordinator)

    told = Notification.objects.order_by("pk")[before:]
    assert {n.recipient_id for n in told} == {other.pk}


def test_member_cannot_restore(draft, member):
    workflow.save_draft(
        practice=draft, actor=member, snapshot=proposed(draft, body="First"),
        lock_version=draft.lock_version,
    )  # fmt: skip
    before = state(draft)
    with pytest.raises(workflow.NotAllowed):
        workflow.restore_version(version=draft.versions.get(), actor=member)
    assert state(draft) == before


def test_feature_and_unfeature(published, coordinator):
    workflow.set_featured(practice=published, actor=coordinator, featured=True)
    published.refresh_from_db()
    assert published.featured
    workflow.set_featured(practice=published, actor=coordinator, featured=False)
    published.refresh_from_db()
    assert not published.featured
    assert list(published.transitions.values_list("action", flat=True)) == [
        Action.FEATURED, Action.UNFEATURED,
    ]  # fmt: skip


def test_rename_a_tag(published, coordinator, member):
    published.tags.set(["trainning"])
    tag = Tag.objects.get(name="trainning")
    tagging.rename_tag(tag=tag, name="  Training ", actor=coordinator)
    tag.refresh_from_db()
    assert (tag.name, tag.slug) == ("training", "training")
    assert [t.name for t in published.tags.all()] == ["training"]
    with pytest.raises(workflow.NotAllowed):
        tagging.rename_tag(tag=tag, name="other", actor=member)


def test_renaming_onto_an_existing_tag_asks_for_a_merge(coordinator):
    a, b = Tag.objects.create(name="police"), Tag.objects.create(name="policing")
    with pytest.raises(workflow.WorkflowError):
        tagging.rename_tag(tag=b, name="Police", actor=coordinator)
    b.refresh_from_db()
    assert b.name == "policing" and a.name == "police"


def test_merge_tags_keeps_every_practice_tagged(make_practice, coordinator):
    one = make_practice(Status.PUBLISHED, tags=["child protection", "children"])
    two = make_practice(Status.DRAFT, tags=["child-protection"])
    three = make_practice(Status.PUBLISHED, tags=["children"])
    into = Tag.objects.get(name="child protection")
    sources = list(Tag.objects.filter(name__in=["children", "child-protection"]))
    tagging.merge_tags(sources=sources, into=into, actor=coordinator)
    for practice in (one, two, three):
        assert [t.name for t in practice.tags.all()] == ["child protection"]
    assert set(Tag.objects.values_list("name", flat=True)) == {"child protection"}


def test_admin_publish_and_archive_record_the_timeline(draft, admin_user):
    assert workflow.admin_publish(practices=Practice.objects.filter(pk=draft.pk), actor=admin_user)
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED and draft.published_at
    assert workflow.admin_archive(practices=Practice.objects.filter(pk=draft.pk), actor=admin_user)
    draft.refresh_from_db()
    assert draft.status == Status.ARCHIVED
    assert list(draft.transitions.values_list("action", flat=True)) == [
        Action.PUBLISHED, Action.ARCHIVED,
    ]  # fmt: skip


# --- E-mails carry the reviewer's words -----------------------------------------------------


@pytest.mark.parametrize(
    "decide, words",
    [
        (lambda p, c: workflow.request_changes(practice=p, actor=c, comment="Add the dates."),
         "Add the dates."),
        (lambda p, c: workflow.reject(practice=p, actor=c, reason="Operationally sensitive."),
         "Operationally sensitive."),
        (lambda p, c: workflow.publish(practice=p, actor=c, checklist=ALL_CHECKS,
                                       comment="A model for the region."),
         "A model for the region."),
    ],
)  # fmt: skip
def test_decision_emails_carry_the_reviewers_comment(
    submitted, member, coordinator, decide, words, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        decide(submitted, coordinator)
    sent = [m for m in mailoutbox if member.email in m.to]
    assert len(sent) == 1
    assert words in sent[0].body
    assert submitted.title in sent[0].subject


def test_revision_decision_email_carries_the_comment(
    published, member, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    revision = workflow.propose_revision(
        practice=published, actor=member, snapshot=proposed(published, body="v1"),
        lock_version=published.lock_version,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        workflow.request_revision_changes(
            revision=revision, actor=coordinator, comment="Say which year."
        )
    assert any("Say which year." in m.body for m in mailoutbox if member.email in m.to)
