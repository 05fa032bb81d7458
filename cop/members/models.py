"""Members' profiles, applications to join, and notifications (tables of the app `cop`).

Joining is vetted: a person applies (no account yet), a coordinator approves or declines, and
approval creates the account and its profile (see cop.members.membership). Notifications are
written by cop.members.notifications and read on /notifications/ or in e-mail, immediately or
as a daily digest. cop/models.py imports these models, so Django registers them with the app
`cop` and its migrations, under the tables they always had.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from countries.models import Country


class EmailPreference(models.TextChoices):
    IMMEDIATE = "immediate", _("Send each notification by e-mail as it happens")
    DAILY = "daily", _("Send one e-mail a day with what I have not read")


class MemberProfile(models.Model):
    EmailPreference = EmailPreference

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    organisation = models.CharField(_("organisation"), max_length=250, blank=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member_profiles",
        verbose_name=_("country"),
    )
    country_other = models.CharField(
        _("other country"),
        max_length=100,
        blank=True,
        help_text=_("Where the member works, if it is not in the list of countries."),
    )
    role = models.CharField(_("role or position"), max_length=200, blank=True)
    email_preference = models.CharField(
        _("e-mail notifications"),
        max_length=10,
        choices=EmailPreference.choices,
        default=EmailPreference.IMMEDIATE,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(email_preference__in=EmailPreference.values),
                name="member_profile_email_preference_valid",
            ),
        ]

    def __str__(self):
        return str(self.user)

    @property
    def country_label(self):
        return self.country.name if self.country_id else self.country_other


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class MembershipApplicationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ApplicationStatus.PENDING)

    def status_counts(self):
        """How many applications are in each status, every status present (zero if none)."""
        counts = dict.fromkeys(ApplicationStatus.values, 0)
        for row in self.values("status").annotate(n=models.Count("pk")).order_by():
            counts[row["status"]] = row["n"]
        return counts


MOTIVATION_MAX_LENGTH = 3000


class MembershipApplication(models.Model):
    """A person's request to join; no account exists until a coordinator approves it."""

    Status = ApplicationStatus

    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail address"), max_length=254)
    organisation = models.CharField(_("organisation"), max_length=250)
    country = models.ForeignKey(
        Country,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="membership_applications",
        verbose_name=_("country"),
    )
    country_other = models.CharField(
        _("other country"),
        max_length=100,
        blank=True,
        help_text=_("If your country is not in the list."),
    )
    role = models.CharField(_("role or position"), max_length=200)
    motivation = models.TextField(
        _("why you want to join"),
        max_length=MOTIVATION_MAX_LENGTH,
        # A TextField's max_length shapes only its form field; the validator holds it everywhere.
        validators=[MaxLengthValidator(MOTIVATION_MAX_LENGTH)],
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # What the coordinator keeps for the other coordinators, and what the applicant is sent: two
    # fields, so an internal note can never reach the applicant's mailbox.
    decision_comment = models.TextField(
        _("internal note"),
        blank=True,
        help_text=_("Kept with the application for coordinators; never sent to the applicant."),
    )
    applicant_message = models.TextField(
        _("message to the applicant"),
        blank=True,
        help_text=_("Sent to the applicant by e-mail with the decision."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="membership_applications",
        verbose_name=_("account created"),
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MembershipApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values),
                name="membership_application_status_valid",
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=Q(status=ApplicationStatus.PENDING),
                name="membership_application_one_pending_per_email",
                violation_error_message=_(
                    "An application with this e-mail address is already waiting for a "
                    "coordinator. You will hear from us by e-mail."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status=ApplicationStatus.PENDING, decided_at__isnull=True)
                | (~Q(status=ApplicationStatus.PENDING) & Q(decided_at__isnull=False)),
                name="membership_application_decided_has_date",
                violation_error_message=_("A decided application needs a decision date."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.DECLINED) | ~Q(applicant_message=""),
                name="membership_application_decline_has_reason",
                violation_error_message=_("Say why the application is declined."),
            ),
        ]

    def __str__(self):
        return f"{self.full_name} <{self.email}>"

    def get_absolute_url(self):
        return reverse("curation:application", kwargs={"pk": self.pk})

    @property
    def is_pending(self):
        return self.status == ApplicationStatus.PENDING

    @property
    def country_label(self):
        return self.country.name if self.country_id else self.country_other


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def not_emailed(self):
        return self.filter(emailed_at__isnull=True)


def validate_local_path(value):
    """A link in a notification stays on this site: empty, or a path starting with one "/".

    The same rule as the table's check constraint, checked in Python so that validating a
    notification costs no query."""
    if value and (not value.startswith("/") or value.startswith("//")):
        raise ValidationError(
            _("Use a path on this site, starting with one “/”."), code="not_local_path"
        )


class Notification(models.Model):
    """Something a user should know: shown on /notifications/ and, by preference, e-mailed."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.SlugField(
        _("kind"),
        max_length=50,
        help_text=_("What happened, e.g. “application_received” or “practice_submitted”."),
    )
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"), blank=True)
    url = models.CharField(
        _("link"),
        max_length=500,
        blank=True,
        validators=[validate_local_path],
        help_text=_("A path on this site, e.g. /curation/."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(
        _("e-mailed"),
        null=True,
        blank=True,
        help_text=_("When it went out by e-mail, on its own or in a digest."),
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            # Links stay on this site: a notification never sends a reader elsewhere.
            models.CheckConstraint(
                condition=Q(url="") | (Q(url__startswith="/") & ~Q(url__startswith="//")),
                name="notification_url_is_local_path",
                violation_error_message=_("Use a path on this site, starting with one “/”."),
            ),
        ]

    def __str__(self):
        return self.subject

    @property
    def is_read(self):
        return self.read_at is not None
