"""Models to the API's shapes (see schemas.py), with absolute links.

Every function here reads only what the caller loaded: the querysets that feed them say which
relations to fetch (see `api.py`), so a page of any size costs the same number of queries.
"""

from urllib.parse import urlencode

from django.urls import reverse

from practices.dating import date_range_iso

SLUG_MARK = "slug-placeholder-0"


class Links:
    """Absolute links to the API and to the site, from one base address."""

    def __init__(self, base_url):
        self.base = base_url.rstrip("/")
        self._patterns = {}

    @classmethod
    def for_request(cls, request):
        return cls(f"{request.scheme}://{request.get_host()}")

    def api(self, name, query=None, slug=None):
        if slug is None:
            url = self.base + reverse(f"api-v1:{name}")
        else:
            # A page of practices names hundreds of items: reverse each URL name once, then
            # put the slug in (slugs hold only letters, digits, "-" and "_").
            if name not in self._patterns:
                self._patterns[name] = self.base + reverse(
                    f"api-v1:{name}", kwargs={"slug": SLUG_MARK}
                )
            url = self._patterns[name].replace(SLUG_MARK, slug)
        return f"{url}?{urlencode(query, doseq=True)}" if query else url

    def site(self, path):
        return self.base + path

    def practices(self, **filters):
        return self.api("practice_list", query=filters)


def objective_ref(o, links):
    return {
        "id": o.pk,
        "number": o.number,
        "slug": o.slug,
        "short_label": o.short_label,
        "title": o.title,
        "url": links.api("objective_detail", slug=o.slug),
    }


def country_ref(c, links):
    # The caller loads the region with the country (select_related): no query per country.
    return {
        "id": c.pk,
        "slug": c.slug,
        "name": c.name,
        "iso_code": c.iso_code,
        "region": c.region.slug,
        "url": links.api("country_detail", slug=c.slug),
    }


def ref(obj, links, name, *, label="name"):
    return {
        "id": obj.pk,
        "slug": obj.slug,
        "name": getattr(obj, label),
        "url": links.api(name, slug=obj.slug),
    }


def organisation_ref(o):
    return {"id": o.pk, "slug": o.slug, "name": o.name, "acronym": o.acronym}


def tag_ref(t, links):
    return {"slug": t.slug, "name": t.name, "url": links.api("tag_detail", slug=t.slug)}


def practice(p, links):
    countries = list(p.countries.all())
    session = p.source_session
    presentation = p.source_presentation
    return {
        "id": p.pk,
        "slug": p.slug,
        "title": p.title,
        "summary": p.summary,
        "kind": p.kind,
        "kind_label": str(p.get_kind_display()),
        "focus": p.focus,
        "focus_label": str(p.get_focus_display()),
        "status": p.status,
        "visibility": p.visibility,
        "featured": p.featured,
        "body": p.body,
        "problem": p.problem,
        "results": p.results,
        "lessons": p.lessons,
        "adaptation": p.adaptation,
        "contact": p.contact,
        "objectives": [objective_ref(o, links) for o in p.objectives.all()],
        "countries": [country_ref(c, links) for c in countries],
        "regions": sorted({c.region.slug for c in countries}),
        "themes": [ref(t, links, "theme_detail") for t in p.themes.all()],
        "tags": sorted((tag_ref(t, links) for t in p.tags.all()), key=lambda t: t["slug"]),
        "organisations": [organisation_ref(o) for o in p.organisations.all()],
        "source_event": (
            ref(p.source_event, links, "event_detail", label="title") if p.source_event else None
        ),
        "source_session": (
            {
                "id": session.pk,
                "slug": session.slug,
                "title": session.title,
                "event": session.event.slug,
                "url": links.api("event_detail", slug=session.event.slug),
            }
            if session
            else None
        ),
        "source_presentation": (
            {
                "id": presentation.pk,
                "title": presentation.title,
                "presenter_name": presentation.presenter_name,
                "session_id": presentation.session_id,
            }
            if presentation
            else None
        ),
        "source_part": p.source_part,
        "presented": date_range_iso(*p.presented_dates) if p.presented_dates else None,
        "published_at": None if p.presented_dates else p.published_at,
        "updated_at": p.updated_at,
        "url": links.api("practice_detail", slug=p.slug),
        "html_url": links.site(p.get_absolute_url()),
    }


def objective(o, links):
    return {
        **objective_ref(o, links),
        "description": o.description,
        "html_url": links.site(o.get_absolute_url()),
        "practices_url": links.practices(objective=o.slug),
    }


def theme(t, links):
    return {
        "id": t.pk,
        "number": t.number,
        "slug": t.slug,
        "name": t.name,
        "description": t.description,
        "url": links.api("theme_detail", slug=t.slug),
        "practices_url": links.practices(theme=t.slug),
    }


def country(c, links):
    return {
        **country_ref(c, links),
        "official_name": c.official_name,
        "region": ref(c.region, links, "region_detail"),
        "phases": [ref(ph, links, "phase_detail") for ph in c.phases.all()],
        "context": c.context,
        "html_url": links.site(c.get_absolute_url()),
        "practices_url": links.practices(country=c.slug),
    }


def region(r, links):
    return {
        "id": r.pk,
        "slug": r.slug,
        "name": r.name,
        "order": r.order,
        "countries": [country_ref(c, links) for c in r.countries.all()],
        "url": links.api("region_detail", slug=r.slug),
        "practices_url": links.practices(region=r.slug),
    }


def phase(ph, links):
    return {
        "id": ph.pk,
        "slug": ph.slug,
        "name": ph.name,
        "start_year": ph.start_year,
        "end_year": ph.end_year,
        "description": ph.description,
        "countries": [country_ref(c, links) for c in ph.countries.all()],
        "url": links.api("phase_detail", slug=ph.slug),
        "practices_url": links.practices(phase=ph.slug),
    }


def event(e, links):
    return {
        "id": e.pk,
        "slug": e.slug,
        "title": e.title,
        "subtitle": e.subtitle,
        "start_date": e.start_date,
        "end_date": e.end_date,
        "venue": e.venue,
        "city": e.city,
        "country": country_ref(e.country, links) if e.country else None,
        "summary": e.summary,
        "aims": e.aim_list,
        "outcome": e.outcome,
        "url": links.api("event_detail", slug=e.slug),
        "html_url": links.site(e.get_absolute_url()),
        "practices_url": links.practices(event=e.slug),
    }


def presentation(pr, links):
    return {
        "id": pr.pk,
        "order": pr.order,
        "kind": pr.kind,
        "kind_label": str(pr.get_kind_display()),
        "presenter_name": pr.presenter_name,
        "presenter_role": pr.presenter_role,
        "organisation": organisation_ref(pr.organisation) if pr.organisation else None,
        "country": country_ref(pr.country, links) if pr.country else None,
        "title": pr.title,
        "summary": pr.summary,
        "remote": pr.remote,
        # Practices do not filter by presentation; the session is the finest filter there is.
        "practices_url": links.practices(session=f"{pr.session.event.slug}/{pr.session.slug}"),
    }


def session(s, links):
    return {
        "id": s.pk,
        "slug": s.slug,
        "order": s.order,
        "kind": s.kind,
        "kind_label": str(s.get_kind_display()),
        "number": s.number,
        "title": s.title,
        "label": str(s.label),
        "moderator_name": s.moderator_name,
        "moderator_role": s.moderator_role,
        "summary": s.summary,
        "objectives": [objective_ref(o, links) for o in s.objectives.all()],
        "presentations": [presentation(pr, links) for pr in s.presentations.all()],
        "practices_url": links.practices(session=f"{s.event.slug}/{s.slug}"),
    }


def event_detail(e, links):
    return {
        **event(e, links),
        "figures": [
            {"label": f.label, "value": float(f.value), "unit": f.unit, "group": f.group}
            for f in e.figures.all()
        ],
        "sessions": [session(s, links) for s in e.sessions.all()],
    }


def tag(t, links):
    return {
        "id": t.pk,
        "slug": t.slug,
        "name": t.name,
        "practice_count": t.practice_count,
        "url": links.api("tag_detail", slug=t.slug),
        "html_url": links.site(reverse("practices:tag", kwargs={"slug": t.slug})),
        "practices_url": links.practices(tag=t.slug),
    }
