"""The data package: everything public, as CSV files and the `datapackage.json` describing them.

A Frictionless Data tabular data package (https://specs.frictionlessdata.io/): one CSV file per
kind of thing, one per many-to-many link, ids as primary keys and foreign keys between them,
so that the whole can be loaded into a spreadsheet, a database or pandas and joined again.
Practices are those an anonymous visitor sees (`visible_practices` with nobody signed in); tags
are those on such practices. It is written to a zip beside the site's data, outside requests
(`manage.py build_datapackage`, or the task that runs it), and replaced in one step.
"""

import csv
import io
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from cop.models import Event, Objective, Organisation, Presentation, Session
from countries.models import Country, Phase, Region
from practices.browse.exports import COLUMNS
from practices.models import Practice, TaggedPractice, Theme
from practices.permissions import visible_practices

CHUNK = 2000
# The practice columns the site's CSV export also has keep the export's titles.
EXPORT_TITLES = dict(COLUMNS)


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


def _values(queryset, fields):
    return queryset.order_by("pk").values_list(*fields).iterator(chunk_size=CHUNK)


def _links(through, owner, target, practices):
    """(practice id, other id) pairs of a many-to-many link, for the public practices only."""
    rows = through.objects.filter(**{f"{owner}__in": practices.values("pk")})
    return rows.order_by(owner, target).values_list(owner, target).iterator(chunk_size=CHUNK)


def resources():
    """Every resource of the package, in the order datapackage.json lists them."""
    public = visible_practices(AnonymousUser())
    practice_ids = public.values("pk")
    url_base = settings.SITE_URL

    def practice_rows():
        columns = [
            "id", "slug", "title", "summary", "kind", "focus", "body", "problem", "results",
            "lessons", "adaptation", "contact", "source_event_id", "source_session_id",
            "source_presentation_id", "source_part", "published_at", "updated_at",
            "dated_by_event",
        ]  # fmt: skip
        for row in _values(public, columns):
            *values, published, updated, dated_by_event = row
            # As the API says it: a practice from an event's documents has its event's dates.
            if dated_by_event and row[columns.index("source_event_id")]:
                published = None
            url = url_base + reverse("practices:detail", kwargs={"slug": row[1]})
            yield (*values, _iso(published), _iso(updated), url)

    def link(name, title, m2m, target_resource):
        through = Practice._meta.get_field(m2m).remote_field.through
        target = m2m[:-1] if not m2m.endswith("ies") else m2m[:-3] + "y"
        return Resource(
            name,
            title,
            [("practice_id", "integer", "Practice"), (f"{target}_id", "integer", title)],
            lambda: _links(through, "practice", target, public),
            primary_key=["practice_id", f"{target}_id"],
            foreign_keys={"practice_id": "practices", f"{target}_id": target_resource},
        )

    return [
        Resource(
            "practices",
            "Practices",
            [
                ("id", "integer", "Id"),
                ("slug", "string", "Slug"),
                ("title", "string", EXPORT_TITLES["title"]),
                ("summary", "string", EXPORT_TITLES["summary"]),
                ("kind", "string", EXPORT_TITLES["kind"]),
                ("focus", "string", EXPORT_TITLES["focus"]),
                ("body", "string", EXPORT_TITLES["body"]),
                ("problem", "string", EXPORT_TITLES["problem"]),
                ("results", "string", EXPORT_TITLES["results"]),
                ("lessons", "string", EXPORT_TITLES["lessons"]),
                ("adaptation", "string", EXPORT_TITLES["adaptation"]),
                ("contact", "string", "Contact"),
                ("source_event_id", "integer", "Source event"),
                ("source_session_id", "integer", "Source session"),
                ("source_presentation_id", "integer", "Source presentation"),
                ("source_part", "string", "Part of the source"),
                ("published_at", "datetime", EXPORT_TITLES["published"]),
                ("updated_at", "datetime", "Updated"),
                ("url", "string", EXPORT_TITLES["url"]),
            ],
            practice_rows,
            foreign_keys={
                "source_event_id": "events",
                "source_session_id": "sessions",
                "source_presentation_id": "presentations",
            },
        ),
        link("practice_objectives", "Objective", "objectives", "objectives"),
        link("practice_countries", "Country", "countries", "countries"),
        link("practice_themes", "Theme", "themes", "themes"),
        link("practice_organisations", "Organisation", "organisations", "organisations"),
        Resource(
            "practice_tags",
            "Tag",
            [("practice_id", "integer", "Practice"), ("tag_id", "integer", "Tag")],
            lambda: (
                TaggedPractice.objects.filter(content_object__in=practice_ids)
                .order_by("content_object", "tag")
                .values_list("content_object", "tag")
                .iterator(chunk_size=CHUNK)
            ),
            primary_key=["practice_id", "tag_id"],
            foreign_keys={"practice_id": "practices", "tag_id": "tags"},
        ),
        Resource(
            "objectives",
            "Objectives of the programme",
            [
                ("id", "integer", "Id"),
                ("number", "integer", "Number"),
                ("slug", "string", "Slug"),
                ("title", "string", "Title"),
                ("short_label", "string", "Short label"),
                ("description", "string", "Description"),
            ],
            lambda: _values(
                Objective.objects, ["id", "number", "slug", "title", "short_label", "description"]
            ),
        ),  # fmt: skip
        Resource(
            "themes",
            "Themes of the workshop's conclusions",
            [
                ("id", "integer", "Id"),
                ("number", "integer", "Number"),
                ("slug", "string", "Slug"),
                ("name", "string", "Name"),
                ("description", "string", "Description"),
            ],
            lambda: _values(Theme.objects, ["id", "number", "slug", "name", "description"]),
        ),  # fmt: skip
        Resource(
            "regions",
            "Regions",
            [
                ("id", "integer", "Id"),
                ("slug", "string", "Slug"),
                ("name", "string", "Name"),
                ("order", "integer", "Order"),
            ],
            lambda: _values(Region.objects, ["id", "slug", "name", "order"]),
        ),  # fmt: skip
        Resource(
            "phases",
            "Programme phases",
            [
                ("id", "integer", "Id"),
                ("slug", "string", "Slug"),
                ("name", "string", "Name"),
                ("start_year", "integer", "Start year"),
                ("end_year", "integer", "End year"),
                ("description", "string", "Description"),
            ],
            lambda: _values(
                Phase.objects, ["id", "slug", "name", "start_year", "end_year", "description"]
            ),
        ),  # fmt: skip
        Resource(
            "countries",
            "Countries",
            [
                ("id", "integer", "Id"),
                ("slug", "string", "Slug"),
                ("name", "string", "Name"),
                ("official_name", "string", "Official name"),
                ("iso_code", "string", "ISO 3166-1 alpha-2"),
                ("region_id", "integer", "Region"),
                ("context", "string", "Context"),
            ],
            lambda: _values(
                Country.objects,
                ["id", "slug", "name", "official_name", "iso_code", "region_id", "context"],
            ),
            foreign_keys={"region_id": "regions"},
        ),  # fmt: skip
        Resource(
            "country_phases",
            "Partner countries of each phase",
            [("country_id", "integer", "Country"), ("phase_id", "integer", "Phase")],
            lambda: (
                Country.phases.through.objects.order_by("country", "phase")
                .values_list("country", "phase")
                .iterator(chunk_size=CHUNK)
            ),
            primary_key=["country_id", "phase_id"],
            foreign_keys={"country_id": "countries", "phase_id": "phases"},
        ),
        Resource(
            "organisations",
            "Organisations",
            [
                ("id", "integer", "Id"),
                ("slug", "string", "Slug"),
                ("name", "string", "Name"),
                ("acronym", "string", "Acronym"),
                ("kind", "string", "Kind"),
                ("country_id", "integer", "Country"),
            ],
            lambda: _values(
                Organisation.objects, ["id", "slug", "name", "acronym", "kind", "country_id"]
            ),
            foreign_keys={"country_id": "countries"},
        ),  # fmt: skip
        Resource(
            "events",
            "Events",
            [
                ("id", "integer", "Id"),
                ("slug", "string", "Slug"),
                ("title", "string", "Title"),
                ("subtitle", "string", "Subtitle"),
                ("start_date", "date", "Start date"),
                ("end_date", "date", "End date"),
                ("venue", "string", "Venue"),
                ("city", "string", "City"),
                ("country_id", "integer", "Host country"),
                ("summary", "string", "Summary"),
                ("outcome", "string", "Outcome"),
            ],
            lambda: _values(
                Event.objects,
                [
                    "id",
                    "slug",
                    "title",
                    "subtitle",
                    "start_date",
                    "end_date",
                    "venue",
                    "city",
                    "country_id",
                    "summary",
                    "outcome",
                ],
            ),
            foreign_keys={"country_id": "countries"},
        ),  # fmt: skip
        Resource(
            "sessions",
            "Sessions of the events",
            [
                ("id", "integer", "Id"),
                ("event_id", "integer", "Event"),
                ("order", "integer", "Order"),
                ("kind", "string", "Kind"),
                ("number", "integer", "Session number"),
                ("slug", "string", "Slug"),
                ("title", "string", "Title"),
                ("moderator_name", "string", "Moderator"),
                ("moderator_role", "string", "Moderator's role"),
                ("summary", "string", "Summary"),
            ],
            lambda: _values(
                Session.objects,
                [
                    "id",
                    "event_id",
                    "order",
                    "kind",
                    "number",
                    "slug",
                    "title",
                    "moderator_name",
                    "moderator_role",
                    "summary",
                ],
            ),
            foreign_keys={"event_id": "events"},
        ),  # fmt: skip
        Resource(
            "presentations",
            "Presentations, remarks and interventions in the sessions",
            [
                ("id", "integer", "Id"),
                ("session_id", "integer", "Session"),
                ("order", "integer", "Order"),
                ("kind", "string", "Kind"),
                ("presenter_name", "string", "Presenter"),
                ("presenter_role", "string", "Presenter's role"),
                ("organisation_id", "integer", "Organisation"),
                ("country_id", "integer", "Country"),
                ("title", "string", "Title"),
                ("summary", "string", "What was presented"),
                ("remote", "boolean", "Joined remotely"),
            ],
            lambda: _values(
                Presentation.objects,
                [
                    "id",
                    "session_id",
                    "order",
                    "kind",
                    "presenter_name",
                    "presenter_role",
                    "organisation_id",
                    "country_id",
                    "title",
                    "summary",
                    "remote",
                ],
            ),
            foreign_keys={
                "session_id": "sessions",
                "organisation_id": "organisations",
                "country_id": "countries",
            },
        ),  # fmt: skip
        Resource(
            "tags",
            "Tags of public practices",
            [("id", "integer", "Id"), ("slug", "string", "Slug"), ("name", "string", "Name")],
            lambda: _values(
                Tag.objects.filter(
                    pk__in=TaggedPractice.objects.filter(content_object__in=practice_ids).values(
                        "tag"
                    )
                ),
                ["id", "slug", "name"],
            ),
        ),
    ]


def _iso(value):
    return value.isoformat() if value else None


def _csv(resource):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([name for name, _kind, _title in resource.fields])
    for row in resource.rows():
        writer.writerow(["" if v is None else _boolean(v) for v in row])
    return buffer.getvalue()


def _boolean(value):
    if value is True:
        return "true"
    if value is False:
        return "false"
    return value


def descriptor(built):
    return {
        "profile": "tabular-data-package",
        "name": "glo-act-community-of-practice",
        "title": "GLO.ACT Community of Practice: good practices against trafficking in persons "
        "and the smuggling of migrants",
        "description": "Every published, public practice of the knowledge base, with the "
        "objectives, countries, themes, organisations and tags it is filed under, and the "
        "programme's events, sessions and presentations they come from.",
        "homepage": settings.SITE_URL + "/",
        "created": built.isoformat(),
        "resources": [r.descriptor() for r in resources()],
    }


def version_path(path):
    """Beside the zip: which state of the content it holds (see practices.api.tasks)."""
    return Path(path).with_suffix(".version")


def build(path=None, *, version=""):
    """Write the data package to `path` (DATA_PACKAGE_PATH by default), replacing it whole."""
    path = Path(path or settings.DATA_PACKAGE_PATH)
    path.parent.mkdir(parents=True, exist_ok=True)
    built = timezone.now()
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=".datapackage-", suffix=".zip")
    try:
        with os.fdopen(handle, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(
                "datapackage.json", json.dumps(descriptor(built), ensure_ascii=False, indent=2)
            )
            for resource in resources():
                z.writestr(f"{resource.name}.csv", _csv(resource))
        os.chmod(partial, 0o644)
        os.replace(partial, path)  # readers see the old package or the new one, never half
        version_path(path).write_text(version)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return path
