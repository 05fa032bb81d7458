"""Taking results away: the current selection of practices as CSV or JSON.

An export holds exactly what the listing shows for the same URL — every page of it — with the
fields a practitioner needs and a link back to each practice.
"""

import csv
import io
import json

from practices.dating import date_range_iso

# Chunked iteration keeps memory flat on large exports; prefetches run once per chunk.
CHUNK = 500
MAX_ROWS = 10_000

COLUMNS = [
    ("title", "Title"),
    ("url", "Link"),
    ("kind", "Kind"),
    ("focus", "Focus"),
    ("summary", "Summary"),
    ("visibility", "Visible to"),
    ("objectives", "Objectives"),
    ("countries", "Countries"),
    ("regions", "Regions"),
    ("themes", "Themes"),
    ("tags", "Tags"),
    ("organisations", "Organisations"),
    ("source", "Source"),
    ("published", "Published"),
    ("presented", "Presented at its event"),
    ("problem", "Problem addressed"),
    ("body", "What was done"),
    ("results", "Results and evidence"),
    ("lessons", "Lessons and challenges"),
    ("adaptation", "How to adapt it"),
]


def export_rows(results, *, base_url):
    """Dicts, one per practice, in the selection's order."""
    results = results.select_related(
        "source_event", "source_session__event", "source_presentation__session__event"
    ).with_classification()[:MAX_ROWS]
    for practice in results.iterator(chunk_size=CHUNK):
        countries = list(practice.countries.all())
        yield {
            "title": practice.title,
            "url": base_url + practice.get_absolute_url(),
            "kind": str(practice.get_kind_display()),
            "focus": str(practice.get_focus_display()),
            "summary": practice.summary,
            # Members-only practices are exported to members only, and say so.
            "visibility": str(practice.get_visibility_display()),
            "objectives": [f"{o.number}. {o.title}" for o in practice.objectives.all()],
            "countries": [c.name for c in countries],
            "regions": sorted({c.region.name for c in countries}),
            "themes": [t.name for t in practice.themes.all()],
            "tags": sorted(t.name for t in practice.tags.all()),
            "organisations": [o.name for o in practice.organisations.all()],
            "source": practice.source_label,
            **_dates(practice),
            "problem": practice.problem,
            "body": practice.body,
            "results": practice.results,
            "lessons": practice.lessons,
            "adaptation": practice.adaptation,
        }


def _dates(practice):
    """Practices taken from an event's documents have no publication date: their event's."""
    presented = practice.presented_dates
    if presented:
        return {"published": "", "presented": date_range_iso(*presented)}
    published = practice.published_at.date().isoformat() if practice.published_at else ""
    return {"published": published, "presented": ""}


def _cell(value):
    text = "; ".join(value) if isinstance(value, list) else str(value)
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def csv_chunks(rows):
    """CSV text in pieces, with a byte-order mark so spreadsheets read it as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([label for _, label in COLUMNS])
    for row in rows:
        writer.writerow([_cell(row[key]) for key, _ in COLUMNS])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_document(rows, *, query, filters, source):
    """The JSON export; `source` is the absolute address of the listing it was taken from."""
    practices = list(rows)
    return json.dumps(
        {
            "source": source,
            "query": query,
            "filters": filters,
            "count": len(practices),
            "practices": practices,
        },
        ensure_ascii=False,
        indent=2,
    )
