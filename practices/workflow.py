"""State changes of practices: each one a service function, in one transaction.

Members contribute, coordinators curate, and nothing is ever lost. Every function here:
locks the practice row (`select_for_update`), asks `practices.permissions` whether the actor
may do this now, writes the change with `full_clean()`, records a `PracticeTransition` for the
timeline (and a `PracticeVersion` whenever the text changed), notifies whoever must know, and
brings the search index up to date — all inside `transaction.atomic()`. A refused change raises
`WorkflowError` (its message is for the user) and leaves everything as it was.

Admins publish and archive from Django admin through `admin_publish` / `admin_archive`, never
by editing the status by hand, so the publication date and the search index always follow.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cop.notifications import notify, notify_coordinators
from cop.ratelimit import RateLimit
from cop.roles import is_coordinator
from practices import permissions, search, snapshots
from practices.models import (
    Action,
    Practice,
    PracticeRevision,
    PracticeTransition,
    PracticeVersion,
    RevisionStatus,
    Status,
    Visibility,
)

# What a coordinator confirms before anything goes public.
CHECKLIST = {
    "no_personal_data": gettext_lazy("It contains no personal data of victims."),
    "not_operational": gettext_lazy("It contains nothing operationally sensitive."),
    "sources_stated": gettext_lazy("Its sources are stated."),
}

SUBMISSIONS = RateLimit(
    "practice-submissions",
    limit=getattr(settings, "PRACTICE_SUBMISSIONS_PER_HOUR", 10),
    window=timedelta(hours=1),
)
# New practices a member may start per hour, and drafts they may hold at once (never submitted
# or sent back to them): drafts are stored, so they are limited like submissions.
DRAFTS = RateLimit(
    "practice-drafts",
    limit=getattr(settings, "PRACTICE_DRAFTS_PER_HOUR", 20),
    window=timedelta(hours=1),
)
MAX_OPEN_DRAFTS = getattr(settings, "PRACTICE_MAX_OPEN_DRAFTS", 30)


# In a revision's snapshot: the number of the version it restores, when it does.
RESTORED_FROM = "restored_from"


class WorkflowError(Exception):
    """A change the rules refuse; `message` says why, in words for the user."""

    status_code = 409

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotAllowed(WorkflowError):
    """The actor's role does not allow this."""

    status_code = 403


class InvalidInput(WorkflowError):
    """Something the actor must supply is missing (a comment, the checklist)."""

    status_code = 400


class EditConflict(WorkflowError):
    """Someone saved the practice after this form was loaded."""

    def __init__(self, message, *, practice):
        super().__init__(message)
        self.practice = practice


class TooManySubmissions(WorkflowError):
    status_code = 429


class TooManyDrafts(WorkflowError):
    status_code = 429


# --- Helpers --------------------------------------------------------------------------------


def _lock(practice):
    # A plain row lock: no joins, which PostgreSQL refuses to lock on their nullable side.
    return Practice.objects.select_for_update().get(pk=practice.pk)


def _require(allowed, *, role, message):
    """Refuse with 403 when the actor's role is wrong, else with `message` when the state is."""
    if not role:
        raise NotAllowed(_("You are not allowed to do this."))
    if not allowed:
        raise WorkflowError(message)


def _required_text(text, message):
    text = (text or "").strip()
    if not text:
        raise InvalidInput(message)
    return text


def _check_list(checklist):
    if set(checklist or ()) != set(CHECKLIST):
        raise InvalidInput(
            _("Tick all three checks (personal data, sensitive details, sources) to approve.")
        )


def _log(practice, *, actor, action, from_status, comment=""):
    entry = PracticeTransition(
        practice=practice,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        from_status=from_status,
        to_status=practice.status,
        comment=comment,
    )
    entry.full_clean()
    entry.save()
    return entry


def _record_version(practice, *, actor, note, only_if_changed=False):
    """Keep the practice's current fields as its next version (the practice row is locked)."""
    snapshot = snapshots.take(practice)
    latest = practice.versions.order_by("-number").first()
    if only_if_changed and latest and snapshots.same_content(latest.snapshot, snapshot):
        return latest
    number = (practice.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = PracticeVersion(
        practice=practice,
        number=number,
        snapshot=snapshot,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        note=note[:300],
    )
    version.full_clean()
    version.save()
    return version


def _save(practice, *fields):
    practice.lock_version += 1
    practice.full_clean()
    practice.save(update_fields=[*fields, "lock_version", "updated_at"])


def _title(practice):
    return Truncator(practice.title).chars(120)


def _tell_author(practice, *, recipient, actor, kind, subject, message):
    if recipient is None or recipient == actor:
        return
    notify(
        recipients=[recipient],
        subject=Truncator(subject).chars(200),
        message=message,
        url=practice.get_absolute_url(),
        kind=kind,
    )


def _tell_restored(practice, *, actor, message):
    """Tell the author that an earlier version of their practice is its text again."""
    _tell_author(
        practice,
        recipient=practice.contributor,
        actor=actor,
        kind="practice_restored",
        subject=_("Earlier version restored: %(title)s") % {"title": _title(practice)},
        message=message,
    )


def _with_comment(text, comment):
    if not comment:
        return text
    return text + "\n\n" + _("The coordinator's comment:") + "\n" + comment


def _check_rate(actor):
    if permissions.is_rate_limited(actor) and SUBMISSIONS.is_exceeded(actor.pk):
        raise TooManySubmissions(
            _(
                "You have sent %(n)d practices for review in the last hour, the most we accept. "
                "Your text is kept: save it as a draft and submit it later."
            )
            % {"n": SUBMISSIONS.limit}
        )


def _count_submission(actor):
    if permissions.is_rate_limited(actor):
        SUBMISSIONS.hit(actor.pk)


def _check_drafts(author):
    if not permissions.is_rate_limited(author):
        return
    if DRAFTS.is_exceeded(author.pk):
        raise TooManyDrafts(
            _(
                "You have started %(n)d practices in the last hour, the most we accept. Your "
                "text is kept below: save it a little later, or continue one of your drafts."
            )
            % {"n": DRAFTS.limit}
        )
    open_drafts = Practice.objects.filter(contributor=author, status=Status.DRAFT).count()
    if open_drafts >= MAX_OPEN_DRAFTS:
        raise TooManyDrafts(
            _(
                "You have %(n)d drafts not yet submitted, the most one member may keep. Your "
                "text is kept below: submit or finish one of your drafts (in My practices) "
                "before starting another."
            )
            % {"n": open_drafts}
        )


# Paths under /practices/ that are pages, not practices.
RESERVED_SLUGS = {"new", "mine"}


def _unique_slug(title):
    base = slugify(title)[:100].strip("-") or "practice"
    taken = RESERVED_SLUGS | set(
        Practice.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _may_edit_some_time(actor, practice):
    """The author or a coordinator: refusals to them are about timing (409), not role (403)."""
    return permissions.is_author(actor, practice) or is_coordinator(actor)


def _conflict(practice):
    return EditConflict(
        _(
            "Someone saved this practice after you opened the form. Your text is kept below; "
            "compare it with the current version before saving again, which will replace it."
        ),
        practice=practice,
    )


# --- Contributing ---------------------------------------------------------------------------


def create_practice(*, author, snapshot, submit=False):
    """A member's new practice, as a draft (and submitted for review when `submit`)."""
    _require(True, role=permissions.can_contribute(author), message="")
    with transaction.atomic():
        _check_drafts(author)
        if submit:
            _check_rate(author)
        practice = Practice(
            contributor=author, status=Status.DRAFT, slug=_unique_slug(snapshot["title"])
        )
        snapshots.apply(practice, snapshot)
        _log(practice, actor=author, action=Action.CREATED, from_status=Status.DRAFT)
        _record_version(practice, actor=author, note=_("First draft"))
        if submit:
            _submit(practice, actor=author)
            _count_submission(author)
        if permissions.is_rate_limited(author):
            DRAFTS.hit(author.pk)
        search.reindex([practice.pk])
    return practice


def save_draft(*, practice, actor, snapshot, lock_version, submit=False):
    """Save the edit form of a practice that is not yet published (then submit it if asked)."""
    with transaction.atomic():
        practice = _lock(practice)
        _require(
            permissions.can_edit(actor, practice) and practice.status != Status.PUBLISHED,
            role=_may_edit_some_time(actor, practice),
            message=_("This practice cannot be edited now."),
        )
        if practice.lock_version != lock_version:
            raise _conflict(practice)
        if submit:
            _require(
                permissions.can_submit(actor, practice),
                role=permissions.is_author(actor, practice),
                message=_("Only a draft, or one sent back for changes, can be submitted."),
            )
            _check_rate(actor)
        practice.lock_version += 1
        snapshots.apply(practice, snapshot)
        _record_version(practice, actor=actor, note=_("Saved"), only_if_changed=True)
        if submit:
            _submit(practice, actor=actor)
            _count_submission(actor)
        search.reindex([practice.pk])
    return practice


def _submit(practice, *, actor):
    if not practice.objectives.exists():
        raise InvalidInput(_("Choose at least one objective before submitting."))
    from_status = practice.status
    practice.status = Status.SUBMITTED
    _save(practice, "status")
    _log(practice, actor=actor, action=Action.SUBMITTED, from_status=from_status)
    resubmitted = from_status == Status.CHANGES_REQUESTED
    notify_coordinators(
        subject=(
            _("Practice resubmitted: %(title)s") if resubmitted else _("New practice: %(title)s")
        )
        % {"title": _title(practice)},
        message=_("%(who)s sent “%(title)s” for review.")
        % {"who": _name(actor), "title": practice.title},
        url=reverse("curation:review", kwargs={"slug": practice.slug}),
        kind="practice_submitted",
        actor=actor,
    )


def submit(*, practice, actor):
    """draft or changes_requested → submitted, by its author; coordinators are told."""
    with transaction.atomic():
        practice = _lock(practice)
        _require(
            permissions.can_submit(actor, practice),
            role=permissions.is_author(actor, practice),
            message=_("Only a draft, or one sent back for changes, can be submitted."),
        )
        _check_rate(actor)
        _submit(practice, actor=actor)
        _count_submission(actor)
    return practice


def _name(user):
    if user is None:
        return _("Someone")
    return user.get_full_name() or user.get_username()


# --- Deciding on submissions ----------------------------------------------------------------


def _decide(practice, *, actor):
    practice = _lock(practice)
    _require(
        permissions.can_review(actor, practice),
        role=permissions.can_review(actor),
        message=_("Only a practice waiting for review can be decided on."),
    )
    return practice


def request_changes(*, practice, actor, comment):
    """submitted → changes_requested, by a coordinator, saying what to change."""
    comment = _required_text(comment, _("Say what needs to change: a comment is required."))
    with transaction.atomic():
        practice = _decide(practice, actor=actor)
        practice.status = Status.CHANGES_REQUESTED
        _save(practice, "status")
        _log(practice, actor=actor, action=Action.CHANGES_REQUESTED,
             from_status=Status.SUBMITTED, comment=comment)  # fmt: skip
        _tell_author(
            practice,
            recipient=practice.contributor,
            actor=actor,
            kind="practice_changes_requested",
            subject=_("Changes requested: %(title)s") % {"title": _title(practice)},
            message=_with_comment(
                _("A coordinator asks for changes to “%(title)s” before publishing it.")
                % {"title": practice.title},
                comment,
            ),
        )
    return practice


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


def publish(*, practice, actor, checklist, comment="", visibility=None):
    """submitted → published, by a coordinator who has ticked the checklist.

    The coordinator decides who may read it (`visibility`; None keeps the author's proposal);
    the published text, with that decision, is kept as a version.
    """
    _check_list(checklist)
    with transaction.atomic():
        practice = _decide(practice, actor=actor)
        if not practice.objectives.exists():
            raise InvalidInput(_("A practice needs at least one objective to be published."))
        readers = _decide_visibility(practice, visibility)
        practice.status = Status.PUBLISHED
        practice.published_at = practice.published_at or timezone.now()
        _save(practice, "status", "published_at", "visibility")
        _record_version(
            practice, actor=actor, note=_("Published. %(readers)s") % {"readers": readers}
        )
        _log(practice, actor=actor, action=Action.PUBLISHED, from_status=Status.SUBMITTED,
             comment=(comment or "").strip())  # fmt: skip
        _tell_author(
            practice,
            recipient=practice.contributor,
            actor=actor,
            kind="practice_published",
            subject=_("Published: %(title)s") % {"title": _title(practice)},
            message=_with_comment(
                _("“%(title)s” is now published. Thank you for sharing it.")
                % {"title": practice.title}
                + " "
                + readers,
                (comment or "").strip(),
            ),
        )
        search.reindex([practice.pk])
    return practice


def reject(*, practice, actor, reason):
    """submitted → rejected, by a coordinator, giving the reason."""
    reason = _required_text(reason, _("Give the reason: it is sent to the author."))
    with transaction.atomic():
        practice = _decide(practice, actor=actor)
        practice.status = Status.REJECTED
        _save(practice, "status")
        _log(practice, actor=actor, action=Action.REJECTED, from_status=Status.SUBMITTED,
             comment=reason)  # fmt: skip
        _tell_author(
            practice,
            recipient=practice.contributor,
            actor=actor,
            kind="practice_rejected",
            subject=_("Not published: %(title)s") % {"title": _title(practice)},
            message=_with_comment(
                _("A coordinator decided not to publish “%(title)s”.") % {"title": practice.title},
                reason,
            ),
        )
    return practice


def archive(*, practice, actor, comment=""):
    """published → archived, by a coordinator; archiving replaces deleting."""
    comment = (comment or "").strip()
    with transaction.atomic():
        practice = _lock(practice)
        _require(
            permissions.can_archive(actor, practice),
            role=is_coordinator(actor),
            message=_("Only a published practice can be archived."),
        )
        practice.status = Status.ARCHIVED
        _save(practice, "status")
        _log(practice, actor=actor, action=Action.ARCHIVED, from_status=Status.PUBLISHED,
             comment=comment)  # fmt: skip
        for revision in practice.revisions.open().select_for_update():
            _close_revision(
                revision,
                actor=actor,
                status=RevisionStatus.REJECTED,
                comment=_("The practice was archived."),
            )
        _tell_author(
            practice,
            recipient=practice.contributor,
            actor=actor,
            kind="practice_archived",
            subject=_("Archived: %(title)s") % {"title": _title(practice)},
            message=_with_comment(
                _("“%(title)s” has been archived: it is kept, but no longer public.")
                % {"title": practice.title},
                comment,
            ),
        )
        search.reindex([practice.pk])
    return practice


# --- Revisions of published practices ------------------------------------------------------


def propose_revision(*, practice, actor, snapshot, lock_version):
    """An edit of a published practice, kept aside for review; the live text stays public.

    The actor's open revision (or any open one, for a coordinator) is updated in place: a
    practice has at most one revision waiting.
    """
    with transaction.atomic():
        practice = _lock(practice)
        _require(
            permissions.can_edit(actor, practice) and practice.status == Status.PUBLISHED,
            role=_may_edit_some_time(actor, practice),
            message=_("Only a published practice takes revisions."),
        )
        if practice.lock_version != lock_version:
            raise _conflict(practice)
        revision = practice.revisions.open().select_for_update().first()
        if revision is not None and not permissions.can_edit_revision(actor, revision):
            raise WorkflowError(
                _("A revision by %(who)s is already waiting for review; it must be decided first.")
                % {"who": _name(revision.author)}
            )
        live = snapshots.take(practice)
        # The form does not carry everything (the source presentation): the rest stays as is.
        snapshot = {**live, **snapshot}
        if revision is None and snapshots.same_content(live, snapshot):
            raise InvalidInput(_("This is the published text unchanged: nothing to review."))
        _check_rate(actor)
        if revision is None:
            revision = PracticeRevision(practice=practice, author=actor)
        revision.snapshot = snapshot
        revision.status = RevisionStatus.PENDING
        revision.full_clean()
        revision.save()
        # The live row is unchanged, but the next form must see that the edit moved on.
        Practice.objects.filter(pk=practice.pk).update(lock_version=F("lock_version") + 1)
        practice.refresh_from_db(fields=["lock_version"])
        _log(practice, actor=actor, action=Action.REVISION_PROPOSED, from_status=practice.status)
        notify_coordinators(
            subject=_("Revision to review: %(title)s") % {"title": _title(practice)},
            message=_("%(who)s proposed changes to the published practice “%(title)s”.")
            % {"who": _name(actor), "title": practice.title},
            url=reverse("curation:revision", kwargs={"pk": revision.pk}),
            kind="practice_revision_submitted",
            actor=actor,
        )
        _count_submission(actor)
    return revision


def _lock_revision(revision, *, actor):
    practice = _lock(revision.practice)
    revision = PracticeRevision.objects.select_for_update().get(pk=revision.pk)
    revision.practice = practice
    _require(
        permissions.can_review_revision(actor, revision),
        role=is_coordinator(actor),
        message=_("Only a revision waiting for review can be decided on."),
    )
    return revision


def _close_revision(revision, *, actor, status, comment):
    revision.status = status
    revision.reviewer = actor
    revision.reviewer_comment = comment
    if status in (RevisionStatus.APPROVED, RevisionStatus.REJECTED):
        revision.decided_at = timezone.now()
    revision.full_clean()
    revision.save()


def approve_revision(*, revision, actor, checklist, comment="", visibility=None):
    """Apply a revision to the live practice: a new version, the publication date kept.

    `visibility` is the coordinator's decision on who may read it (None: as proposed).
    """
    _check_list(checklist)
    comment = (comment or "").strip()
    with transaction.atomic():
        revision = _lock_revision(revision, actor=actor)
        practice = revision.practice
        practice.lock_version += 1
        snapshots.apply(practice, revision.snapshot)
        readers = _decide_visibility(practice, visibility)
        practice.full_clean()
        practice.save(update_fields=["visibility", "updated_at"])
        restored_from = revision.snapshot.get(RESTORED_FROM)
        if restored_from:
            note = _("Restored from version %(n)d, after review.") % {"n": restored_from}
        else:
            note = _("Revision by %(who)s.") % {"who": _name(revision.author)}
        _record_version(practice, actor=actor, note=f"{note} {readers}")
        _close_revision(revision, actor=actor, status=RevisionStatus.APPROVED, comment=comment)
        _log(practice, actor=actor, action=Action.REVISION_APPROVED, from_status=practice.status,
             comment=comment)  # fmt: skip
        _tell_author(
            practice,
            recipient=revision.author,
            actor=actor,
            kind="practice_revision_approved",
            subject=_("Your changes are published: %(title)s") % {"title": _title(practice)},
            message=_with_comment(
                _("Your revision of “%(title)s” is now the published text.")
                % {"title": practice.title}
                + " "
                + readers,
                comment,
            ),
        )
        if restored_from and practice.contributor_id != revision.author_id:
            _tell_restored(
                practice,
                actor=actor,
                message=_("After review, version %(n)d of “%(title)s” is the published text again.")
                % {"n": restored_from, "title": practice.title},
            )
        search.reindex([practice.pk])
    return revision


def request_revision_changes(*, revision, actor, comment):
    comment = _required_text(comment, _("Say what needs to change: a comment is required."))
    with transaction.atomic():
        revision = _lock_revision(revision, actor=actor)
        _close_revision(
            revision, actor=actor, status=RevisionStatus.CHANGES_REQUESTED, comment=comment
        )
        practice = revision.practice
        _log(practice, actor=actor, action=Action.REVISION_CHANGES_REQUESTED,
             from_status=practice.status, comment=comment)  # fmt: skip
        _tell_author(
            practice,
            recipient=revision.author,
            actor=actor,
            kind="practice_revision_changes_requested",
            subject=_("Changes requested to your revision: %(title)s")
            % {"title": _title(practice)},
            message=_with_comment(
                _("A coordinator asks for changes to your revision of “%(title)s”.")
                % {"title": practice.title},
                comment,
            ),
        )
    return revision


def reject_revision(*, revision, actor, reason):
    reason = _required_text(reason, _("Give the reason: it is sent to the author."))
    with transaction.atomic():
        revision = _lock_revision(revision, actor=actor)
        _close_revision(revision, actor=actor, status=RevisionStatus.REJECTED, comment=reason)
        practice = revision.practice
        _log(practice, actor=actor, action=Action.REVISION_REJECTED,
             from_status=practice.status, comment=reason)  # fmt: skip
        _tell_author(
            practice,
            recipient=revision.author,
            actor=actor,
            kind="practice_revision_rejected",
            subject=_("Revision not accepted: %(title)s") % {"title": _title(practice)},
            message=_with_comment(
                _("A coordinator decided not to apply your revision of “%(title)s”.")
                % {"title": practice.title},
                reason,
            ),
        )
    return revision


# --- Curating published practices -----------------------------------------------------------


def restore_version(*, version, actor):
    """Bring an earlier version back.

    On a published practice the old text goes through review like any edit: it becomes a
    pending revision (returned), checked against the checklist and the personal-data warning,
    and the live text stays public until it is approved. An old version may hold exactly what
    a reviewer had asked to remove. On any other practice, which is not public, the version is
    written back at once as a new version, and the practice is returned.
    """
    with transaction.atomic():
        practice = _lock(version.practice)
        _require(
            permissions.can_restore(actor, practice),
            role=is_coordinator(actor),
            message=_("This version cannot be restored."),
        )
        if practice.status == Status.PUBLISHED:
            return _propose_restore(practice, version=version, actor=actor)
        practice.lock_version += 1
        snapshots.apply(practice, version.snapshot)
        note = _("Restored from version %(n)d") % {"n": version.number}
        _record_version(practice, actor=actor, note=note)
        _log(practice, actor=actor, action=Action.RESTORED, from_status=practice.status,
             comment=note)  # fmt: skip
        _tell_restored(
            practice,
            actor=actor,
            message=_("A coordinator restored version %(n)d of “%(title)s”.")
            % {"n": version.number, "title": practice.title},
        )
        search.reindex([practice.pk])
    return practice


def _propose_restore(practice, *, version, actor):
    """The old version of a published practice as a revision to review (the row is locked)."""
    # The practice row is locked: no revision can open meanwhile.
    revision = practice.revisions.open().select_related("author").first()
    if revision is not None:
        raise WorkflowError(
            _(
                "A revision by %(who)s is already waiting for review. Decide on it first, "
                "then restore version %(n)d."
            )
            % {"who": _name(revision.author), "n": version.number}
        )
    live = snapshots.take(practice)
    # A restore brings back the text; who may read it stays as decided for the live practice.
    snapshot = {**live, **version.snapshot, snapshots.VISIBILITY: live[snapshots.VISIBILITY]}
    if snapshots.same_content(live, snapshot):
        raise InvalidInput(
            _("Version %(n)d is the published text unchanged: nothing to restore.")
            % {"n": version.number}
        )
    # Kept in the proposal so the review page can say where the text comes from; a later edit
    # of the revision starts from the live fields and drops it.
    snapshot[RESTORED_FROM] = version.number
    revision = PracticeRevision(
        practice=practice, author=actor, snapshot=snapshot, status=RevisionStatus.PENDING
    )
    revision.full_clean()
    revision.save()
    Practice.objects.filter(pk=practice.pk).update(lock_version=F("lock_version") + 1)
    note = _("Restore of version %(n)d proposed: it is published only once approved.") % {
        "n": version.number
    }
    _log(practice, actor=actor, action=Action.REVISION_PROPOSED, from_status=practice.status,
         comment=note)  # fmt: skip
    notify_coordinators(
        subject=_("Restore to review: %(title)s") % {"title": _title(practice)},
        message=_("%(who)s proposed restoring version %(n)d of the published practice “%(title)s”.")
        % {"who": _name(actor), "n": version.number, "title": practice.title},
        url=reverse("curation:revision", kwargs={"pk": revision.pk}),
        kind="practice_revision_submitted",
        actor=actor,
    )
    return revision


def set_featured(*, practice, actor, featured):
    """Feature a published practice on the home page, or stop featuring it."""
    with transaction.atomic():
        practice = _lock(practice)
        _require(
            permissions.can_feature(actor, practice) or (not featured and practice.featured),
            role=is_coordinator(actor),
            message=_("Only a published practice can be featured."),
        )
        if practice.featured == featured:
            return practice
        practice.featured = featured
        practice.full_clean()
        practice.save(update_fields=["featured", "updated_at"])
        _log(practice, actor=actor, action=Action.FEATURED if featured else Action.UNFEATURED,
             from_status=practice.status)  # fmt: skip
    return practice


# --- Admin ----------------------------------------------------------------------------------


def admin_publish(*, practices, actor):
    """Publish the given practices that are not yet published; returns how many changed."""
    with transaction.atomic():
        changed = list(
            practices.exclude(status=Status.PUBLISHED)
            .select_for_update()
            .values_list("pk", flat=True)
        )
        now = timezone.now()
        for practice in Practice.objects.filter(pk__in=changed):
            from_status = practice.status
            practice.status = Status.PUBLISHED
            practice.published_at = practice.published_at or now
            _save(practice, "status", "published_at")
            _log(practice, actor=actor, action=Action.PUBLISHED, from_status=from_status)
        search.reindex(changed)
    return len(changed)


def admin_archive(*, practices, actor):
    """Archive the given published practices; returns how many changed."""
    with transaction.atomic():
        changed = list(
            practices.filter(status=Status.PUBLISHED)
            .select_for_update()
            .values_list("pk", flat=True)
        )
        for practice in Practice.objects.filter(pk__in=changed):
            practice.status = Status.ARCHIVED
            _save(practice, "status")
            _log(practice, actor=actor, action=Action.ARCHIVED, from_status=Status.PUBLISHED)
        search.reindex(changed)
    return len(changed)


def admin_saved(*, practice, actor, created):
    """After an admin saved a practice in Django admin: keep the version, log the edit."""
    with transaction.atomic():
        practice = _lock(practice)
        Practice.objects.filter(pk=practice.pk).update(lock_version=F("lock_version") + 1)
        practice.refresh_from_db(fields=["lock_version"])
        _record_version(
            practice, actor=actor, note=_("Saved in the admin"), only_if_changed=not created
        )
        _log(practice, actor=actor, action=Action.CREATED if created else Action.EDITED,
             from_status=practice.status)  # fmt: skip
        search.reindex([practice.pk])
    return practice
