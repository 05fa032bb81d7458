"""The machinery of the hostile-input sweep: what to send, where, and what came back.

Targets come from the code, not from a hand list: the URLconf (`get_resolver()`) gives every
page; its path arguments are filled with real objects, found by trying the objects of the test
world until the page answers something other than 404; the parameters sent to a page are those
its own rendered forms and links use, the FilterSet's, and every `request.GET`/`request.POST`
key the source reads; the forms posted are those the pages render.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import product
from pathlib import Path
from urllib.parse import parse_qsl, quote, quote_plus, unquote, urlsplit

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

# Every hostile value, percent-encoded as it travels in a URL or a form body, so that invalid
# UTF-8 and a lone "%" reach Django as a browser or a probe would send them.
HOSTILE = {
    "NUL": "%00",
    "invalid UTF-8": "%FF%FE",
    "huge": "x" * 100_000,
    "negative": "-1",
    "too big": "99999999999999999999",
    "path traversal": quote("../../etc/passwd", safe=""),
    "script": quote("<script>alert(1)</script>", safe=""),
    "percent": "%25",
    "bare percent": "%",
    "unicode": quote("Ωmega", safe=""),
    "right to left": quote("\u202eالاتجار بالبشر\u202c", safe=""),
    "empty": "",
}
# Sent in each parameter of a page's own forms and links, one at a time; every value is also
# sent in all parameters at once.
ONE_BY_ONE = ["NUL", "invalid UTF-8", "huge", "negative", "too big"]
# Every form field gets these, one field at a time (posts are slower than pages).
POST_ONE_BY_ONE = ["NUL", "invalid UTF-8", "huge"]
REPEATS = 500
UNKNOWN = "zz_unknown_parameter"

SOURCE_DIRS = ["cop", "countries", "practices"]
READ_PARAM = re.compile(
    r"\b(?:GET|POST)(?:\.get|\.getlist|\.pop)?\(\s*[\"']([\w-]+)[\"']|\b(?:GET|POST)\[[\"']([\w-]+)[\"']\]"
)
ROUTE_ARG = re.compile(r"<(?:(\w+):)?(\w+)>")


def params_read_by_the_code():
    """Every key the source reads from request.GET or request.POST."""
    base = Path(settings.BASE_DIR)
    names = set()
    for folder in SOURCE_DIRS:
        for path in (base / folder).rglob("*.py"):
            for match in READ_PARAM.finditer(path.read_text()):
                names.add(match[1] or match[2])
    return names


def filterset_params():
    """The parameters of every FilterSet the site declares (their form fields' names)."""
    import django_filters

    from practices.browse import filters

    names = set()
    for value in vars(filters).values():
        if (
            isinstance(value, type)
            and issubclass(value, django_filters.FilterSet)
            and value is not django_filters.FilterSet
        ):
            form = value().form
            for name, form_field in form.fields.items():
                suffixes = getattr(form_field.widget, "suffixes", None)
                names.update([f"{name}_{s}" for s in suffixes] if suffixes else [name])
    return names


# --- URLs ------------------------------------------------------------------------------------


@dataclass
class Route:
    route: str  # e.g. "curation/practices/<slug:slug>/versions/<int:number>/"
    name: str
    args: list  # [(converter, name)]
    converters: dict = field(default_factory=dict)  # name -> Django's path converter

    def accepts(self, name, token):
        """Whether the resolver lets this (encoded) value through to the view."""
        converter = self.converters.get(name)
        value = unquote(token, errors="replace")
        return converter is None or re.fullmatch(converter.regex, value) is not None

    def url(self, values):
        """The path with each argument replaced by its (already URL-encoded) value."""
        path = self.route
        for _converter, name in self.args:
            path = re.sub(rf"<(?:\w+:)?{name}>", lambda _m, n=name: str(values[n]), path, count=1)
        return "/" + path


def site_routes(skip_namespaces=("admin",)):
    """Every route of the URLconf, except the Django admin's (Django's own pages)."""

    def walk(resolver, prefix, namespace):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace in skip_namespaces:
                    continue
                yield from walk(entry, prefix + str(entry.pattern), entry.namespace or namespace)
            else:
                assert isinstance(entry, URLPattern)
                route = prefix + str(entry.pattern)
                assert "^" not in route, (
                    f"a regular-expression route the sweep cannot fill: {route}"
                )
                name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
                args = ROUTE_ARG.findall(route)
                converters = {**getattr(resolver.pattern, "converters", {}),
                              **getattr(entry.pattern, "converters", {})}  # fmt: skip
                yield Route(route, name, [(c or "str", n) for c, n in args], converters)

    return list(walk(get_resolver(), "", ""))


# --- Forms in a rendered page ----------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    fields: list = field(default_factory=list)  # [(name, kind, value, options)]

    def names(self):
        return sorted({name for name, *_ in self.fields})


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.links = [], []
        self._form = self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "form":
            self._form = Form(a.get("action") or "", (a.get("method") or "get").lower())
            self.forms.append(self._form)
        if self._form is None or not a.get("name"):
            return
        name = a["name"]
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "image", "reset", "button"}:
                self._form.fields.append((name, "button", a.get("value") or "", None))
            elif kind in {"checkbox", "radio"}:
                self._form.fields.append((name, kind, a.get("value") or "on", "checked" in a))
            else:
                self._form.fields.append((name, kind, a.get("value") or "", None))
        elif tag == "button" and (a.get("type") or "submit") == "submit":
            self._form.fields.append((name, "button", a.get("value") or "", None))
        elif tag == "select":
            self._select = [name, [], "multiple" in a]
        elif tag == "textarea":
            self._textarea = [name, ""]
        if tag == "option" and self._select is not None:
            self._select[1].append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            if self._form is not None:
                name, options, multiple = self._select
                self._form.fields.append((name, "select", options, multiple))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            if self._form is not None:
                self._form.fields.append((self._textarea[0], "textarea", self._textarea[1], None))
            self._textarea = None


def parse_page(html):
    parser = FormParser()
    parser.feed(html)
    return parser.forms, parser.links


def get_params(forms, links, path):
    """Parameter names a page uses: its GET forms' fields and its own links' queries."""
    names = {name for form in forms if form.method == "get" for name in form.names()}
    for href in links:
        parts = urlsplit(href)
        if parts.query and parts.path in ("", path):
            names.update(name for name, _ in parse_qsl(parts.query, keep_blank_values=True))
    return names


def baseline(form):
    """What a person submitting the form unchanged sends: pairs of encoded (name, value).

    Unchecked boxes are ticked (a checklist must pass for a decision to go through), the first
    choice of a radio group or select is taken, and the first named button is pressed.
    """
    pairs, seen_radio, pressed = [], set(), False
    for name, kind, value, extra in form.fields:
        if kind == "button":
            if not pressed:
                pairs.append((name, value))
                pressed = True
        elif kind == "radio":
            if name not in seen_radio:
                seen_radio.add(name)
                pairs.append((name, value))
        elif kind == "checkbox":
            pairs.append((name, value))
        elif kind == "select":
            options, multiple = value, extra
            chosen = [v for v, selected in options if selected] or [v for v, _ in options if v][:1]
            pairs.extend((name, v) for v in (chosen if multiple else chosen[:1]))
        elif kind == "password" or name == "csrfmiddlewaretoken":
            pairs.append((name, value))
        else:
            pairs.append((name, value or ("2" if kind == "number" else "Text of the sweep")))
    return [(quote_plus(n), quote_plus(v)) for n, v in pairs]


def variants(form):
    """The baseline, and one more for each other choice of a radio group or named button
    (publish / request changes / reject), so each branch of a view meets hostile text."""
    base = baseline(form)
    result = [base]
    choices = {}
    for name, kind, value, _extra in form.fields:
        if kind in {"radio", "button"}:
            choices.setdefault(name, []).append(value)
    for name, values in choices.items():
        for value in values[1:]:
            changed = [(n, v) for n, v in base if n != quote_plus(name)]
            result.append([*changed, (quote_plus(name), quote_plus(value))])
    return result


def encode(pairs):
    return "&".join(f"{n}={v}" for n, v in pairs)


# --- Sending ---------------------------------------------------------------------------------


@dataclass
class Finding:
    method: str
    url: str
    what: str
    status: int
    error: str = ""

    def __str__(self):
        return f"{self.status} {self.method} {self.url[:150]} [{self.what}] {self.error}"


class Recorder:
    """Sends requests, rolls back whatever they wrote, and keeps every 5xx."""

    def __init__(self):
        self.findings, self.count, self._error = [], 0, ""
        got_request_exception.connect(self._record)

    def close(self):
        got_request_exception.disconnect(self._record)

    def _record(self, sender, request=None, **kwargs):
        import sys

        exc = sys.exc_info()[1]
        self._error = f"{type(exc).__name__}: {str(exc)[:200]}" if exc else ""

    def send(self, client, method, url, what, body=None):
        from django.core.cache import cache

        self.count += 1
        self._error = ""
        cookies = client.cookies.copy()
        try:
            with transaction.atomic():
                if method == "get":
                    response = client.get(url)
                else:
                    # Rate limits live in the cache: let every post reach the form.
                    cache.clear()
                    response = client.post(
                        url, body or "", content_type="application/x-www-form-urlencoded"
                    )
                raise _Rollback(response)
        except _Rollback as rollback:
            response = rollback.response
        client.cookies = cookies  # a sign-out or sign-in inside the rolled-back request
        if response.status_code >= 500:
            self.findings.append(Finding(method.upper(), url, what, response.status_code,
                                         self._error))  # fmt: skip
        return response


class _Rollback(Exception):  # noqa: N818 - control flow, not an error
    def __init__(self, response):
        self.response = response


def fill_routes(routes, candidates, clients, recorder, alternatives=()):
    """Each route with real path arguments: the first candidate objects that are not a 404.

    Gives {route name: (route, URL, other URLs)}: when a value found is one of `alternatives`
    (practices in different states, say), the route with each other one that is not a 404 too,
    so that the forms each state shows are found.
    """
    filled, missing = {}, []

    def exists(url):
        for client in clients:
            status = recorder.send(client, "get", url, "real object").status_code
            if status == 405:
                status = recorder.send(client, "post", url, "real object").status_code
            if status != 404:
                return True
        return False

    for route in routes:
        names = [name for _converter, name in route.args]
        options = [
            candidates.get(name) or candidates.get(converter) or candidates["str"]
            for converter, name in route.args
        ]
        found = next(
            (dict(zip(names, combination, strict=True)) for combination in product(*options)
             if exists(route.url(dict(zip(names, combination, strict=True))))),
            None,
        )  # fmt: skip
        if found is None:
            missing.append(route.route)
            continue
        others = []
        for name, value in found.items():
            for other in (o for o in alternatives if value in alternatives and o != value):
                url = route.url({**found, name: other})
                if exists(url):
                    others.append(url)
        filled[route.name] = (route, route.url(found), others)
    return filled, missing


def with_path_value(route, real_url, name, token):
    """The real URL with one path argument replaced by a hostile token."""
    real_values = dict(zip([n for _c, n in route.args],
                           _path_values(route, real_url), strict=True))  # fmt: skip
    real_values[name] = token
    return route.url(real_values)


def _path_values(route, url):
    pattern = re.escape("/" + route.route)
    for _converter, name in route.args:
        pattern = pattern.replace(re.escape(f"<{_converter}:{name}>"), "([^/]+)")
        pattern = pattern.replace(re.escape(f"<{name}>"), "([^/]+)")
    return re.fullmatch(pattern, url).groups()


def all_at_once(params, token):
    return "&".join(f"{quote_plus(p)}={token}" for p in sorted(params))


def one(param, token):
    return f"{quote_plus(param)}={token}"


def repeated(param):
    return "&".join([f"{quote_plus(param)}=1"] * REPEATS)


def query_url(url, query):
    return f"{url}{'&' if '?' in url else '?'}{query}"


def form_url(form, page_url):
    action = form.action or page_url
    return action if action.startswith("/") else page_url
