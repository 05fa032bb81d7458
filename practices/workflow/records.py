"""What a change leaves behind: its entry on the timeline, the version of the text, and the
notices to the author or the coordinators. `transitions._transition()` calls these."""

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cop.members.notifications import notify, notify_coordinators
from practices.models import PracticeTransition, PracticeVersion
from practices.workflow import snapshots

AUTHOR = "author"  # the practice's author, or the revision's for a move on a revision
COORDINATORS = "coordinators"


def log(change):
    """The timeline's entry for this change."""
    actor = change.actor
    PracticeTransition.objects.create(
        practice=change.practice,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=change.action,
        from_status=change.from_status,
        to_status=change.practice.status,
        comment=change.comment if change.log_comment is None else change.log_comment,
    )


def name(user):
    if user is None:
        return _("Someone")
    return user.get_full_name() or user.get_username()


def title(practice):
    return Truncator(practice.title).chars(120)


def _text(value, change, params):
    text = value(change) if callable(value) else str(value)
    return text % params


def tell(move, change):
    """Tell whom the move's row names, in its words (plus the change's note and comment)."""
    practice, notice = change.practice, move.notice
    params = {"title": practice.title, "who": name(change.actor), **change.params}
    subject = Truncator(_text(notice.subject, change, {**params, "title": title(practice)}))
    message = _text(notice.message, change, params)
    if change.note:
        message += " " + change.note
    if move.tell == COORDINATORS:
        notify_coordinators(
            subject=subject.chars(200),
            message=message,
            url=_url(notice, change),
            kind=notice.kind,
            actor=change.actor,
        )
        return
    recipient = change.revision.author if change.revision is not None else practice.author
    tell_author(
        practice,
        recipient=recipient,
        actor=change.actor,
        kind=notice.kind,
        subject=subject.chars(200),
        message=with_comment(message, change.comment),
    )


def _url(notice, change):
    if notice.url == "review":
        return reverse("curation:review", kwargs={"slug": change.practice.slug})
    if notice.url == "revision":
        return reverse("curation:revision", kwargs={"pk": change.result.pk})
    return change.practice.get_absolute_url()


def tell_author(practice, *, recipient, actor, kind, subject, message):
    if recipient is None or recipient == actor:
        return
    notify(
        recipients=[recipient],
        subject=Truncator(subject).chars(200),
        message=message,
        url=practice.get_absolute_url(),
        kind=kind,
    )


def with_comment(text, comment):
    if not comment:
        return text
    return text + "\n\n" + _("The coordinator's comment:") + "\n" + comment


def record_version(practice, *, actor, note, only_if_changed=False, snapshot=None):
    """Keep the practice's current fields as its next version (the practice row is locked).

    `snapshot`: the practice as it is now, when the caller already knows it. A practice
    locked by the workflow carries its latest version's number (`latest_version_number`)."""
    snapshot = snapshot or snapshots.take(practice)
    if only_if_changed or not hasattr(practice, "latest_version_number"):
        # The latest version gives both the next number and what "changed" compares with.
        latest = practice.versions.order_by("-number").only("number", "snapshot").first()
        if only_if_changed and latest and snapshots.same_content(latest.snapshot, snapshot):
            return latest
        number = latest.number if latest else 0
    else:
        number = practice.latest_version_number or 0
    version = PracticeVersion.objects.create(
        practice=practice,
        number=number + 1,
        snapshot=snapshot,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        note=note[:300],
    )
    practice.latest_version_number = version.number
    return version
