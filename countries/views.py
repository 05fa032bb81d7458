"""Pages about countries: the index by region and phase, and one country's page."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from cop.models import Presentation
from countries.models import Country, Phase, Region
from practices.browse import build_listing
from practices.permissions import visible_practices


def country_list(request):
    visible = visible_practices(request.user)
    countries = Country.objects.with_practice_counts(visible).order_by("name")
    regions = Region.objects.prefetch_related(
        # Countries under each region, each with its count of practices.
        Prefetch("countries", queryset=countries.prefetch_related("phases"))
    )
    phases = Phase.objects.prefetch_related(Prefetch("countries", queryset=countries))
    non_partners = countries.filter(phases__isnull=True)
    return render(
        request,
        "countries/country_list.html",
        {"regions": regions, "phases": phases, "non_partners": non_partners},
    )


def country_detail(request, slug):
    country = get_object_or_404(
        Country.objects.select_related("region").prefetch_related("phases"), slug=slug
    )
    listing = build_listing(request, fixed={"country": [country.slug]})
    presentations = (
        Presentation.objects.filter(country=country)
        .select_related("session__event", "organisation")
        .order_by("session__event__start_date", "session__order", "order")
    )
    return render(
        request,
        "countries/country_detail.html",
        {"country": country, "listing": listing, "presentations": presentations},
    )
