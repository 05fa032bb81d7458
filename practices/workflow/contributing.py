"""Members contribute: a new practice, a saved draft, a submission, a revision proposed."""

from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _

from practices import permissions
from practices.models import Practice, PracticeRevision, RevisionStatus, Status
from practices.workflow import limits, snapshots
from practices.workflow.errors import InvalidInput, NotAllowed, Stale, WrongState
from practices.workflow.records import name, record_version
from practices.workflow.transitions import MOVES, _transition

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


def _stale(practice):
    return Stale(
        _(
            "Someone saved this practice after you opened the form. Your text is kept below; "
            "compare it with the current version before saving again, which will replace it."
        ),
        practice=practice,
    )


def _check_objectives(change):
    if not change.practice.objectives.exists():
        raise InvalidInput(_("Choose at least one objective before submitting."))
    limits.check_submissions(change.actor)


def _counted(change):
    limits.count_submission(change.actor)


def _submitting(change):
    _check_objectives(change)
    _counted(change)


def create_practice(*, author, snapshot, submit=False):
    """A member's new practice, as a draft (and submitted for review when `submit`)."""
    if not permissions.can_contribute(author):
        raise NotAllowed(_("You are not allowed to do this."))

    def created(change):
        record_version(change.practice, actor=author, note=_("First draft"))

    with transaction.atomic():
        limits.check_drafts(author)
        if submit:
            limits.check_submissions(author)
        practice = Practice(
            author=author, status=Status.DRAFT, slug=_unique_slug(snapshot["title"])
        )
        # Written first, so that the row exists to be locked; all of it is undone on a refusal.
        snapshots.apply(practice, snapshot)
        moves = [("create", created)] + ([("submit", _submitting)] if submit else [])
        practice = _transition(moves, practice=practice, actor=author).practice
        limits.count_draft(author)
    return practice


def save_draft(*, practice, actor, snapshot, lock_version, submit=False):
    """Save the edit form of a practice that is not yet published (then submit it if asked)."""

    def save(change):
        if change.practice.lock_version != lock_version:
            raise _stale(change.practice)
        if submit:
            # Refused before anything is written, with the submission's own words.
            if not MOVES["submit"].role(actor, change):
                raise NotAllowed(_("You are not allowed to do this."))
            if not MOVES["submit"].allowed(actor, change):
                raise WrongState(str(MOVES["submit"].refused))
            limits.check_submissions(actor)
        change.practice.lock_version += 1
        snapshots.apply(change.practice, snapshot)
        record_version(change.practice, actor=actor, note=_("Saved"), only_if_changed=True)

    moves = [("save", save)] + ([("submit", _submitting)] if submit else [])
    return _transition(moves, practice=practice, actor=actor).practice


def submit(*, practice, actor):
    """draft or changes_requested → submitted, by its author; coordinators are told."""
    return _transition("submit", practice=practice, actor=actor, special=_submitting).practice


def propose_revision(*, practice, actor, snapshot, lock_version):
    """An edit of a published practice, kept aside for review; the live text stays public.

    The actor's open revision (or any open one, for a coordinator) is updated in place: a
    practice has at most one revision waiting.
    """

    def propose(change):
        practice = change.practice
        if practice.lock_version != lock_version:
            raise _stale(practice)
        revision = practice.revisions.open().select_for_update().first()
        if revision is not None and not permissions.can_edit_revision(actor, revision):
            raise WrongState(
                _("A revision by %(who)s is already waiting for review; it must be decided first.")
                % {"who": name(revision.author)}
            )
        live = snapshots.take(practice)
        # The form does not carry everything (the source presentation): the rest stays as is.
        proposed = {**live, **snapshot}
        if revision is None and snapshots.same_content(live, proposed):
            raise InvalidInput(_("This is the published text unchanged: nothing to review."))
        limits.check_submissions(actor)
        if revision is None:
            revision = PracticeRevision(practice=practice, author=actor)
        revision.snapshot = proposed
        revision.status = RevisionStatus.PENDING
        revision.full_clean()
        revision.save()
        # The live row is unchanged, but the next form must see that the edit moved on.
        Practice.objects.filter(pk=practice.pk).update(lock_version=F("lock_version") + 1)
        practice.refresh_from_db(fields=["lock_version"])
        change.result = revision
        limits.count_submission(actor)

    return _transition("propose_revision", practice=practice, actor=actor, special=propose).result
