"""The benchmark works end to end on a small corpus: every page it times gets a row.

The real run (`make bench`) serves the site with gunicorn on PostgreSQL; here the same corpus
generator and the same timing loop run on the test database through Django's test client, with
the bench's URLs and timing middleware. No speed is asserted: budgets live in the benchmark.
"""

import pytest
from django.test import Client

from practices.models import Practice
from scripts import corpus, measure
from scripts.bench import END, START, write_docs


@pytest.fixture
def bench_settings(settings):
    settings.ROOT_URLCONF = "scripts.bench_urls"
    settings.MIDDLEWARE = ["scripts.bench_middleware.TimingMiddleware", *settings.MIDDLEWARE]


def test_corpus_adds_published_practices_over_the_real_reference_data(world):
    assert corpus.generate(50, progress=False) == 50

    practices = corpus.synthetic_practices()
    assert practices.filter(status=Practice.Status.PUBLISHED).count() == 50
    assert not practices.filter(objectives=None).exists()
    assert not practices.filter(countries=None).exists()
    assert set(practices.values_list("countries__slug", flat=True)) <= {
        "morocco",
        "egypt",
        "brazil",
    }
    assert practices.filter(tags__isnull=False).distinct().count() == 50


def test_bench_times_every_scenario_with_its_query_count(world, bench_settings):
    corpus.generate(50, progress=False)  # indexed for search as it is written
    scenarios = measure.build_scenarios(**measure.pick_targets(50))

    fetch = measure.client_fetcher(Client())
    results = measure.measure(scenarios, fetch, repeat=3, warmup=1, cold=1)

    assert [r.scenario.key for r in results] == [
        "bare", "list", "filtered", "search", "typo", "api", "detail", "export",
    ]  # fmt: skip
    for result in results:
        assert result.status == 200, f"{result.scenario.label}: {result.note}"
        assert len(result.server_ms) == 3 and len(result.cold_ms) == 1
        assert result.median > 0
    by_key = {r.scenario.key: r for r in results}
    assert by_key["bare"].queries == 0
    assert by_key["list"].queries > 0
    assert by_key["export"].note.endswith("rows")
    table = measure.render_table(results)
    assert all(s.label in table for s in scenarios)


def test_results_replace_only_the_marked_block_of_the_docs(tmp_path, monkeypatch):
    docs = tmp_path / "benchmarks.md"
    docs.write_text(f"# Benchmarks\n\nHow to run.\n\n{START}\nold figures\n{END}\n\n## Findings\n")
    monkeypatch.setattr("scripts.bench.DOCS", docs)
    monkeypatch.setattr("scripts.bench.BASE_DIR", tmp_path)

    write_docs("new figures\n")

    text = docs.read_text()
    assert "new figures" in text and "old figures" not in text
    assert text.startswith("# Benchmarks\n\nHow to run.") and text.endswith("## Findings\n")
