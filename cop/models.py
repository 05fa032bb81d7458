"""The programme itself: its six objectives, the organisations in it, and its events.

An event (the 2019 Vienna workshop) has sessions, each covering one or more objectives, and each
session has presentations: who spoke, for which organisation and country, about what.

The community around it (members' profiles, applications to join, notifications) lives in
cop.members.models; it is imported at the end of this module so that Django registers those
models with this app.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cop.fields import optional_link
from countries.models import Country


class Objective(models.Model):
    """One of the six GLO.ACT objectives (project outcomes); the spine of the site."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200, unique=True)
    short_label = models.CharField(
        _("short label"),
        max_length=40,
        help_text=_("The few words used on chips and facets, e.g. “Capacity building”."),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=6),
                name="objective_number_1_to_6",
                violation_error_message=_("GLO.ACT has six objectives: use a number from 1 to 6."),
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.short_label}"

    def get_absolute_url(self):
        return reverse("cop:objective", kwargs={"slug": self.slug})


class OrganisationKind(models.TextChoices):
    UN = "un", _("United Nations entity")
    EU = "eu", _("European Union")
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental organisation")
    GOVERNMENT = "government", _("Government body")
    JUDICIARY = "judiciary", _("Prosecution or judiciary")
    TRAINING = "training", _("Training institution")
    NGO = "ngo", _("Non-governmental organisation")
    NETWORK = "network", _("Network")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    Kind = OrganisationKind

    name = models.CharField(_("name"), max_length=250, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("country"),
        help_text=_("Leave empty for international organisations."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values),
                name="organisation_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Event(models.Model):
    title = models.CharField(_("title"), max_length=250)
    subtitle = models.CharField(_("subtitle"), max_length=250, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    venue = models.CharField(_("venue"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    country = optional_link(Country, related_name="events_hosted", verbose_name=_("host country"))
    summary = models.TextField(_("summary"))
    aims = models.TextField(_("aims of the event"), blank=True, help_text=_("One aim per line."))
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="event_ends_after_it_starts",
                violation_error_message=_("An event cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cop:event", kwargs={"slug": self.slug})

    @property
    def aim_list(self):
        """The event's aims, one per line of `aims`."""
        return [line.strip() for line in self.aims.splitlines() if line.strip()]


class EventFigure(models.Model):
    """A figure the event's report gives, e.g. “Overall rating: 4.4 / 5”."""

    class Unit(models.TextChoices):
        SCORE = "score", _("average score out of 5")
        PERCENT = "percent", _("percent of participants")
        PARTICIPANTS = "participants", _("number of participants")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="figures", verbose_name=_("event")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    label = models.CharField(_("label"), max_length=300)
    value = models.DecimalField(_("value"), max_digits=6, decimal_places=1)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    group = models.CharField(
        _("group"),
        max_length=200,
        blank=True,
        help_text=_("The question or survey the figure answers."),
    )

    class Meta:
        ordering = ["event", "order"]
        verbose_name = _("evaluation figure")
        verbose_name_plural = _("evaluation figures")
        constraints = [
            models.UniqueConstraint(fields=["event", "order"], name="event_figure_order_unique"),
            models.CheckConstraint(
                condition=~Q(unit="score") | Q(value__gte=0, value__lte=5),
                name="event_figure_score_0_to_5",
                violation_error_message=_("A score is out of 5."),
            ),
            models.CheckConstraint(
                condition=~Q(unit="percent") | Q(value__gte=0, value__lte=100),
                name="event_figure_percent_0_to_100",
                violation_error_message=_("A percentage lies between 0 and 100."),
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.display_value}"

    @property
    def display_value(self):
        value = self.value.normalize()
        if self.unit == self.Unit.SCORE:
            return f"{value} / 5"
        if self.unit == self.Unit.PERCENT:
            return f"{value} %"
        return f"{value:f}"


class SessionKind(models.TextChoices):
    OPENING = "opening", _("Opening")
    INTRODUCTION = "introduction", _("Introduction")
    THEMATIC = "thematic", _("Thematic session")
    CONCLUSIONS = "conclusions", _("Conclusions")


class Session(models.Model):
    Kind = SessionKind

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(
        _("session number"), null=True, blank=True, help_text=_("For thematic sessions: 1–5.")
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120)
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="sessions", verbose_name=_("objectives covered")
    )
    moderator_name = models.CharField(_("moderator"), max_length=150, blank=True)
    moderator_role = models.CharField(_("moderator's role"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["event", "order"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(fields=["event", "order"], name="session_order_unique"),
            models.UniqueConstraint(fields=["event", "slug"], name="session_slug_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=SessionKind.values), name="session_kind_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cop:event", kwargs={"slug": self.event.slug}) + f"#{self.slug}"

    @property
    def label(self):
        """“Session 3: Capacity building” for numbered sessions, else the title."""
        if self.number:
            return _("Session %(number)d: %(title)s") % {"number": self.number, "title": self.title}
        return self.title


class PresentationKind(models.TextChoices):
    PRESENTATION = "presentation", _("Presentation")
    REMARKS = "remarks", _("Remarks")
    INTERVENTION = "intervention", _("Intervention in discussion")


class Presentation(models.Model):
    """A contribution to a session: a presentation, remarks, or an intervention in discussion."""

    Kind = PresentationKind

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="presentations", verbose_name=_("session")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.PRESENTATION
    )
    presenter_name = models.CharField(_("presenter"), max_length=150)
    presenter_role = models.CharField(_("presenter's role"), max_length=300, blank=True)
    organisation = optional_link(
        Organisation, related_name="presentations", verbose_name=_("organisation")
    )
    country = optional_link(Country, related_name="presentations", verbose_name=_("country"))
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("what was presented"), blank=True)
    remote = models.BooleanField(
        _("joined remotely"), default=False, help_text=_("By video link (VTC or Skype).")
    )

    class Meta:
        ordering = ["session", "order"]
        verbose_name = _("presentation")
        verbose_name_plural = _("presentations")
        constraints = [
            models.UniqueConstraint(fields=["session", "order"], name="presentation_order_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=PresentationKind.values), name="presentation_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.presenter_name}: {self.title}"

    def get_absolute_url(self):
        return reverse("cop:event", kwargs={"slug": self.session.event.slug}) + (
            f"#presentation-{self.pk}"
        )


# The member side of the app `cop`: imported here so Django registers it (same app, same tables).
from cop.members.models import (  # noqa: E402, F401
    ApplicationStatus,
    EmailPreference,
    MemberProfile,
    MembershipApplication,
    Notification,
)
