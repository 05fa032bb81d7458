"""Practices related to a practice, ranked in the database by what they share with it."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from practices.models import Practice, TaggedPractice

# A shared tag says more about closeness than a shared objective (there are only six).
WEIGHTS = {"tags": 3, "objectives": 2, "countries": 2}


def _shared(through, owner_field, target_field, ids):
    """Subquery: how many of `ids` the outer practice has through an m2m table."""
    return Coalesce(
        Subquery(
            through.objects.filter(**{owner_field: OuterRef("pk"), f"{target_field}__in": ids})
            .order_by()
            .values(owner_field)
            .annotate(n=Count("*"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def related_practices(practice, candidates, *, limit=4):
    """The `limit` candidates sharing most tags, objectives and countries with `practice`.

    Uses the practice's prefetched relations for the ids; one query for the result and two
    for the cards' chips.
    """
    tag_ids = [t.pk for t in practice.tags.all()]
    objective_ids = [o.pk for o in practice.objectives.all()]
    country_ids = [c.pk for c in practice.countries.all()]
    score = (
        _shared(TaggedPractice, "content_object", "tag", tag_ids) * WEIGHTS["tags"]
        + _shared(Practice.objectives.through, "practice", "objective", objective_ids)
        * WEIGHTS["objectives"]
        + _shared(Practice.countries.through, "practice", "country", country_ids)
        * WEIGHTS["countries"]
    )
    return (
        candidates.exclude(pk=practice.pk)
        .annotate(relatedness=score)
        .filter(relatedness__gt=0)
        .order_by("-relatedness", "-published_at", "title")
        .for_cards()[:limit]
    )
