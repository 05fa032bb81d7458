"""What the benchmark measures and how: the scenarios, the timing loop, and the results table.

Each scenario is one URL of the site. The time measured is the server's own (the
Server-Timing header set by scripts.bench_middleware), so the client's share of the machine
does not count; the query count comes from the same middleware. Rounds go through every
scenario in turn, so a slow moment of the machine hits all pages alike.
"""

import csv
import io
import math
import re
import statistics
from dataclasses import dataclass, field
from http.client import HTTPConnection
from urllib.parse import urlencode

from django.db.models import Count

from practices.models import Practice
from scripts.corpus import SLUG_PREFIX

BUDGET_MS = 50
EXPORT_TARGET = 1_000
FILTERS = {"objective": "capacity-building", "country": "morocco", "focus": "trafficking"}


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    path: str
    budgeted: bool = False  # held to BUDGET_MS


@dataclass
class Result:
    scenario: Scenario
    status: int | None = None
    server_ms: list = field(default_factory=list)
    sql_ms: list = field(default_factory=list)  # time waiting for the database, per request
    cold_ms: list = field(default_factory=list)  # with the caches emptied first
    queries: int | None = None
    size: int = 0
    note: str = ""

    @property
    def ok(self):
        return self.status == 200 and bool(self.server_ms)

    @property
    def median(self):
        return statistics.median(self.server_ms) if self.ok else None

    @property
    def sql(self):
        return statistics.median(self.sql_ms) if self.ok else None

    @property
    def cold(self):
        return statistics.median(self.cold_ms) if self.cold_ms else None

    @property
    def p95(self):
        return percentile(self.server_ms, 95) if self.ok else None

    @property
    def over_budget(self):
        return self.scenario.budgeted and (not self.ok or self.median >= BUDGET_MS)


@dataclass
class Reply:
    status: int
    headers: dict  # lower-case names
    body: bytes


def percentile(values, pct):
    """Nearest-rank percentile: the smallest value with pct% of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(math.ceil(pct / 100 * len(ordered)), 1) - 1]


def pick_targets(practices):
    """The detail page's practice and the export's filters, chosen from the data.

    The detail page is a public synthetic practice from the middle of the corpus; the export's
    filters (a country, an objective and a kind) are those whose result count is closest to
    EXPORT_TARGET.
    """
    public = Practice.objects.visible_to(None)
    slug = (
        public.filter(slug__startswith=SLUG_PREFIX, slug__gte=f"{SLUG_PREFIX}{practices // 2:06d}")
        .order_by("slug")
        .values_list("slug", flat=True)
        .first()
    ) or public.order_by("pk").values_list("slug", flat=True).first()
    combos = (
        public.filter(countries__isnull=False, objectives__isnull=False)
        .values_list("countries__slug", "objectives__slug", "kind")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    country, objective, kind, _n = min(
        combos, key=lambda row: (abs(row[3] - EXPORT_TARGET), row[:3]), default=("", "", "", 0)
    )
    export_query = urlencode({"country": country, "objective": objective, "kind": kind})
    return {"detail_slug": slug or "missing", "export_query": export_query}


def build_scenarios(*, detail_slug, export_query):
    return [
        Scenario("bare", "Bare Django view (reference)", "/bench/bare/"),
        Scenario("list", "List, unfiltered", "/practices/", budgeted=True),
        Scenario("filtered", "List, three filters", f"/practices/?{urlencode(FILTERS)}", True),
        Scenario("search", "Search, one word", "/practices/?q=training", budgeted=True),
        Scenario(
            "typo",
            "Search, phrase with a typo",
            "/practices/?" + urlencode({"q": '"victim identifcation"'}),
            budgeted=True,
        ),
        Scenario(
            "api", "API list, search, one word", "/api/v1/practices?q=training", budgeted=True
        ),
        Scenario("detail", "Detail page", f"/practices/{detail_slug}/", budgeted=True),
        Scenario("export", "CSV export, ~1,000 results", f"/practices/export.csv?{export_query}"),
    ]


def http_fetcher(host, port):
    """GET over HTTP, one connection per request (gunicorn's sync workers close them)."""

    def fetch(path, headers=None):
        connection = HTTPConnection(host, port, timeout=300)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            body = response.read()
            headers = {name.lower(): value for name, value in response.getheaders()}
            return Reply(response.status, headers, body)
        finally:
            connection.close()

    return fetch


def client_fetcher(client):
    """GET through Django's test client: the same measurement without a server (for tests)."""

    def fetch(path, headers=None):
        response = client.get(path, headers=headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        headers = {name.lower(): value for name, value in response.headers.items()}
        return Reply(response.status_code, headers, body)

    return fetch


def _timing(reply, metric="app"):
    header = reply.headers.get("server-timing", "")
    match = re.search(rf"\b{metric};dur=([0-9.]+)", header)
    if not match:
        raise RuntimeError(
            f"The response has no Server-Timing for {metric!r}: is the server running with "
            "DJANGO_SETTINGS_MODULE=scripts.bench_settings?"
        )
    return float(match.group(1))


def _describe(scenario, reply):
    if scenario.key == "export" and reply.status == 200:
        rows = list(csv.reader(io.StringIO(reply.body.decode("utf-8-sig"))))
        return f"{len(rows) - 1:,} rows"
    if reply.status == 404 and scenario.key == "export":
        return "not available"
    if reply.status != 200:
        return f"HTTP {reply.status}"
    return ""


COLD = {"X-Bench-Cold": "1"}


def measure(scenarios, fetch, *, repeat, warmup=2, cold=3, progress=None):
    """Time every scenario `repeat` times, after `warmup` (at least one) unmeasured requests.

    Then `cold` more requests each with the caches emptied first: what the first reader of a
    page pays, and every reader of a search or filter combination nobody asked for lately.
    """
    results = [Result(scenario) for scenario in scenarios]
    for result in results:
        for _ in range(max(warmup, 1)):
            reply = fetch(result.scenario.path)
        result.status = reply.status
        result.note = _describe(result.scenario, reply)
    for _ in range(repeat):
        for result in results:
            if result.status != 200:
                continue
            reply = fetch(result.scenario.path)
            if reply.status != 200:
                result.status, result.note = reply.status, f"HTTP {reply.status}"
                continue
            result.server_ms.append(_timing(reply))
            result.sql_ms.append(_timing(reply, "sql"))
            result.queries = max(result.queries or 0, int(reply.headers["x-query-count"]))
            result.size = len(reply.body)
        if progress:
            progress()
    for result in results:
        for _ in range(cold if result.ok else 0):
            reply = fetch(result.scenario.path, COLD)
            if reply.status == 200:
                result.cold_ms.append(_timing(reply))
    return results


def render_table(results):
    """The results as a Markdown table (readable in a terminal too)."""
    bare = next((r.median for r in results if r.scenario.key == "bare" and r.ok), None)
    lines = [
        "| Scenario | Median ms | p95 ms | SQL ms | Queries | × bare | Cold ms | Size KB "
        "| Budget | Note |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for r in results:
        if r.ok:
            ratio = f"{r.median / bare:.1f}" if bare else "—"
            cold = f"{r.cold:.1f}" if r.cold is not None else "—"
            figures = (
                f"{r.median:.1f} | {r.p95:.1f} | {r.sql:.1f} | {r.queries} | {ratio} | {cold} "
                f"| {r.size / 1024:.0f}"
            )
        else:
            figures = "— | — | — | — | — | — | —"
        if not r.scenario.budgeted:
            verdict = "—"
        else:
            verdict = "over" if r.over_budget else f"< {BUDGET_MS} ms"
        lines.append(f"| {r.scenario.label} | {figures} | {verdict} | {r.note} |")
    return "\n".join(lines)


def render_paths(results):
    return "\n".join(f"- {r.scenario.label}: `{r.scenario.path}`" for r in results)
