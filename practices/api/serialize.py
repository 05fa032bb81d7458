"""Models to the API's shapes (schemas.py), with absolute links (links.py).

A shape is declared once, in schemas.py: `_shape` reads each of its fields from the attribute of
the same name, and a serializer here says only what is not such an attribute (references,
labels, links). Every function reads only what the caller loaded: the querysets that feed them
say which relations to fetch (see endpoints/), so a page of any size costs the same queries.
"""

from functools import cache

from practices.api import schemas
from practices.dating import date_range_iso


@cache
def _field_names(schema):
    return tuple(schema.model_fields)


def _shape(schema, obj, **values):
    """`schema`'s fields: those given, and the others read from `obj`'s attributes."""
    return {
        name: values[name] if name in values else getattr(obj, name)
        for name in _field_names(schema)
    }


def _resource(schema, obj, links, api_name, *, facet=None, **values):
    """A resource with its `url` in the API, its page on the site (`html_url`, where the shape
    has one) and the practices filed under it (`practices_url`, filtered by `facet`)."""
    fields = _field_names(schema)
    values.setdefault("url", links.api(f"{api_name}_detail", slug=obj.slug))
    if "html_url" in fields and "html_url" not in values:
        values["html_url"] = links.site(obj.get_absolute_url())
    if facet is not None:
        values["practices_url"] = links.practices(**{facet: obj.slug})
    return _shape(schema, obj, **values)


# --- References: a related resource, briefly -------------------------------------------------


def objective_ref(o, links):
    return _resource(schemas.ObjectiveRef, o, links, "objective")


def country_ref(c, links):
    # The caller loads the region with the country (select_related): no query per country.
    return _resource(schemas.CountryRef, c, links, "country", region=c.region.slug)


def ref(obj, links, api_name, *, label="name"):
    return _resource(schemas.Ref, obj, links, api_name, name=getattr(obj, label))


def organisation_ref(o):
    return _shape(schemas.OrganisationRef, o)


def tag_ref(t, links):
    return _resource(schemas.TagRef, t, links, "tag")


def _session_ref(s, links):
    event = s.event.slug
    return _shape(schemas.SessionRef, s, event=event, url=links.api("event_detail", slug=event))


def _labels(obj, *names):
    """`kind_label` and the like: the display value of each choice field named."""
    return {f"{name}_label": str(getattr(obj, f"get_{name}_display")()) for name in names}


# --- Resources -------------------------------------------------------------------------------


def practice(p, links):
    countries = list(p.countries.all())
    return _resource(
        schemas.Practice,
        p,
        links,
        "practice",
        **_labels(p, "kind", "focus"),
        objectives=[objective_ref(o, links) for o in p.objectives.all()],
        countries=[country_ref(c, links) for c in countries],
        regions=sorted({c.region.slug for c in countries}),
        themes=[ref(t, links, "theme") for t in p.themes.all()],
        tags=sorted((tag_ref(t, links) for t in p.tags.all()), key=lambda t: t["slug"]),
        organisations=[organisation_ref(o) for o in p.organisations.all()],
        source_event=(
            ref(p.source_event, links, "event", label="title") if p.source_event else None
        ),
        source_session=_session_ref(p.source_session, links) if p.source_session else None,
        source_presentation=(
            _shape(schemas.PresentationRef, p.source_presentation)
            if p.source_presentation
            else None
        ),
        presented=date_range_iso(*p.presented_dates) if p.presented_dates else None,
        published_at=None if p.presented_dates else p.published_at,
    )


def objective(o, links):
    return _resource(schemas.Objective, o, links, "objective", facet="objective")


def theme(t, links):
    return _resource(schemas.Theme, t, links, "theme", facet="theme")


def country(c, links):
    return _resource(
        schemas.Country,
        c,
        links,
        "country",
        facet="country",
        region=ref(c.region, links, "region"),
        phases=[ref(ph, links, "phase") for ph in c.phases.all()],
    )


def _with_countries(schema, name):
    """A region or a phase: a group of countries, each named briefly."""

    def serialize(group, links):
        countries = [country_ref(c, links) for c in group.countries.all()]
        return _resource(schema, group, links, name, facet=name, countries=countries)

    return serialize


region = _with_countries(schemas.Region, "region")
phase = _with_countries(schemas.Phase, "phase")


def event(e, links):
    country_ = country_ref(e.country, links) if e.country else None
    return _resource(
        schemas.Event, e, links, "event", facet="event", country=country_, aims=e.aim_list
    )


def _session_filter(s):
    return f"{s.event.slug}/{s.slug}"


def presentation(pr, links):
    return _shape(
        schemas.Presentation,
        pr,
        **_labels(pr, "kind"),
        organisation=organisation_ref(pr.organisation) if pr.organisation else None,
        country=country_ref(pr.country, links) if pr.country else None,
        # Practices do not filter by presentation; the session is the finest filter there is.
        practices_url=links.practices(session=_session_filter(pr.session)),
    )


def session(s, links):
    return _shape(
        schemas.Session,
        s,
        **_labels(s, "kind"),
        label=str(s.label),
        objectives=[objective_ref(o, links) for o in s.objectives.all()],
        presentations=[presentation(pr, links) for pr in s.presentations.all()],
        practices_url=links.practices(session=_session_filter(s)),
    )


def event_detail(e, links):
    return {
        **event(e, links),
        "figures": [_shape(schemas.Figure, f, value=float(f.value)) for f in e.figures.all()],
        "sessions": [session(s, links) for s in e.sessions.all()],
    }


def tag(t, links):
    html_url = links.page("practices:tag", t.slug)
    return _resource(schemas.Tag, t, links, "tag", facet="tag", html_url=html_url)
