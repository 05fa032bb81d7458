"""Coordinators decide: on submissions (publish, request changes, reject), on revisions of
published practices (approve, request changes, reject), and archive published practices.

`decide()` is the one entry for the review pages: the same three decisions apply to a
submission and to a revision.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practices.models import RevisionStatus, Visibility
from practices.workflow import snapshots
from practices.workflow.errors import ChecklistIncomplete, InvalidInput
from practices.workflow.records import name, record_version, tell_author, title
from practices.workflow.transitions import _transition

# What a coordinator confirms before anything goes public.
CHECKLIST = {
    "no_personal_data": gettext_lazy("It contains no personal data of victims."),
    "not_operational": gettext_lazy("It contains nothing operationally sensitive."),
    "sources_stated": gettext_lazy("Its sources are stated."),
}

# In a revision's snapshot: the number of the version it restores, when it does.
RESTORED_FROM = "restored_from"

# The decisions of the review pages.
PUBLISH = "publish"
REQUEST_CHANGES = "request_changes"
REJECT = "reject"


def _check_list(checklist):
    if set(checklist or ()) != set(CHECKLIST):
        raise ChecklistIncomplete(
            _("Tick all three checks (personal data, sensitive details, sources) to approve.")
        )


def _decide_visibility(practice, visibility):
    """Set who may read the practice (None: what the author proposed); returns a note."""
    proposed = practice.visibility
    if visibility:
        if visibility not in Visibility.values:
            raise InvalidInput(_("Choose who may read it: everyone, or signed-in members only."))
        practice.visibility = visibility
    decided = Visibility(practice.visibility).label
    if practice.visibility == proposed:
        return _("Visible to: %(decided)s.") % {"decided": decided}
    return _("Visible to: %(decided)s (the author proposed: %(proposed)s).") % {
        "decided": decided,
        "proposed": Visibility(proposed).label,
    }


def _close_revision(revision, *, actor, status, comment):
    revision.status = status
    revision.reviewer = actor
    revision.reviewer_comment = comment
    if status in (RevisionStatus.APPROVED, RevisionStatus.REJECTED):
        revision.decided_at = timezone.now()
    revision.save(
        update_fields=["status", "reviewer", "reviewer_comment", "decided_at", "updated_at"]
    )


# --- Submissions ----------------------------------------------------------------------------


def publish(*, practice, actor, checklist, comment="", visibility=None):
    """submitted → published, by a coordinator who has ticked the checklist.

    The coordinator decides who may read it (`visibility`; None keeps the author's proposal);
    the published text, with that decision, is kept as a version.
    """
    _check_list(checklist)

    def publishing(change):
        practice = change.practice
        change.note = _decide_visibility(practice, visibility)
        version = record_version(
            practice, actor=actor, note=_("Published. %(readers)s") % {"readers": change.note}
        )
        if not version.snapshot["objectives"]:
            raise InvalidInput(_("A practice needs at least one objective to be published."))
        practice.published_at = practice.published_at or timezone.now()
        change.fields = ["published_at", "visibility"]

    return _transition(
        "publish", practice=practice, actor=actor, comment=comment, special=publishing
    ).practice


def request_changes(*, practice, actor, comment):
    """submitted → changes_requested, by a coordinator, saying what to change."""
    return _transition("request_changes", practice=practice, actor=actor, comment=comment).practice


def reject(*, practice, actor, reason):
    """submitted → rejected, by a coordinator, giving the reason."""
    return _transition("reject", practice=practice, actor=actor, comment=reason).practice


def archive(*, practice, actor, comment=""):
    """published → archived, by a coordinator; archiving replaces deleting."""

    def archiving(change):
        for revision in change.practice.revisions.open().select_for_update():
            _close_revision(
                revision,
                actor=actor,
                status=RevisionStatus.REJECTED,
                comment=_("The practice was archived."),
            )

    return _transition(
        "archive", practice=practice, actor=actor, comment=comment, special=archiving
    ).practice


# --- Revisions of published practices -------------------------------------------------------


def approve_revision(*, revision, actor, checklist, comment="", visibility=None):
    """Apply a revision to the live practice: a new version, the publication date kept.

    `visibility` is the coordinator's decision on who may read it (None: as proposed).
    """
    _check_list(checklist)

    def approving(change):
        practice, revision = change.practice, change.revision
        practice.lock_version += 1
        proposed = revision.snapshot
        live = snapshots.take(practice)
        # Who may read it: as proposed, unless the coordinator decides otherwise.
        practice.visibility = proposed.get(snapshots.VISIBILITY) or practice.visibility
        change.note = _decide_visibility(practice, visibility)
        # The proposal was validated when it was made; the database's constraints still hold.
        applied = {**proposed, snapshots.VISIBILITY: practice.visibility}
        snapshots.apply(practice, applied, live=live, validate=False)
        # Most revisions change the text only: the version then reuses the filing just read.
        now = None
        if snapshots.same_filing(applied, live):
            now = snapshots.take(practice, filed_as=live)
        restored_from = proposed.get(RESTORED_FROM)
        if restored_from:
            note = _("Restored from version %(n)d, after review.") % {"n": restored_from}
        else:
            note = _("Revision by %(who)s.") % {"who": name(revision.author)}
        record_version(practice, actor=actor, note=f"{note} {change.note}", snapshot=now)
        _close_revision(
            revision, actor=actor, status=RevisionStatus.APPROVED, comment=change.comment
        )
        if restored_from and practice.author_id != revision.author_id:
            tell_author(
                practice,
                recipient=practice.author,
                actor=actor,
                kind="practice_restored",
                subject=_("Earlier version restored: %(title)s") % {"title": title(practice)},
                message=_("After review, version %(n)d of “%(title)s” is the published text again.")
                % {"n": restored_from, "title": practice.title},
            )
        change.result = revision

    return _transition(
        "approve_revision",
        practice=None,
        revision=revision,
        actor=actor,
        comment=comment,
        special=approving,
    ).result


def _closing(status):
    def close(change):
        _close_revision(change.revision, actor=change.actor, status=status, comment=change.comment)
        change.result = change.revision

    return close


def request_revision_changes(*, revision, actor, comment):
    return _transition(
        "request_revision_changes",
        practice=None,
        revision=revision,
        actor=actor,
        comment=comment,
        special=_closing(RevisionStatus.CHANGES_REQUESTED),
    ).result


def reject_revision(*, revision, actor, reason):
    return _transition(
        "reject_revision",
        practice=None,
        revision=revision,
        actor=actor,
        comment=reason,
        special=_closing(RevisionStatus.REJECTED),
    ).result


# --- The review pages' one entry ------------------------------------------------------------


# Each decision: (the service on a submission, the one on a revision, what it takes).
_DECISIONS = {
    PUBLISH: (publish, approve_revision, ("checklist", "comment", "visibility")),
    REQUEST_CHANGES: (request_changes, request_revision_changes, ("comment",)),
    REJECT: (reject, reject_revision, ("reason",)),
}


def decide(*, decision, actor, practice=None, revision=None, checklist=(), comment="",
           visibility=None):  # fmt: skip
    """One of the three decisions, on a submission (`practice`) or on a revision."""
    on_practice, on_revision, takes = _DECISIONS[decision]
    given = {"checklist": checklist, "comment": comment, "reason": comment,
             "visibility": visibility}  # fmt: skip
    arguments = {arg: given[arg] for arg in takes}
    if revision is not None:
        return on_revision(revision=revision, actor=actor, **arguments)
    return on_practice(practice=practice, actor=actor, **arguments)
