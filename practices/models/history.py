"""The curation workflow's records: the timeline of each practice (`PracticeTransition`),
every saved version (`PracticeVersion`) and the edits of published practices waiting for review
(`PracticeRevision`). Only the services of `practices.workflow` write them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from practices.models.practice import Practice, Status, filter_filed_under


class Action(models.TextChoices):
    """What happened to a practice, as its timeline tells it."""

    CREATED = "created", _("Draft started")
    SUBMITTED = "submitted", _("Submitted for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    ARCHIVED = "archived", _("Archived")
    REVISION_PROPOSED = "revision_proposed", _("Revision proposed")
    REVISION_CHANGES_REQUESTED = "revision_changes_requested", _("Changes to revision requested")
    REVISION_APPROVED = "revision_approved", _("Revision approved")
    REVISION_REJECTED = "revision_rejected", _("Revision rejected")
    RESTORED = "restored", _("Earlier version restored")
    EDITED = "edited", _("Edited by an administrator")
    FEATURED = "featured", _("Featured")
    UNFEATURED = "unfeatured", _("No longer featured")


# The status each status-changing action leads to; every other action leaves the status alone.
ACTION_TARGET = {
    Action.SUBMITTED: Status.SUBMITTED,
    Action.CHANGES_REQUESTED: Status.CHANGES_REQUESTED,
    Action.PUBLISHED: Status.PUBLISHED,
    Action.REJECTED: Status.REJECTED,
    Action.ARCHIVED: Status.ARCHIVED,
}
# A reviewer who sends something back or turns it down always says why.
ACTIONS_NEEDING_COMMENT = [
    Action.CHANGES_REQUESTED,
    Action.REJECTED,
    Action.REVISION_CHANGES_REQUESTED,
    Action.REVISION_REJECTED,
]


def _valid_moves():
    """A status-changing action leads to its status from another; the rest change nothing."""
    moves = Q()
    for action, target in ACTION_TARGET.items():
        moves |= Q(action=action, to_status=target) & ~Q(from_status=target)
    stays = ~Q(action__in=list(ACTION_TARGET)) & Q(from_status=models.F("to_status"))
    return moves | stays


class PracticeTransition(models.Model):
    """One entry in a practice's timeline: who did what, from which status to which, and why."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("practice")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practice_transitions",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    from_status = models.CharField(_("from status"), max_length=20, choices=Status.choices)
    to_status = models.CharField(_("to status"), max_length=20, choices=Status.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("practice transition")
        verbose_name_plural = _("practice transitions")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=Action.values), name="practice_transition_action_valid"
            ),
            models.CheckConstraint(
                condition=Q(from_status__in=Status.values, to_status__in=Status.values),
                name="practice_transition_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(action__in=ACTIONS_NEEDING_COMMENT) | ~Q(comment=""),
                name="practice_transition_comment_required",
                violation_error_message=_("Say why: a comment is required for this decision."),
            ),
            models.CheckConstraint(
                condition=_valid_moves(),
                name="practice_transition_moves_valid",
                violation_error_message=_("This action cannot lead to this status."),
            ),
        ]

    def __str__(self):
        return f"{self.practice}: {self.get_action_display()}"


class PracticeVersion(models.Model):
    """A saved state of a practice's editable fields; every save is kept, none is overwritten.

    The snapshot names related objects by slug (objectives, countries, themes, organisations,
    tags), so a version stays readable and restorable when ids change between databases.
    """

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="versions", verbose_name=_("practice")
    )
    number = models.PositiveIntegerField(_("number"))
    snapshot = models.JSONField(_("snapshot"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practice_versions",
        verbose_name=_("saved by"),
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["practice", "-number"]
        verbose_name = _("practice version")
        verbose_name_plural = _("practice versions")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "number"], name="practice_version_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="practice_version_number_positive"
            ),
        ]

    def __str__(self):
        return f"{self.practice} v{self.number}"


class RevisionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


OPEN_REVISION_STATUSES = [RevisionStatus.PENDING, RevisionStatus.CHANGES_REQUESTED]


class PracticeRevisionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_REVISION_STATUSES)

    def awaiting_review(self):
        """Revisions waiting for a coordinator, with `waiting_since`: their last change."""
        return self.filter(status=RevisionStatus.PENDING).annotate(
            waiting_since=models.F("updated_at")
        )

    def filed_under(self, *, objective=None, country=None):
        """Revisions of practices filed under this objective and in this country."""
        return filter_filed_under(self, "practice__", objective=objective, country=country)


class PracticeRevision(models.Model):
    """A proposed edit of a published practice; the live text stays until it is approved."""

    Status = RevisionStatus

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("practice")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practice_revisions",
        verbose_name=_("proposed by"),
    )
    snapshot = models.JSONField(_("proposed fields"))
    status = models.CharField(
        _("status"), max_length=20, choices=RevisionStatus.choices, default=RevisionStatus.PENDING
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_practice_revisions",
        verbose_name=_("reviewer"),
    )
    reviewer_comment = models.TextField(_("reviewer's comment"), blank=True)
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = PracticeRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("practice revision")
        verbose_name_plural = _("practice revisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RevisionStatus.values), name="practice_revision_status_valid"
            ),
            models.UniqueConstraint(
                fields=["practice"],
                condition=Q(status__in=OPEN_REVISION_STATUSES),
                name="practice_revision_one_open",
                violation_error_message=_(
                    "This practice already has a revision waiting for review."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[RevisionStatus.CHANGES_REQUESTED, RevisionStatus.REJECTED])
                | ~Q(reviewer_comment=""),
                name="practice_revision_comment_required",
                violation_error_message=_("Say why: a comment is required for this decision."),
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[RevisionStatus.APPROVED, RevisionStatus.REJECTED],
                    decided_at__isnull=False,
                )
                | Q(status__in=OPEN_REVISION_STATUSES, decided_at__isnull=True),
                name="practice_revision_decided_when_closed",
            ),
        ]

    def __str__(self):
        return _("Revision of %(practice)s") % {"practice": self.practice}

    @property
    def is_open(self):
        return self.status in OPEN_REVISION_STATUSES
