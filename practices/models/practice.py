"""A practice and its vocabulary: what worked (or did not) in a country, tied to the
programme's objectives.

A practice carries its source (the workshop session or presentation where it was described, or
another part of the event's documents: the report's background section or the conclusions), its
countries, the objectives its source ties it to (possibly none), the themes of the workshop's
conclusions, and free tags. Its status moves through the curation workflow; only published
practices are public.

Past 400 lines, and whole on purpose: the model, its constraints, its vocabularies and its
QuerySet are one subject, read together.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max, Prefetch, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from cop.fields import optional_link
from cop.models import Event, Objective, Organisation, Presentation, Session
from countries.models import Country


class Theme(models.Model):
    """One of the six themes the workshop's conclusions are grouped under."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=6),
                name="theme_number_1_to_6",
                violation_error_message=_("The conclusions have six themes: use 1 to 6."),
            ),
        ]

    def __str__(self):
        return self.name


class Kind(models.TextChoices):
    GOOD_PRACTICE = "good_practice", _("Good practice")
    LESSON_LEARNED = "lesson_learned", _("Lesson learned")
    CHALLENGE = "challenge", _("Challenge")
    RECOMMENDATION = "recommendation", _("Recommendation")


class Focus(models.TextChoices):
    TRAFFICKING = "trafficking", _("Trafficking in persons")
    SMUGGLING = "smuggling", _("Smuggling of migrants")
    BOTH = "both", _("Trafficking and smuggling")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    ARCHIVED = "archived", _("Archived")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Signed-in members only")


class TaggedPracticeManager(models.Manager):
    def get_by_natural_key(self, practice_id, tag_name):
        return self.get(content_object_id=practice_id, tag__name=tag_name)


class SourcePart(models.TextChoices):
    """Which part of its source event a practice comes from.

    The workshop has a report (its background section, then the sessions) and a separate
    conclusions document. What the background or the conclusions say was not said in a
    session, so it is not filed under one.
    """

    PROCEEDINGS = "proceedings", _("The event itself, one of its sessions or presentations")
    BACKGROUND = "background", _("The background section of the event's report")
    CONCLUSIONS = "conclusions", _("The event's conclusions document")


@dataclass(frozen=True)
class DocumentPart:
    """The background or the conclusions of an event, as `Practice.source` returns them."""

    event: Event
    part: str

    @property
    def label(self):
        if self.part == SourcePart.BACKGROUND:
            return _("Report of the %(event)s: background") % {"event": self.event.title}
        return _("Conclusions of the %(event)s") % {"event": self.event.title}

    def get_absolute_url(self):
        return self.event.get_absolute_url()

    def __str__(self):
        return str(self.label)


class TaggedPractice(TaggedItemBase):
    """Explicit through model, so practice tags have their own indexed table."""

    content_object = models.ForeignKey(
        "Practice", on_delete=models.CASCADE, related_name="tagged_items"
    )

    # A natural key (the practice, the tag's name), so that the backup recipe
    # `dumpdata --natural-foreign --natural-primary` loads back: taggit's item base class
    # declares a natural key without saying which fields make it.
    objects = TaggedPracticeManager()

    def natural_key(self):
        return (self.content_object_id, self.tag.name)

    natural_key.dependencies = ["practices.practice", "taggit.tag"]

    class Meta:
        verbose_name = _("practice tag")
        verbose_name_plural = _("practice tags")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="tagged_practice_unique"
            ),
        ]


def filter_filed_under(queryset, path, *, objective, country):
    if objective is not None:
        queryset = queryset.filter(**{f"{path}objectives": objective})
    if country is not None:
        queryset = queryset.filter(**{f"{path}countries": country})
    return queryset


class PracticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        """Published practices this user may read; the rule is `permissions.READABLE`."""
        from practices.permissions import readable_visibilities  # it imports these models

        readable = readable_visibilities(user)
        if set(readable) == set(Visibility.values):
            return self.published()
        return self.published().filter(visibility__in=readable)

    def awaiting_review(self):
        """Submissions waiting for a coordinator, with `waiting_since`: when they were
        submitted (their last submission on the timeline, else their last change)."""
        from practices.models.history import Action  # the log is about practices

        return (
            self.filter(status=Status.SUBMITTED)
            .annotate(
                submitted_at=Max(
                    "transitions__created_at", filter=Q(transitions__action=Action.SUBMITTED)
                )
            )
            .annotate(waiting_since=Coalesce("submitted_at", "updated_at"))
        )

    def filed_under(self, *, objective=None, country=None):
        """Those filed under this objective and in this country (None: any)."""
        return filter_filed_under(self, "", objective=objective, country=country)

    def for_cards(self):
        """Everything a practice card shows, in a fixed number of queries.

        Cards show objectives (chips) and countries; prefetching them keeps list pages at a
        constant query count however many practices there are.
        """
        return self.prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.order_by("number")),
            Prefetch("countries", queryset=Country.objects.order_by("name")),
        )

    def with_classification(self):
        """Everything a practice is filed under, for its page and for exports.

        Objectives in their order, countries with their region, themes, organisations, tags:
        five queries whatever the number of practices.
        """
        return self.prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.order_by("number")),
            Prefetch("countries", queryset=Country.objects.select_related("region")),
            "themes",
            "organisations",
            "tags",
        )


class Practice(models.Model):
    Kind = Kind
    Focus = Focus
    Status = Status
    Visibility = Visibility
    SourcePart = SourcePart

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.CharField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences: what was done, where, and why it matters."),
    )
    body = models.TextField(
        _("what was done"), blank=True, help_text=_("Markdown: paragraphs, lists, links.")
    )
    problem = models.TextField(_("the problem it addressed"), blank=True)
    results = models.TextField(_("results and evidence"), blank=True)
    lessons = models.TextField(_("lessons and challenges"), blank=True)
    adaptation = models.TextField(_("how another country could adapt it"), blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)

    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.GOOD_PRACTICE
    )
    focus = models.CharField(_("focus"), max_length=20, choices=Focus.choices, default=Focus.BOTH)
    # Blank: a practice is filed under an objective only where its source ties it to one.
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="practices", verbose_name=_("objectives")
    )
    countries = models.ManyToManyField(
        Country, blank=True, related_name="practices", verbose_name=_("countries")
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="practices", verbose_name=_("organisations")
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="practices", verbose_name=_("themes")
    )
    tags = TaggableManager(_("tags"), through=TaggedPractice, blank=True)

    source_event = optional_link(Event, related_name="practices", verbose_name=_("source event"))
    source_session = optional_link(
        Session, related_name="practices", verbose_name=_("source session")
    )
    source_presentation = optional_link(
        Presentation, related_name="practices", verbose_name=_("source presentation")
    )
    source_part = models.CharField(
        _("part of the source"),
        max_length=20,
        choices=SourcePart.choices,
        default=SourcePart.PROCEEDINGS,
        help_text=_(
            "Background and conclusions are parts of the event's documents, not sessions: "
            "choose one of them only with the source event and no session or presentation."
        ),
    )
    dated_by_event = models.BooleanField(
        _("dated by its event"),
        default=False,
        help_text=_(
            "For practices taken from an event's documents, which give no publication date: "
            "the site shows the event's dates instead of a publication date."
        ),
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    featured = models.BooleanField(_("featured"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Kept current by database triggers (practices.search.index); used on PostgreSQL only.
    search_vector = SearchVectorField(null=True, editable=False)
    lock_version = models.PositiveIntegerField(
        _("lock version"),
        default=0,
        editable=False,
        help_text=_("Goes up with every saved change; the edit form refuses stale copies."),
    )

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "title"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        indexes = [
            models.Index(fields=["status", "visibility", "-published_at"]),
            # Every facet count selects the visible ids; with the id in the index that is an
            # index-only scan instead of a pass over the wide table (1.2 s → 0.7 s at 100,000).
            models.Index(fields=["status", "visibility", "id"], name="practice_visible_ids"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="practice_kind_valid"),
            models.CheckConstraint(
                condition=Q(focus__in=Focus.values), name="practice_focus_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="practice_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values), name="practice_visibility_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
                name="practice_published_has_date",
                violation_error_message=_("A published practice needs a publication date."),
            ),
            models.CheckConstraint(condition=~Q(title=""), name="practice_title_not_empty"),
            models.CheckConstraint(
                condition=Q(source_part__in=SourcePart.values), name="practice_source_part_valid"
            ),
            models.CheckConstraint(
                condition=Q(source_part=SourcePart.PROCEEDINGS)
                | Q(
                    source_event__isnull=False,
                    source_session__isnull=True,
                    source_presentation__isnull=True,
                ),
                name="practice_source_part_coherent",
                violation_error_message=_(
                    "The background and the conclusions belong to an event and are not "
                    "sessions: give the source event, and no session or presentation."
                ),
            ),
            models.CheckConstraint(
                condition=Q(dated_by_event=False) | Q(source_event__isnull=False),
                name="practice_dated_by_event_has_event",
                violation_error_message=_("A practice dated by its event needs a source event."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("practices:detail", kwargs={"slug": self.slug})

    def clean(self):
        if (
            self.source_presentation_id
            and self.source_session_id
            and self.source_presentation.session_id != self.source_session_id
        ):
            raise ValidationError(
                {
                    "source_presentation": ValidationError(
                        _("This presentation belongs to another session; pick one of %(s)s."),
                        params={"s": self.source_session},
                        code="presentation_outside_session",
                    )
                }
            )

    @property
    def members_only(self):
        """Labelled "Members only" wherever it appears; only members ever see it."""
        return self.visibility == Visibility.MEMBERS

    @property
    def source(self):
        """The most precise source: the presentation, else the session, else the part of the
        event's documents (background, conclusions), else the event; None if none is known.

        Whatever it is has a `get_absolute_url()`; `source_label` says it in one line.
        """
        if self.source_presentation_id or self.source_session_id:
            return self.source_presentation or self.source_session
        if self.source_event_id and self.source_part != SourcePart.PROCEEDINGS:
            return DocumentPart(self.source_event, self.source_part)
        return self.source_event

    @property
    def source_label(self):
        """The source in one line of plain text, for exports and the review page."""
        source = self.source
        if source is None:
            return ""
        if isinstance(source, Presentation):
            session = source.session
            return f"{source.presenter_name}: {source.title} ({session.label}, {session.event})"
        if isinstance(source, Session):
            return f"{source.label}, {source.event}"
        if isinstance(source, DocumentPart):
            return str(source.label)
        return str(source)

    @property
    def presented_dates(self):
        """(start, end) of the event where a practice taken from its documents was presented.

        None for practices contributed on the site: they carry their publication date.
        """
        if self.dated_by_event and self.source_event_id:
            return (self.source_event.start_date, self.source_event.end_date)
        return None
