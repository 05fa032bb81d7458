"""What the data package holds: one resource (a CSV file and its schema) per kind of thing and
per many-to-many link, in the order datapackage.json lists them.

A table is declared by its model and column names: each column's type comes from the model's
field, and its title from its name unless it says otherwise (the practice columns the site's
CSV export also has keep the export's titles). Practices are those an anonymous visitor sees.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from taggit.models import Tag

from cop.models import Event, Objective, Organisation, Presentation, Session
from countries.models import Country, Phase, Region
from practices.api.links import Links
from practices.browse.exports import COLUMNS
from practices.models import Practice, TaggedPractice, Theme
from practices.permissions import visible_practices

CHUNK = 2000
EXPORT_TITLES = dict(COLUMNS)
TYPES = {
    "AutoField": "integer",
    "BigAutoField": "integer",
    "ForeignKey": "integer",
    "IntegerField": "integer",
    "PositiveIntegerField": "integer",
    "PositiveSmallIntegerField": "integer",
    "SmallIntegerField": "integer",
    "BooleanField": "boolean",
    "DateField": "date",
    "DateTimeField": "datetime",
}


@dataclass
class Resource:
    name: str
    title: str
    fields: list  # [(name, type, title)]
    rows: object  # a callable giving an iterable of tuples, in `fields` order
    primary_key: list = field(default_factory=lambda: ["id"])
    foreign_keys: dict = field(default_factory=dict)  # field -> resource it refers to

    def descriptor(self):
        schema = {
            "fields": [
                {"name": name, "type": kind, "title": str(title)}
                for name, kind, title in self.fields
            ],
            "primaryKey": self.primary_key,
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": name, "reference": {"resource": target, "fields": "id"}}
                for name, target in self.foreign_keys.items()
            ]
        return {
            "name": self.name,
            "title": self.title,
            "path": f"{self.name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        }


def _columns(model, names, titles):
    """(name, type, title) of each column: the type from the model's field, the title from
    `titles` or else the name ("source_event_id" → "Source event")."""
    columns = []
    for name in names.split():
        kind = TYPES.get(model._meta.get_field(name).get_internal_type(), "string")
        title = titles.get(name) or name.removesuffix("_id").replace("_", " ").capitalize()
        columns.append((name, kind, title))
    return columns


def _values(queryset, fields):
    return queryset.order_by("pk").values_list(*fields).iterator(chunk_size=CHUNK)


def _table(name, title, queryset, names, *, titles=None, foreign_keys=None):
    """The rows of a model (or of a queryset of it), one column per field named."""
    columns = _columns(queryset.model, names, titles or {})
    return Resource(
        name,
        title,
        columns,
        lambda: _values(queryset, [column for column, _kind, _title in columns]),
        foreign_keys=foreign_keys or {},
    )


def _pairs(name, title, through, owner, target, *, within=None):
    """A many-to-many link as (owner id, target id) rows; `owner` and `target` are
    (field of the link table, resource, title), and `within` keeps the owners listed there."""
    (owner_field, owner_resource, owner_title) = owner
    (target_field, target_resource, target_title) = target
    owner_id, target_id = _singular(owner_resource), _singular(target_resource)

    def rows():
        links = through.objects.all()
        if within is not None:
            links = links.filter(**{f"{owner_field}__in": within})
        ordered = links.order_by(owner_field, target_field)
        return ordered.values_list(owner_field, target_field).iterator(chunk_size=CHUNK)

    return Resource(
        name,
        title,
        [(owner_id, "integer", owner_title), (target_id, "integer", target_title)],
        rows,
        primary_key=[owner_id, target_id],
        foreign_keys={owner_id: owner_resource, target_id: target_resource},
    )


def _singular(resource):
    """The id column of a resource's rows elsewhere: "countries" → "country_id"."""
    return (resource[:-3] + "y" if resource.endswith("ies") else resource[:-1]) + "_id"


def _practices(public):
    names = (
        "id slug title summary kind focus body problem results lessons adaptation contact "
        "source_event_id source_session_id source_presentation_id source_part published_at "
        "updated_at"
    )
    titles = {
        **EXPORT_TITLES,
        "published_at": EXPORT_TITLES["published"],
        "source_part": "Part of the source",
        "updated_at": "Updated",
    }
    columns = [*_columns(Practice, names, titles), ("url", "string", EXPORT_TITLES["url"])]
    page = Links(settings.SITE_URL).page
    queried = [*names.split()[:-2], "published_at", "updated_at", "dated_by_event"]
    event_index = queried.index("source_event_id")

    def rows():
        for row in _values(public, queried):
            *values, published, updated, dated_by_event = row
            # As the API says it: a practice from an event's documents has its event's dates.
            if dated_by_event and row[event_index]:
                published = None
            yield (*values, _iso(published), _iso(updated), page("practices:detail", row[1]))

    return Resource(
        "practices",
        "Practices",
        columns,
        rows,
        foreign_keys={
            "source_event_id": "events",
            "source_session_id": "sessions",
            "source_presentation_id": "presentations",
        },
    )


def _iso(value):
    return value.isoformat() if value else None


def resources():
    """Every resource of the package, in the order datapackage.json lists them."""
    public = visible_practices(AnonymousUser())
    practice_ids = public.values("pk")
    practice = ("practice", "practices", "Practice")

    def filed_under(m2m, resource, title):
        through = Practice._meta.get_field(m2m).remote_field.through
        target = (_singular(resource).removesuffix("_id"), resource, title)
        return _pairs(f"practice_{m2m}", title, through, practice, target, within=practice_ids)

    public_tags = Tag.objects.filter(
        pk__in=TaggedPractice.objects.filter(content_object__in=practice_ids).values("tag")
    )
    return [
        _practices(public),
        filed_under("objectives", "objectives", "Objective"),
        filed_under("countries", "countries", "Country"),
        filed_under("themes", "themes", "Theme"),
        filed_under("organisations", "organisations", "Organisation"),
        _pairs(
            "practice_tags",
            "Tag",
            TaggedPractice,
            ("content_object", "practices", "Practice"),
            ("tag", "tags", "Tag"),
            within=practice_ids,
        ),
        _table(
            "objectives",
            "Objectives of the programme",
            Objective.objects.all(),
            "id number slug title short_label description",
        ),
        _table(
            "themes",
            "Themes of the workshop's conclusions",
            Theme.objects.all(),
            "id number slug name description",
        ),
        _table("regions", "Regions", Region.objects.all(), "id slug name order"),
        _table(
            "phases",
            "Programme phases",
            Phase.objects.all(),
            "id slug name start_year end_year description",
        ),
        _table(
            "countries",
            "Countries",
            Country.objects.all(),
            "id slug name official_name iso_code region_id context",
            titles={"iso_code": "ISO 3166-1 alpha-2"},
            foreign_keys={"region_id": "regions"},
        ),
        _pairs(
            "country_phases",
            "Partner countries of each phase",
            Country.phases.through,
            ("country", "countries", "Country"),
            ("phase", "phases", "Phase"),
        ),
        _table(
            "organisations",
            "Organisations",
            Organisation.objects.all(),
            "id slug name acronym kind country_id",
            foreign_keys={"country_id": "countries"},
        ),
        _table(
            "events",
            "Events",
            Event.objects.all(),
            "id slug title subtitle start_date end_date venue city country_id summary outcome",
            titles={"country_id": "Host country"},
            foreign_keys={"country_id": "countries"},
        ),
        _table(
            "sessions",
            "Sessions of the events",
            Session.objects.all(),
            "id event_id order kind number slug title moderator_name moderator_role summary",
            titles={
                "number": "Session number",
                "moderator_name": "Moderator",
                "moderator_role": "Moderator's role",
            },
            foreign_keys={"event_id": "events"},
        ),
        _table(
            "presentations",
            "Presentations, remarks and interventions in the sessions",
            Presentation.objects.all(),
            "id session_id order kind presenter_name presenter_role organisation_id country_id "
            "title summary remote",
            titles={
                "presenter_name": "Presenter",
                "presenter_role": "Presenter's role",
                "summary": "What was presented",
                "remote": "Joined remotely",
            },
            foreign_keys={
                "session_id": "sessions",
                "organisation_id": "organisations",
                "country_id": "countries",
            },
        ),
        _table("tags", "Tags of public practices", public_tags, "id slug name"),
    ]
