"""Telling people what happened: in-app notifications, and e-mail now or in a daily digest.

Every notification is stored (the list on /notifications/ is the record); e-mail follows each
recipient's preference. E-mails are queued only once the surrounding transaction commits, so a
change that is rolled back never announces itself. Queued is all the request does: the task
worker delivers each e-mail, retries a mail server that is down and reports what it could not
deliver (cop.mail, cop.tasks); a slow mail server never holds up or undoes the change.

Tests that look at django.core.mail.outbox after calling these functions inside a test
transaction need pytest-django's `django_capture_on_commit_callbacks(execute=True)`.
"""

import logging
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from cop.members.models import EmailPreference, Notification
from cop.members.roles import coordinators

logger = logging.getLogger(__name__)


def absolute_url(path):
    """The full address of a path on this site (from `reverse()`), for links in e-mails."""
    if not path:
        return settings.SITE_URL + reverse("cop:home")
    return settings.SITE_URL + path if path.startswith("/") else path


def send_email(*, to, subject, body):
    """Queue one plain-text e-mail for delivery once the current transaction commits."""
    message = EmailMessage(
        subject=settings.EMAIL_SUBJECT_PREFIX + subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
    )

    def send():
        try:
            message.send()
        except Exception:
            logger.exception("Could not send e-mail %r to %s", subject, ", ".join(message.to))

    transaction.on_commit(send, robust=True)


def _wants_email_now(user):
    profile = getattr(user, "profile", None)
    return profile is None or profile.email_preference == EmailPreference.IMMEDIATE


def _with_preferences(recipients):
    """The active recipients, once each, in pk order, each with its e-mail preference loaded.

    Users already loaded with their profile (`select_related("author__profile")`, as the
    workflow locks a practice) cost no query; anything else is loaded in one."""
    user_model = get_user_model()
    if not isinstance(recipients, models.QuerySet):
        recipients = list(recipients)
        if all(user_model.profile.is_cached(user) for user in recipients):
            unique = {user.pk: user for user in recipients if user.is_active}
            return [unique[pk] for pk in sorted(unique)]
    ids = {user.pk for user in recipients}
    return list(
        user_model.objects.filter(pk__in=ids, is_active=True)
        .select_related("profile")
        .order_by("pk")
    )


def notify(*, recipients, subject, message, url="", kind):
    """Notify each recipient in the app, and by e-mail now if that is their preference.

    recipients: users (a list or a queryset); inactive users and repeats are skipped.
    subject: one line, already translated. message: plain text, may be empty.
    url: a path on this site ("/curation/…"), or "". kind: a short slug, e.g. "practice_submitted".
    Returns the created notifications. Raises ValidationError for a bad url or kind.
    """
    users = _with_preferences(recipients)
    # The fields are the same for every recipient: validating one validates all. The url's
    # validator checks what the table's constraint enforces, so no query is spent on it.
    Notification(kind=kind, subject=subject, message=message, url=url).full_clean(
        exclude=["recipient"], validate_constraints=False
    )
    notifications = [
        Notification(recipient=user, kind=kind, subject=subject, message=message, url=url)
        for user in users
    ]
    created = Notification.objects.bulk_create(notifications)
    immediate = [n for n, user in zip(created, users, strict=True) if _wants_email_now(user)]
    immediate = [n for n in immediate if n.recipient.email]
    if immediate:
        transaction.on_commit(lambda: _send_immediately(immediate), robust=True)
    return created


def notify_coordinators(*, subject, message, url="", kind, actor=None):
    """Notify every coordinator (and admin) but `actor`, who knows what they just did; same
    arguments and result as `notify`."""
    recipients = coordinators()
    if actor is not None and actor.is_authenticated:
        recipients = recipients.exclude(pk=actor.pk)
    return notify(recipients=recipients, subject=subject, message=message, url=url, kind=kind)


def _send_immediately(notifications):
    sent = []
    with get_connection() as connection:
        for notification in notifications:
            body = render_to_string(
                "cop/account/email/notification.txt",
                {
                    "notification": notification,
                    "link": absolute_url(notification.url) if notification.url else "",
                    "preferences_link": absolute_url(reverse("accounts:account")),
                },
            )
            email = EmailMessage(
                subject=settings.EMAIL_SUBJECT_PREFIX + notification.subject,
                body=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[notification.recipient.email],
                connection=connection,
            )
            try:
                email.send()
            except Exception:
                logger.exception("Could not e-mail notification %s", notification.pk)
            else:
                sent.append(notification.pk)
    Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())


def mark_read(*, notification):
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user):
    """Mark every unread notification of this user read; returns how many changed."""
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


def send_digests(*, now=None, period=timedelta(days=1)):
    """E-mail each daily-digest member what they have not read from the last period.

    A notification goes out at most once (its `emailed_at` is set when sent), so running this
    twice sends nothing new. Returns the number of e-mails sent.
    """
    now = now or timezone.now()
    due = (
        Notification.objects.unread()
        .not_emailed()
        .filter(
            created_at__gte=now - period,
            created_at__lte=now,
            recipient__is_active=True,
            recipient__profile__email_preference=EmailPreference.DAILY,
        )
        .exclude(recipient__email="")
        # The e-mail is addressed to the recipient, by name.
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "pk")
    )
    by_recipient = defaultdict(list)
    for notification in due:
        by_recipient[notification.recipient].append(notification)

    sent = 0
    with get_connection() as connection:
        for recipient, notifications in by_recipient.items():
            subject = ngettext(
                "Your daily digest: %(count)d new notification",
                "Your daily digest: %(count)d new notifications",
                len(notifications),
            ) % {"count": len(notifications)}
            body = render_to_string(
                "cop/account/email/digest.txt",
                {
                    "recipient": recipient,
                    "items": [(n, absolute_url(n.url) if n.url else "") for n in notifications],
                    "notifications_link": absolute_url(reverse("accounts:notifications")),
                    "preferences_link": absolute_url(reverse("accounts:account")),
                },
            )
            email = EmailMessage(
                subject=settings.EMAIL_SUBJECT_PREFIX + subject,
                body=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[recipient.email],
                connection=connection,
            )
            try:
                email.send()
            except Exception:
                logger.exception("Could not send the digest to user %s", recipient.pk)
                continue
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=now)
            sent += 1
    return sent
