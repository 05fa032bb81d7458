"""Practices related to a practice, ranked in the database by what they share with it."""

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.expressions import RawSQL
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


# How many of the best-scored practices are considered before visibility and ties are applied:
# enough that hidden practices cannot crowd out the visible ones.
SHORTLIST = 200


def _shortlist(practice, tag_ids, objective_ids, country_ids):
    """SQL for the ids of the SHORTLIST practices sharing most with `practice`.

    Scores are summed from the link tables alone (a practice's tags, objectives, countries),
    which is far cheaper at scale than scoring every practice with correlated subqueries.
    """
    q = connection.ops.quote_name
    tagged = TaggedPractice._meta
    links = [
        (tagged.db_table, tagged.get_field("content_object").column,
         tagged.get_field("tag").column, tag_ids, WEIGHTS["tags"]),
        (Practice.objectives.through._meta.db_table, "practice_id", "objective_id",
         objective_ids, WEIGHTS["objectives"]),
        (Practice.countries.through._meta.db_table, "practice_id", "country_id",
         country_ids, WEIGHTS["countries"]),
    ]  # fmt: skip
    branches, params = [], []
    for table, owner, target, ids, weight in links:
        if ids:
            marks = ", ".join(["%s"] * len(ids))
            branches.append(
                f"SELECT {q(owner)} AS pid, {int(weight)} AS w FROM {q(table)} "  # noqa: S608
                f"WHERE {q(target)} IN ({marks})"
            )
            params.extend(ids)
    if not branches:
        return None
    sql = (
        "SELECT s.pid FROM (" + " UNION ALL ".join(branches) + ") s "  # noqa: S608
        "WHERE s.pid <> %s GROUP BY s.pid ORDER BY SUM(s.w) DESC, s.pid DESC LIMIT %s"
    )
    return RawSQL(sql, [*params, practice.pk, SHORTLIST])  # noqa: S611 - values are parameters


def related_practices(practice, candidates, *, limit=4):
    """The `limit` candidates sharing most tags, objectives and countries with `practice`.

    Uses the practice's prefetched relations for the ids; one query for the result and two
    for the cards' chips.
    """
    tag_ids = [t.pk for t in practice.tags.all()]
    objective_ids = [o.pk for o in practice.objectives.all()]
    country_ids = [c.pk for c in practice.countries.all()]
    shortlist = _shortlist(practice, tag_ids, objective_ids, country_ids)
    if shortlist is None:
        return candidates.none()
    score = (
        _shared(TaggedPractice, "content_object", "tag", tag_ids) * WEIGHTS["tags"]
        + _shared(Practice.objectives.through, "practice", "objective", objective_ids)
        * WEIGHTS["objectives"]
        + _shared(Practice.countries.through, "practice", "country", country_ids)
        * WEIGHTS["countries"]
    )
    # The exact score is computed only for the shortlist, to order it with its ties.
    return (
        candidates.filter(pk__in=shortlist)
        .annotate(relatedness=score)
        .order_by("-relatedness", "-published_at", "title")
        .for_cards()[:limit]
    )
