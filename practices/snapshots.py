"""Snapshots of a practice's editable fields: what versions keep and revisions propose.

A snapshot is plain JSON. Related objects are named by slug (objectives, countries, themes,
organisations, tags; a session as `event-slug/session-slug`), so a version stays readable and
restorable after a database is moved. Tags also keep their names, so a tag merged away since
can be recreated on restore rather than silently lost.
"""

import difflib
import re
from dataclasses import dataclass

from django.db.models.functions import Lower
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from cop.models import Event, Objective, Organisation, Presentation, Session
from countries.models import Country
from practices.models import Practice, Theme

TEXT_FIELDS = ["title", "summary", "problem", "body", "results", "lessons", "adaptation", "contact"]
CHOICE_FIELDS = ["kind", "focus"]
RELATED = {
    "objectives": Objective,
    "countries": Country,
    "themes": Theme,
    "organisations": Organisation,
}
FIELDS = [*TEXT_FIELDS, *CHOICE_FIELDS, "source_event", "source_session", *RELATED, "tags"]


def normalise_tags(names):
    """Tags as the site keeps them: trimmed, lower case, single spaces, no duplicates."""
    seen = []
    for name in names:
        clean = " ".join(str(name).split()).lower()
        if clean and clean not in seen:
            seen.append(clean)
    return seen


def _session_key(session):
    return f"{session.event.slug}/{session.slug}" if session else None


def take(practice):
    """The snapshot of a saved practice, as it is now."""
    snapshot = {name: getattr(practice, name) for name in TEXT_FIELDS + CHOICE_FIELDS}
    snapshot["source_event"] = practice.source_event.slug if practice.source_event_id else None
    snapshot["source_session"] = (
        _session_key(Session.objects.select_related("event").get(pk=practice.source_session_id))
        if practice.source_session_id
        else None
    )
    snapshot["source_presentation"] = practice.source_presentation_id
    for name in RELATED:
        snapshot[name] = sorted(getattr(practice, name).values_list("slug", flat=True))
    tags = sorted(practice.tags.values_list("name", "slug"))
    snapshot["tags"] = [slug for _name, slug in tags]
    snapshot["tag_names"] = [name for name, _slug in tags]
    return snapshot


def from_form(data):
    """A snapshot from a contribution form's cleaned data."""
    snapshot = {name: data.get(name) or "" for name in TEXT_FIELDS}
    snapshot.update({name: data[name] for name in CHOICE_FIELDS})
    event, session = data.get("source_event"), data.get("source_session")
    snapshot["source_event"] = event.slug if event else None
    snapshot["source_session"] = _session_key(session)
    for name in RELATED:
        if name in data:  # the form may leave some out (organisations): they stay as they are
            snapshot[name] = sorted(obj.slug for obj in data[name] or [])
    names = normalise_tags(data.get("tags") or [])
    existing = {
        t.name.lower(): t for t in Tag.objects.annotate(lower=Lower("name")).filter(lower__in=names)
    }
    pairs = sorted(
        (name, existing[name].slug if name in existing else Tag().slugify(name)) for name in names
    )
    snapshot["tags"] = [slug for _name, slug in pairs]
    snapshot["tag_names"] = [name for name, _slug in pairs]
    return snapshot


def same_content(a, b):
    """Whether two snapshots say the same thing (tag slugs aside, which only follow names)."""
    keys = [name for name in FIELDS if name != "tags"] + ["tag_names", "source_presentation"]
    return all((a or {}).get(k) == (b or {}).get(k) for k in keys)


def _resolve_session(key):
    if not key or "/" not in key:
        return None
    event_slug, session_slug = key.split("/", 1)
    return Session.objects.filter(event__slug=event_slug, slug=session_slug).first()


def _resolve_tags(snapshot):
    names = snapshot.get("tag_names") or []
    slugs = snapshot.get("tags") or []
    by_slug = {t.slug: t for t in Tag.objects.filter(slug__in=slugs)}
    tags = []
    for i, name in enumerate(names):
        slug = slugs[i] if i < len(slugs) else None
        tag = by_slug.get(slug) or Tag.objects.filter(name__iexact=name).first()
        tags.append(tag or Tag.objects.create(name=name))
    return tags


def apply(practice, snapshot):
    """Write a snapshot onto a practice and save it; the caller holds the transaction.

    Fields the snapshot does not name are left alone; related objects that no longer exist
    are skipped.
    """
    for name in TEXT_FIELDS + CHOICE_FIELDS:
        if name in snapshot:
            setattr(practice, name, snapshot[name] or "")
    practice.source_event = Event.objects.filter(slug=snapshot.get("source_event") or "").first()
    practice.source_session = _resolve_session(snapshot.get("source_session"))
    if practice.source_session and not practice.source_event:
        practice.source_event = practice.source_session.event
    if "source_presentation" in snapshot:
        presentation = snapshot["source_presentation"]
        practice.source_presentation = (
            Presentation.objects.filter(pk=presentation).first() if presentation else None
        )
    if practice.source_presentation_id and (
        practice.source_presentation.session_id != practice.source_session_id
    ):
        practice.source_presentation = None
    practice.full_clean()
    practice.save()
    for name, model in RELATED.items():
        if name in snapshot:
            getattr(practice, name).set(model.objects.filter(slug__in=snapshot[name] or []))
    if "tag_names" in snapshot:
        practice.tags.set(_resolve_tags(snapshot))
    return practice


# --- Reading snapshots: labels and differences ----------------------------------------------


@dataclass
class FieldChange:
    name: str
    label: str
    html: str  # escaped, with <ins>/<del> around what changed


def labels(snapshot):
    """{field: display text} for every field of a snapshot, related objects by their names."""
    snapshot = snapshot or {}
    shown = {name: snapshot.get(name) or "" for name in TEXT_FIELDS}
    shown["kind"] = str(dict(Practice.Kind.choices).get(snapshot.get("kind"), ""))
    shown["focus"] = str(dict(Practice.Focus.choices).get(snapshot.get("focus"), ""))
    event = Event.objects.filter(slug=snapshot.get("source_event") or "").first()
    shown["source_event"] = event.title if event else ""
    session = _resolve_session(snapshot.get("source_session"))
    shown["source_session"] = session.title if session else ""
    for name, model in RELATED.items():
        found = {
            obj.slug: str(obj) for obj in model.objects.filter(slug__in=snapshot.get(name) or [])
        }
        shown[name] = "; ".join(found.get(slug, slug) for slug in snapshot.get(name) or [])
    shown["tags"] = ", ".join(snapshot.get("tag_names") or [])
    return shown


def field_label(name):
    if name == "tags":
        return capfirst(_("tags"))
    return capfirst(Practice._meta.get_field(name).verbose_name)


_TOKENS = re.compile(r"\s+|[^\s\w]|\w+")


def diff_html(old, new):
    """Word-level difference of two texts, escaped, with <del> and <ins> marking changes."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped


def changes(old, new):
    """The fields that differ between two snapshots, each with its marked-up difference."""
    before, after = labels(old), labels(new)
    return [
        FieldChange(name, field_label(name), diff_html(before[name], after[name]))
        for name in FIELDS
        if before[name] != after[name]
    ]


def rows(snapshot):
    """(label, text) for each non-empty field, in form order: for showing a version."""
    shown = labels(snapshot)
    return [(field_label(name), shown[name]) for name in FIELDS if shown[name]]
