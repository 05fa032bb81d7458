"""Where GLO.ACT works: regions, the programme's phases, and the countries that took part."""

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Phase(models.Model):
    """A phase of the programme, e.g. GLO.ACT 2015–2019 with its 13 partner countries."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["start_year", "name"]
        verbose_name = _("programme phase")
        verbose_name_plural = _("programme phases")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="phase_ends_after_it_starts",
                violation_error_message=_("A phase cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name


class CountryQuerySet(models.QuerySet):
    def partners(self):
        """Countries that are partners of at least one programme phase."""
        return self.filter(phases__isnull=False).distinct()

    def with_practice_counts(self, practices):
        """Annotate each country with how many of the given practices name it."""
        return self.annotate(
            practice_count=Count("practices", filter=Q(practices__in=practices), distinct=True)
        )


class Country(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    official_name = models.CharField(_("official name"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    iso_code = models.CharField(
        _("ISO 3166 code"),
        max_length=2,
        unique=True,
        help_text=_("Two capital letters, as in ISO 3166-1 alpha-2 (MA for Morocco)."),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="countries", verbose_name=_("region")
    )
    phases = models.ManyToManyField(
        Phase,
        blank=True,
        related_name="countries",
        verbose_name=_("programme phases"),
        help_text=_("Leave empty for a country that took part without being a partner."),
    )
    context = models.TextField(_("context"), blank=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=Q(iso_code__regex=r"^[A-Z]{2}$"),
                name="country_iso_code_two_capitals",
                violation_error_message=_("The ISO code must be two capital letters."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("countries:detail", kwargs={"slug": self.slug})
