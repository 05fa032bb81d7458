"""The one shape of a state change: a table of moves, and `_transition()` that runs them.

Each row of `MOVES` says what a move logs on the timeline, who may make it at all (else
`NotAllowed`), when it may be made (else `WrongState`, with the row's words), the status it
leads to, whether it needs a comment and whom to tell.
`_transition()` locks the practice row (and the revision, for a move on one), asks the row,
runs the move's small special part if it has one, writes the status, logs and notifies, all
in one transaction: a refusal anywhere leaves everything as it was. (The database's triggers
reindex the practice for search.)

Writes here skip `full_clean()` on purpose: what a move may change is decided by its row (the
status, the log entry's action and comment), the text is validated by the forms and by
`snapshots.apply`, and the database's constraints back up both; validating every unchanged
field again cost about thirty queries per decision.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practices import permissions
from practices.models import Action, Practice, PracticeRevision, PracticeVersion, Status
from practices.workflow.errors import CommentRequired, NotAllowed, WorkflowError, WrongState
from practices.workflow.records import AUTHOR, COORDINATORS, log, tell


@dataclass(frozen=True)
class Notice:
    """What the people told receive: `kind` for their settings, the subject and the text."""

    kind: str
    subject: Any  # lazy text with %(title)s, or a function of the change
    message: Any  # lazy text with %(title)s and %(who)s, or a function of the change
    url: str = "practice"  # "practice", "review" or "revision": where the link goes


@dataclass(frozen=True)
class Move:
    action: str | None  # what the timeline says (None: a plain save, not logged)
    role: Any  # role(actor, change): may this actor ever make this move?
    allowed: Any  # allowed(actor, change): may they make it now?
    refused: Any  # why not now, in words for the user
    target: str | None = None  # the status it leads to; None leaves it
    comment: Any = None  # the message when a comment is required but missing
    tell: str | None = None  # AUTHOR, COORDINATORS or None
    notice: Notice | None = None


@dataclass
class Change:
    """One move in the making: what the special part and the notice read and add to."""

    practice: Practice
    actor: Any
    comment: str = ""
    revision: PracticeRevision | None = None
    from_status: str = ""
    note: str = ""  # added to the message to the author (e.g. who may read it)
    log_comment: str | None = None  # what the timeline says, when not the comment
    action: str | None = None  # the logged action, when the special part decides it
    params: dict = field(default_factory=dict)  # more values for the notice's text
    fields: list = field(default_factory=list)  # set by the special part, saved with the status
    result: Any = None  # what the service returns, when not the practice


def _anyone(actor, change):
    return True


def _author(actor, change):
    return permissions.is_author(actor, change.practice)


def _coordinator(actor, change):
    return permissions.can_curate(actor)


def _author_or_coordinator(actor, change):
    """Refusals to them are about timing (409), not role (403)."""
    return permissions.is_author(actor, change.practice) or permissions.can_curate(actor)


def _may_review(actor, change):
    return permissions.can_review(actor, change.practice)


def _may_review_revision(actor, change):
    return permissions.can_review_revision(actor, change.revision)


def _may_edit(actor, change):
    return permissions.can_edit(actor, change.practice)


def _may_edit_draft(actor, change):
    return _may_edit(actor, change) and change.practice.status != Status.PUBLISHED


def _may_revise(actor, change):
    return _may_edit(actor, change) and change.practice.status == Status.PUBLISHED


def _may_submit(actor, change):
    return permissions.can_submit(actor, change.practice)


def _may_archive(actor, change):
    return permissions.can_archive(actor, change.practice)


def _may_restore(actor, change):
    return permissions.can_restore(actor, change.practice)


def _may_feature(actor, change):
    return permissions.can_feature(actor, change.practice)


def _may_unfeature(actor, change):
    return _may_feature(actor, change) or change.practice.featured


def _not_published(actor, change):
    return change.practice.status != Status.PUBLISHED


def _published(actor, change):
    return change.practice.status == Status.PUBLISHED


def _submitted_subject(change):
    if change.from_status == Status.CHANGES_REQUESTED:
        return _("Practice resubmitted: %(title)s")
    return _("New practice: %(title)s")


WAITING = gettext_lazy("Only a practice waiting for review can be decided on.")
REVISION_WAITING = gettext_lazy("Only a revision waiting for review can be decided on.")
SAY_WHAT = gettext_lazy("Say what needs to change: a comment is required.")
SAY_WHY = gettext_lazy("Give the reason: it is sent to the author.")
SUBMITTABLE = gettext_lazy("Only a draft, or one sent back for changes, can be submitted.")

MOVES = {
    # --- Contributing
    "create": Move(Action.CREATED, _anyone, _anyone, ""),
    "save": Move(
        None, _author_or_coordinator, _may_edit_draft,
        gettext_lazy("This practice cannot be edited now."),
    ),
    "submit": Move(
        Action.SUBMITTED, _author, _may_submit, SUBMITTABLE, target=Status.SUBMITTED,
        tell=COORDINATORS,
        notice=Notice("practice_submitted", _submitted_subject,
                      gettext_lazy("%(who)s sent “%(title)s” for review."), url="review"),
    ),
    "propose_revision": Move(
        Action.REVISION_PROPOSED, _author_or_coordinator, _may_revise,
        gettext_lazy("Only a published practice takes revisions."), tell=COORDINATORS,
        notice=Notice(
            "practice_revision_submitted", gettext_lazy("Revision to review: %(title)s"),
            gettext_lazy("%(who)s proposed changes to the published practice “%(title)s”."),
            url="revision",
        ),
    ),
    # --- Deciding on submissions
    "publish": Move(
        Action.PUBLISHED, _coordinator, _may_review, WAITING, target=Status.PUBLISHED,
        tell=AUTHOR,
        notice=Notice("practice_published", gettext_lazy("Published: %(title)s"),
                      gettext_lazy("“%(title)s” is now published. Thank you for sharing it.")),
    ),
    "request_changes": Move(
        Action.CHANGES_REQUESTED, _coordinator, _may_review, WAITING,
        target=Status.CHANGES_REQUESTED, comment=SAY_WHAT, tell=AUTHOR,
        notice=Notice(
            "practice_changes_requested", gettext_lazy("Changes requested: %(title)s"),
            gettext_lazy("A coordinator asks for changes to “%(title)s” before publishing it."),
        ),
    ),
    "reject": Move(
        Action.REJECTED, _coordinator, _may_review, WAITING, target=Status.REJECTED,
        comment=SAY_WHY, tell=AUTHOR,
        notice=Notice("practice_rejected", gettext_lazy("Not published: %(title)s"),
                      gettext_lazy("A coordinator decided not to publish “%(title)s”.")),
    ),
    # --- Deciding on revisions of published practices
    "approve_revision": Move(
        Action.REVISION_APPROVED, _coordinator, _may_review_revision, REVISION_WAITING,
        tell=AUTHOR,
        notice=Notice(
            "practice_revision_approved",
            gettext_lazy("Your changes are published: %(title)s"),
            gettext_lazy("Your revision of “%(title)s” is now the published text."),
        ),
    ),
    "request_revision_changes": Move(
        Action.REVISION_CHANGES_REQUESTED, _coordinator, _may_review_revision,
        REVISION_WAITING, comment=SAY_WHAT, tell=AUTHOR,
        notice=Notice(
            "practice_revision_changes_requested",
            gettext_lazy("Changes requested to your revision: %(title)s"),
            gettext_lazy("A coordinator asks for changes to your revision of “%(title)s”."),
        ),
    ),
    "reject_revision": Move(
        Action.REVISION_REJECTED, _coordinator, _may_review_revision, REVISION_WAITING,
        comment=SAY_WHY, tell=AUTHOR,
        notice=Notice(
            "practice_revision_rejected", gettext_lazy("Revision not accepted: %(title)s"),
            gettext_lazy("A coordinator decided not to apply your revision of “%(title)s”."),
        ),
    ),
    # --- Curating published practices
    "archive": Move(
        Action.ARCHIVED, _coordinator, _may_archive,
        gettext_lazy("Only a published practice can be archived."), target=Status.ARCHIVED,
        tell=AUTHOR,
        notice=Notice(
            "practice_archived", gettext_lazy("Archived: %(title)s"),
            gettext_lazy("“%(title)s” has been archived: it is kept, but no longer public."),
        ),
    ),
    "restore": Move(
        Action.RESTORED, _coordinator, _may_restore,
        gettext_lazy("This version cannot be restored."), tell=AUTHOR,
        notice=Notice(
            "practice_restored", gettext_lazy("Earlier version restored: %(title)s"),
            gettext_lazy("A coordinator restored version %(n)d of “%(title)s”."),
        ),
    ),
    "propose_restore": Move(
        Action.REVISION_PROPOSED, _coordinator, _may_restore,
        gettext_lazy("This version cannot be restored."), tell=COORDINATORS,
        notice=Notice(
            "practice_revision_submitted", gettext_lazy("Restore to review: %(title)s"),
            gettext_lazy(
                "%(who)s proposed restoring version %(n)d of the published practice “%(title)s”."
            ),
            url="revision",
        ),
    ),
    "feature": Move(
        Action.FEATURED, _coordinator, _may_feature,
        gettext_lazy("Only a published practice can be featured."),
    ),
    "unfeature": Move(
        Action.UNFEATURED, _coordinator, _may_unfeature,
        gettext_lazy("Only a published practice can be featured."),
    ),
    # --- Django admin (the admin's own permissions guard these; the loader acts as nobody)
    "admin_publish": Move(
        Action.PUBLISHED, _anyone, _not_published, "", target=Status.PUBLISHED
    ),
    "admin_archive": Move(
        Action.ARCHIVED, _anyone, _published, "", target=Status.ARCHIVED
    ),
    "admin_saved": Move(Action.EDITED, _anyone, _anyone, ""),
}  # fmt: skip


class Nothing(Exception):
    """Raised by a special part when the move would change nothing (feature a featured one)."""


def _lock(practice, revision=None):
    """The practice row (given as itself, its pk or its slug, or as the practice of
    `revision`), locked, with its author.

    `of=("self",)`: PostgreSQL refuses to lock the nullable side of the author join.
    """
    if practice is None:
        lookup = {"revisions": revision.pk if isinstance(revision, PracticeRevision) else revision}
    elif isinstance(practice, Practice):
        lookup = {"pk": practice.pk}
    elif isinstance(practice, str):
        lookup = {"slug": practice}
    else:
        lookup = {"pk": practice}
    # The author with their e-mail preference: the notice a move sends needs no other query.
    # The latest version's number: a move that keeps a version numbers it without asking
    # again (nothing else adds a version while the practice is locked).
    latest = PracticeVersion.objects.filter(practice=OuterRef("pk")).order_by("-number")
    return (
        Practice.objects.select_for_update(of=("self",))
        .select_related("author__profile")
        .annotate(latest_version_number=Subquery(latest.values("number")[:1]))
        .get(**lookup)
    )


def _lock_revision(revision, practice):
    # After the practice, as every move locks them: two moves never wait on each other.
    revision = (
        PracticeRevision.objects.select_for_update(of=("self",))
        .select_related("author__profile")
        .get(pk=revision.pk if isinstance(revision, PracticeRevision) else revision)
    )
    revision.practice = practice
    return revision


def _transition(moves, *, practice, actor, comment="", revision=None, special=None):
    """Lock, check, write, log and notify one practice's change; returns the Change.

    `practice`: the practice, its pk or its slug (a view need not load it first); None for a
    move on a `revision` (itself or its pk), whose practice is locked first.

    `moves`: a move's name, or a function of the locked practice that picks one, or a list of
    (name, special) made one after the other under the same lock (save, then submit).
    `special(change)`: the move's own part, run after the checks and before the status is
    written; it may raise a WorkflowError (all is undone) or `Nothing`.
    """
    before = None
    try:
        with transaction.atomic():
            practice = _lock(practice, revision)
            # What a refusal names (the page links back to it), as it was before the move.
            before = Practice(pk=practice.pk, slug=practice.slug, title=practice.title)
            return _run(moves, practice, actor, comment, revision, special)
    except WorkflowError as refusal:
        if getattr(refusal, "practice", None) is None:
            refusal.practice = before
        raise


def _run(moves, practice, actor, comment, revision, special):
    if callable(moves):
        moves = moves(practice)
    if isinstance(moves, str):
        moves = [(moves, special)]
    change = Change(practice=practice, actor=actor, comment=(comment or "").strip())
    if revision is not None:
        change.revision = _lock_revision(revision, practice)
    for name, part in moves:
        move = MOVES[name]
        try:
            _apply(move, change, part)
        except Nothing:
            return change
    return change


def _apply(move, change, special):
    practice, actor = change.practice, change.actor
    if not move.role(actor, change):
        raise NotAllowed(_("You are not allowed to do this."))
    if not move.allowed(actor, change):
        raise WrongState(str(move.refused))
    if move.comment and not change.comment:
        raise CommentRequired(str(move.comment))
    change.from_status = practice.status
    change.action = move.action
    if special is not None:
        special(change)
    if move.target:
        practice.status = move.target
        practice.lock_version += 1
        practice.save(update_fields=["status", "lock_version", "updated_at", *change.fields])
    if change.action:
        log(change)
    if move.tell:
        tell(move, change)
