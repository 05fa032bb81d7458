"""Coordinators keep the record: earlier versions restored, practices featured, and the
Django admin's publish, archive and save, which follow the same moves as the site."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from practices.models import Action, Practice, PracticeRevision, RevisionStatus, Status
from practices.workflow import snapshots
from practices.workflow.errors import InvalidInput, WrongState
from practices.workflow.records import name, record_version
from practices.workflow.reviewing import RESTORED_FROM
from practices.workflow.transitions import Nothing, _transition


def restore_version(*, version, actor):
    """Bring an earlier version back.

    On a published practice the old text goes through review like any edit: it becomes a
    pending revision (returned), checked against the checklist and the personal-data warning,
    and the live text stays public until it is approved. An old version may hold exactly what
    a reviewer had asked to remove. On any other practice, which is not public, the version is
    written back at once as a new version, and the practice is returned.
    """

    def restore(change):
        practice = change.practice
        practice.lock_version += 1
        snapshots.apply(practice, version.snapshot)
        change.log_comment = _("Restored from version %(n)d") % {"n": version.number}
        record_version(practice, actor=actor, note=change.log_comment)
        change.params["n"] = version.number
        change.result = practice

    def propose(change):
        change.result = _propose_restore(change, version=version)

    def pick(practice):
        if practice.status == Status.PUBLISHED:
            return [("propose_restore", propose)]
        return [("restore", restore)]

    return _transition(pick, practice=version.practice_id, actor=actor).result


def _propose_restore(change, *, version):
    """The old version of a published practice as a revision to review (the row is locked)."""
    practice = change.practice
    # The practice row is locked: no revision can open meanwhile.
    revision = practice.revisions.open().select_related("author").first()
    if revision is not None:
        raise WrongState(
            _(
                "A revision by %(who)s is already waiting for review. Decide on it first, "
                "then restore version %(n)d."
            )
            % {"who": name(revision.author), "n": version.number}
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
        practice=practice, author=change.actor, snapshot=snapshot, status=RevisionStatus.PENDING
    )
    revision.full_clean()
    revision.save()
    Practice.objects.filter(pk=practice.pk).update(lock_version=F("lock_version") + 1)
    change.log_comment = _(
        "Restore of version %(n)d proposed: it is published only once approved."
    ) % {"n": version.number}
    change.params["n"] = version.number
    return revision


def set_featured(*, practice, actor, featured):
    """Feature a published practice on the home page, or stop featuring it."""

    def feature(change):
        if change.practice.featured == featured:
            raise Nothing
        change.practice.featured = featured
        change.practice.save(update_fields=["featured", "updated_at"])

    return _transition(
        "feature" if featured else "unfeature", practice=practice, actor=actor, special=feature
    ).practice


# --- Admin ----------------------------------------------------------------------------------


def _admin_each(practices, move, special=None, *, actor):
    with transaction.atomic():
        ids = list(practices.select_for_update().values_list("pk", flat=True))
        for pk in ids:
            _transition(move, practice=pk, actor=actor, special=special)
    return len(ids)


def _dated(change):
    change.practice.published_at = change.practice.published_at or timezone.now()
    change.fields = ["published_at"]


def admin_publish(*, practices, actor):
    """Publish the given practices that are not yet published; returns how many changed."""
    return _admin_each(
        practices.exclude(status=Status.PUBLISHED), "admin_publish", _dated, actor=actor
    )


def admin_archive(*, practices, actor):
    """Archive the given published practices; returns how many changed."""
    return _admin_each(practices.filter(status=Status.PUBLISHED), "admin_archive", actor=actor)


def admin_saved(*, practice, actor, created):
    """After an admin saved a practice in Django admin: keep the version, log the edit."""

    def saved(change):
        practice = change.practice
        Practice.objects.filter(pk=practice.pk).update(lock_version=F("lock_version") + 1)
        practice.refresh_from_db(fields=["lock_version"])
        record_version(
            practice, actor=actor, note=_("Saved in the admin"), only_if_changed=not created
        )
        if created:
            change.action = Action.CREATED

    return _transition("admin_saved", practice=practice, actor=actor, special=saved).practice
