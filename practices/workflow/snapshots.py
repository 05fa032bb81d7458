"""Snapshots of a practice's editable fields: what versions keep and revisions propose.

A snapshot is plain JSON. Related objects are named by slug (objectives, countries, themes,
organisations, tags; a session as `event-slug/session-slug`), so a version stays readable and
restorable after a database is moved. Tags also keep their names, so a tag merged away since
can be recreated on restore rather than silently lost.
"""

import re
from dataclasses import dataclass

from django.db.models import CharField, F, Value
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
# Who may read it: proposed by the author, decided by the coordinator who publishes.
VISIBILITY = "visibility"
FIELDS = [
    *TEXT_FIELDS, *CHOICE_FIELDS, VISIBILITY, "source_event", "source_session", *RELATED, "tags"
]  # fmt: skip


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


# What a practice is filed under: read with one query by `take`, unless known unchanged.
FILING = [*RELATED, "tags", "tag_names", "source_session"]


def same_filing(snapshot, live):
    """True when writing `snapshot` leaves the filing of `live` (taken just before) as it was."""
    return all(snapshot[name] == live.get(name) for name in FILING if name in snapshot)


def take(practice, *, filed_as=None):
    """The snapshot of a saved practice, as it is now.

    `filed_as`: a snapshot taken earlier in the same transaction whose filing (see
    `same_filing`) is still the practice's; it is reused instead of read again."""
    snapshot = {name: getattr(practice, name) for name in TEXT_FIELDS + CHOICE_FIELDS}
    snapshot[VISIBILITY] = practice.visibility
    snapshot["source_event"] = practice.source_event.slug if practice.source_event_id else None
    snapshot["source_presentation"] = practice.source_presentation_id
    if filed_as is not None:
        return {**snapshot, **{name: filed_as[name] for name in FILING}}
    snapshot["source_session"] = (
        _session_key(Session.objects.select_related("event").get(pk=practice.source_session_id))
        if practice.source_session_id
        else None
    )
    related = {name: [] for name in RELATED}
    tags = []
    for name, slug, tag_name in _related_names(practice):
        if name == "tags":
            tags.append((tag_name, slug))
        else:
            related[name].append(slug)
    for name in RELATED:
        snapshot[name] = sorted(related[name])
    tags.sort()
    snapshot["tags"] = [slug for _name, slug in tags]
    snapshot["tag_names"] = [name for name, _slug in tags]
    return snapshot


def _related_names(practice):
    """(relation, slug, tag name) of everything the practice is filed under, in one query:
    a version is kept at every decision, and five queries for it were most of one."""
    text = CharField()
    parts = [
        model.objects.filter(practices=practice)
        .order_by()
        .annotate(relation=Value(name, output_field=text), key=F("slug"), label=Value("", text))
        .values_list("relation", "key", "label")
        for name, model in RELATED.items()
    ]
    parts.append(
        Tag.objects.filter(practices_taggedpractice_items__content_object=practice)
        .order_by()
        .annotate(relation=Value("tags", output_field=text), key=F("slug"), label=F("name"))
        .values_list("relation", "key", "label")
    )
    return parts[0].union(*parts[1:], all=True)


def from_form(data):
    """A snapshot from a contribution form's cleaned data."""
    snapshot = {name: data.get(name) or "" for name in TEXT_FIELDS}
    snapshot.update({name: data[name] for name in CHOICE_FIELDS})
    if data.get(VISIBILITY):  # left out: the practice keeps what it has
        snapshot[VISIBILITY] = data[VISIBILITY]
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


def apply(practice, snapshot, *, live=None, validate=True):
    """Write a snapshot onto a practice and save it; the caller holds the transaction.

    Fields the snapshot does not name are left alone; related objects that no longer exist
    are skipped. `live`: the practice's own snapshot, taken just before; what it already
    says is not looked up or written again. `validate=False` skips `full_clean()` for a
    snapshot validated when it was proposed (a revision being approved); the database's
    constraints still hold.
    """

    def unchanged(name):
        return live is not None and live.get(name) == snapshot.get(name)

    for name in TEXT_FIELDS + CHOICE_FIELDS:
        if name in snapshot:
            setattr(practice, name, snapshot[name] or "")
    if snapshot.get(VISIBILITY):
        practice.visibility = snapshot[VISIBILITY]
    if not unchanged("source_event"):
        practice.source_event = Event.objects.filter(
            slug=snapshot.get("source_event") or ""
        ).first()
    if not unchanged("source_session"):
        practice.source_session = _resolve_session(snapshot.get("source_session"))
    if practice.source_session and not practice.source_event:
        practice.source_event = practice.source_session.event
    if "source_presentation" in snapshot and not unchanged("source_presentation"):
        presentation = snapshot["source_presentation"]
        practice.source_presentation = (
            Presentation.objects.filter(pk=presentation).first() if presentation else None
        )
    if practice.source_presentation_id and (
        practice.source_presentation.session_id != practice.source_session_id
    ):
        practice.source_presentation = None
    # The forms know sessions, not the report's background or conclusions: a snapshot that
    # names a session, or no event, takes the practice back to the event's proceedings.
    if practice.source_session_id or not practice.source_event_id:
        practice.source_part = Practice.SourcePart.PROCEEDINGS
    if not practice.source_event_id:
        practice.dated_by_event = False
    if validate:
        practice.full_clean()
    practice.save()
    for name, model in RELATED.items():
        if name in snapshot and not unchanged(name):
            getattr(practice, name).set(model.objects.filter(slug__in=snapshot[name] or []))
    if "tag_names" in snapshot and not (unchanged("tag_names") and unchanged("tags")):
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
    shown[VISIBILITY] = str(dict(Practice.Visibility.choices).get(snapshot.get(VISIBILITY), ""))
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
_LINES = re.compile(r"[^\n]*\n|[^\n]+")

# The most steps one comparison may take (token comparisons and edit-graph moves). A step is
# cheap, so the worst case stays well under a second, whatever a member typed: difflib's
# matcher took 6.2 s on 3,000 changed words and grew with the square (or the cube, on text
# made of one repeated word), so the word difference here is bounded instead.
DIFF_WORK_LIMIT = 200_000


def _edit_script(a, b, budget):
    """Myers' difference of two token lists: [(op, i1, i2, j1, j2)], or None past `budget`.

    Work is O((len(a) + len(b)) × number of edits), counted as it goes: a comparison that
    would cost more than `budget` steps stops early and says so.
    """
    n, m = len(a), len(b)
    offset = n + m + 1
    v = [0] * (2 * offset + 1)
    trace = []
    work = 0
    for d in range(n + m + 1):
        trace.append(v[offset - d - 1 : offset + d + 2])
        work += 2 * d + 3
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and v[offset + k - 1] < v[offset + k + 1]):
                x = v[offset + k + 1]
            else:
                x = v[offset + k - 1] + 1
            y = x - k
            start = x
            while x < n and y < m and a[x] == b[y]:
                x += 1
                y += 1
            work += 1 + x - start
            v[offset + k] = x
            if x >= n and y >= m:
                return _opcodes(trace, d, k, n, m)
            if work > budget:
                return None
    return None  # not reached: d = n + m always ends the graph


def _opcodes(trace, d_end, k_end, n, m):
    """Walk the Myers trace back from (n, m): equal runs, and what changed between them."""
    moves = []  # (x, y) after each step, backwards
    x, k = n, k_end
    for d in range(d_end, 0, -1):
        v = trace[d]  # v[i] holds diagonal i - d - 1 of the step before d

        def at(diagonal, v=v, d=d):
            return v[diagonal + d + 1]

        if k == -d or (k != d and at(k - 1) < at(k + 1)):
            prev_k = k + 1
            prev_x = at(prev_k)
            mid_x = prev_x  # a step down: one insertion
        else:
            prev_k = k - 1
            prev_x = at(prev_k)
            mid_x = prev_x + 1  # a step right: one deletion
        moves.append((mid_x, x, prev_x, prev_k, k))
        x, k = prev_x, prev_k
    ops = []
    # The leading snake of d = 0 runs from (0, 0) to (x, x).
    if x > 0:
        ops.append(("equal", 0, x, 0, x))
    for mid_x, end_x, prev_x, prev_k, k in reversed(moves):
        prev_y = prev_x - prev_k
        mid_y = mid_x - k
        if mid_x > prev_x:
            ops.append(("delete", prev_x, mid_x, prev_y, prev_y))
        else:
            ops.append(("insert", prev_x, prev_x, prev_y, mid_y))
        if end_x > mid_x:
            ops.append(("equal", mid_x, end_x, mid_y, end_x - k))
    return ops


def _mark(a, b, ops):
    """Escaped text: equal runs as they are, each gap as <del>old</del><ins>new</ins>."""
    out, gone, added = [], [], []

    def flush():
        if gone:
            out.append(f"<del>{escape(''.join(gone))}</del>")
        if added:
            out.append(f"<ins>{escape(''.join(added))}</ins>")
        gone.clear()
        added.clear()

    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            flush()
            out.append(escape("".join(a[i1:i2])))
        else:
            gone.extend(a[i1:i2])
            added.extend(b[j1:j2])
    flush()
    return "".join(out)


def _trim(a, b):
    """The lengths of the common beginning and end of two token lists (linear)."""
    head = 0
    while head < len(a) and head < len(b) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < len(a) - head and tail < len(b) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return head, tail


def _diff_tokens(a, b, budget):
    """Marked-up difference of two token lists, or None when it would cost more than `budget`."""
    head, tail = _trim(a, b)
    a_mid, b_mid = a[head : len(a) - tail], b[head : len(b) - tail]
    ops = _edit_script(a_mid, b_mid, budget)
    if ops is None:
        return None
    return (
        escape("".join(a[:head])) + _mark(a_mid, b_mid, ops) + escape("".join(a[len(a) - tail :]))
    )


def diff_html(old, new):
    """Word-level difference of two texts, escaped, with <del> and <ins> marking changes.

    A change too large to compare word by word within DIFF_WORK_LIMIT is compared line by
    line (paragraph by paragraph), and failing that shown whole; a note says so.
    """
    old, new = old or "", new or ""
    html = _diff_tokens(_TOKENS.findall(old), _TOKENS.findall(new), DIFF_WORK_LIMIT)
    if html is not None:
        return mark_safe(html)  # noqa: S308 - every piece of text is escaped
    html = _diff_tokens(_LINES.findall(old), _LINES.findall(new), DIFF_WORK_LIMIT)
    if html is not None:
        note = _(
            "This change is too large to show word by word: changed paragraphs are shown whole."
        )
    else:
        html = f"<del>{escape(old)}</del><ins>{escape(new)}</ins>"
        note = _(
            "This change is too large to show word by word: the earlier text is struck through "
            "and the new text follows."
        )
    return mark_safe(f'<p class="diff-note">{escape(note)}</p>{html}')  # noqa: S308 - escaped


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
