"""Full-text search over practices: the same behaviour on SQLite (FTS5) and PostgreSQL.

No test calls a reindex before searching: the database indexes every write itself.
"""

import pytest
from django.db import connection

from practices import search
from practices.models import Practice
from practices.search import index
from tests.factories import CountryFactory, ObjectiveFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def indexed(**kwargs):
    return PracticeFactory(**kwargs)


def titles(queryset):
    return [p.title for p in queryset]


def found(query, queryset=None):
    return titles(search.search(Practice.objects.all() if queryset is None else queryset, query))


def index_rows(practice):
    """What this database's index holds for the practice: its vector, or its FTS5 row."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT search_vector::text FROM practices_practice WHERE id = %s", [practice.pk]
            )
        else:
            cursor.execute(
                f"SELECT title || ' ' || keywords FROM {index.FTS_TABLE} WHERE rowid = %s",  # noqa: S608
                [practice.pk],
            )
        return [row[0] for row in cursor.fetchall() if row[0]]


def test_the_backend_of_this_database_indexes_a_new_practice():
    practice = indexed(title="Ombudsman pilot", tags=["interpol"])
    (row,) = index_rows(practice)
    assert "ombudsman" in row.lower() and "interpol" in row.lower()
    assert search.backend_name() == {"postgresql": "postgresql"}.get(connection.vendor, "sqlite")


def test_word_in_title_ranks_above_same_word_only_in_body():
    indexed(title="Reporting by victims", body="Shelters received victims of smuggling.")
    indexed(title="Smuggling investigations", body="Prosecutors worked together.")
    results = list(search.search(Practice.objects.all(), "smuggling"))
    assert [p.title for p in results] == ["Smuggling investigations", "Reporting by victims"]
    assert results[0].search_rank > results[1].search_rank > 0


def test_tag_name_finds_the_practice():
    indexed(title="Joint trainings", tags=["cybercrime"])
    indexed(title="Other work")
    assert found("cybercrime") == ["Joint trainings"]


def test_country_name_finds_the_practice():
    niger = CountryFactory(name="Niger", slug="niger", iso_code="NE")
    indexed(title="Border cooperation", countries=[niger])
    indexed(title="Other work")
    assert found("Niger") == ["Border cooperation"]


def test_objective_label_finds_the_practice():
    victims = ObjectiveFactory(number=4, title="Protection of victims", short_label="Victims")
    indexed(title="Shelter network", objectives=[victims])
    assert found("protection") == ["Shelter network"]


def test_phrase_matches_only_words_in_that_order():
    indexed(title="Referral mechanism", summary="A national referral mechanism for victims.")
    indexed(title="Mechanism review", summary="The mechanism of national referral was reviewed.")
    assert found('"national referral mechanism"') == ["Referral mechanism"]
    assert sorted(found("national referral mechanism")) == [
        "Mechanism review",
        "Referral mechanism",
    ]


def test_minus_excludes_practices_with_the_word():
    indexed(title="Trafficking of children", summary="Child victims were identified.")
    indexed(title="Trafficking for forced labour", summary="Labour inspectors were trained.")
    assert found("trafficking -children") == ["Trafficking for forced labour"]
    assert found('trafficking -"forced labour"') == ["Trafficking of children"]


def test_or_finds_either_word():
    indexed(title="Maritime smuggling")
    indexed(title="Airport controls")
    indexed(title="Community radio")
    assert sorted(found("maritime or airport")) == ["Airport controls", "Maritime smuggling"]


def test_or_binds_looser_than_and_as_in_websearch():
    indexed(title="Maritime smuggling routes")
    indexed(title="Maritime patrols")
    indexed(title="Airport controls")
    # (maritime AND smuggling) OR airport
    assert sorted(found("maritime smuggling or airport")) == [
        "Airport controls",
        "Maritime smuggling routes",
    ]


def test_filters_already_on_the_queryset_are_kept():
    indexed(title="Published shelter guide")
    indexed(title="Draft shelter guide", status=Practice.Status.DRAFT, published_at=None)
    assert found("shelter", Practice.objects.published()) == ["Published shelter guide"]
    assert found("shelter", Practice.objects.filter(status="draft")) == ["Draft shelter guide"]


def test_an_edit_is_found_by_the_new_word_and_not_the_old():
    practice = indexed(title="Hotline for victims")
    practice.title = "Ombudsman for victims"
    practice.save()
    assert found("ombudsman") == ["Ombudsman for victims"]
    assert found("hotline") == []


def test_changed_tags_countries_and_objectives_are_followed():
    victims = ObjectiveFactory(number=4, title="Protection of victims", short_label="Victims")
    practice = indexed(
        title="Joint work", tags=["interpol"], objectives=[ObjectiveFactory(number=1)]
    )
    mali = CountryFactory(name="Mali", slug="mali", iso_code="ML")
    assert found("protection") == []
    practice.tags.set(["europol"])
    practice.countries.set([mali])
    practice.objectives.set([victims])
    assert found("europol") == ["Joint work"]
    assert found("mali") == ["Joint work"]
    assert found("protection") == ["Joint work"]
    assert found("interpol") == []
    practice.countries.clear()
    assert found("mali") == []


def test_renamed_tags_countries_and_objectives_are_followed():
    from taggit.models import Tag

    mali = CountryFactory(name="Mali", slug="mali", iso_code="ML")
    victims = ObjectiveFactory(number=4, title="Protection of victims", short_label="Victims")
    indexed(title="Joint work", tags=["interpol"], countries=[mali], objectives=[victims])
    Tag.objects.filter(name="interpol").update(name="europol")
    mali.name = "Republic of Mali"
    mali.save()
    victims.title = "Assistance to survivors"
    victims.save()
    assert found("europol") == ["Joint work"]
    assert found("interpol") == []
    assert found("republic") == ["Joint work"]
    assert found("survivors") == ["Joint work"]
    assert found("protection") == []


def test_a_practice_written_with_raw_sql_is_found():
    practice = indexed(title="Hotline for victims")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE practices_practice SET summary = %s WHERE id = %s",
            ["A helpline for migrants.", practice.pk],
        )
    assert found("helpline") == ["Hotline for victims"]


def test_a_new_public_word_can_correct_a_misspelling_at_once():
    indexed(title="Ombudsman for victims")
    assert search.suggest("ombudsmna") == "ombudsman"


def test_the_content_version_moves_with_every_write_of_a_practice():
    versions = [search.content_version()]
    practice = indexed(title="Hotline for victims")
    versions.append(search.content_version())
    practice.tags.add("europol")
    versions.append(search.content_version())
    practice.delete()
    versions.append(search.content_version())
    assert len(set(versions)) == 4


def test_full_reindex_indexes_everything_and_forgets_deleted_practices():
    kept = PracticeFactory(title="Hotline for victims")
    gone = PracticeFactory(title="Hotline pilot")
    search.reindex()
    assert sorted(found("hotline")) == ["Hotline for victims", "Hotline pilot"]
    gone.delete()
    search.reindex()
    assert found("hotline") == [kept.title]


def test_a_practice_written_while_the_triggers_were_missing_is_found_after_a_rebuild():
    index.uninstall()
    PracticeFactory(title="Hotline for victims")
    assert found("hotline") == []
    search.reindex()
    assert found("hotline") == ["Hotline for victims"]
    indexed(title="Hotline pilot")  # the triggers are back
    assert sorted(found("hotline")) == ["Hotline for victims", "Hotline pilot"]


def test_headline_marks_the_word_and_escapes_practice_text():
    indexed(
        title="Shelter <b>guide</b>",
        summary='Shelters & "safe houses" <script>alert(1)</script> for victims.',
        body="<script>alert('body')</script> More <img src=x onerror=alert(2)> about shelters.",
    )
    (practice,) = search.search(Practice.objects.all(), "shelters")
    headline = practice.search_headline
    assert "<mark>" in headline and "</mark>" in headline
    assert "<mark>Shelters</mark>" in headline
    assert "<script" not in headline and "<img" not in headline and "<b>" not in headline
    assert headline.replace("<mark>", "").replace("</mark>", "").count("<") == 0
    assert "&amp;" in headline


def test_headline_comes_from_the_body_when_only_the_body_matches():
    indexed(
        title="Joint investigations",
        summary="Prosecutors of two countries worked as one team.",
        body="Investigators exchanged evidence <quickly> through Eurojust.",
    )
    (practice,) = search.search(Practice.objects.all(), "eurojust")
    assert "<mark>Eurojust</mark>" in practice.search_headline
    assert "&lt;quickly&gt;" in practice.search_headline


def test_markers_in_practice_text_cannot_open_a_mark():
    indexed(title="Hotline", summary="Call \ue000now\ue001 about the hotline.")
    (practice,) = search.search(Practice.objects.all(), "hotline")
    assert "<mark>now" not in practice.search_headline
    assert practice.search_headline.count("<mark>") == 1
    assert practice.search_headline.count("</mark>") == 1


HOSTILE_QUERIES = [
    "",
    "   ",
    "\t\n",
    "a" * 5000,
    "trafficking " * 500,
    "x" * 4999 + "\x00",
    "' & | ! : * ( ) \\ \" -",
    "'",
    '"',
    '"unpaired quote',
    'trafficking "',
    "-",
    "--",
    "- -",
    "or",
    "OR",
    "or or",
    "trafficking or",
    "or trafficking",
    "-trafficking",
    "\x00",
    "traffic\x00king",
    "\ud800",
    "\ue000mark\ue001",
    "NOT",
    "AND",
    "NEAR(trafficking victims)",
    "title:trafficking",
    "trafficking*",
    "^trafficking",
    "{title summary}: victims",
    "!(&|)",
    "a:*",
    "%s %% %(x)s",
    "'; DROP TABLE practices_practice; --",
    "the of and",
    "Straße über café",
    "人口贩运",
    "😀",
    "\\",
    "()",
    '"" "" ""',
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_never_raise(query):
    indexed(title="Trafficking of victims", body="Training on trafficking.")
    results = search.search(Practice.objects.all(), query)
    assert len(list(results)) == results.count() <= 1
    list(results.values_list("pk", "search_rank", "search_headline"))
    suggestion = search.suggest(query)
    assert suggestion is None or isinstance(suggestion, str)


def test_query_with_no_searchable_word_finds_nothing():
    indexed(title="Trafficking of victims")
    for query in ("", "or", "-", "-trafficking", "the"):
        assert found(query) == []


def test_result_supports_count_slicing_prefetch_values_list_and_subqueries():
    for n in range(5):
        indexed(title=f"Shelter {n}", tags=["shelter"])
    indexed(title="Unrelated")
    results = search.search(Practice.objects.all(), "shelter")
    assert results.count() == 5
    assert len(results[:2]) == 2
    assert len(list(results.for_cards())) == 5
    ids = list(results.values_list("pk", flat=True))
    assert len(ids) == 5
    nested = Practice.objects.filter(pk__in=results.order_by().values("pk"))
    assert nested.count() == 5


def test_suggest_corrects_a_misspelt_word():
    indexed(title="Trafficking in persons")
    suggestion = search.suggest("trafiking")
    assert suggestion is not None and "trafficking" in suggestion


def test_suggest_keeps_the_case_and_the_other_words():
    morocco = CountryFactory(name="Morocco", slug="morocco", iso_code="MA")
    indexed(title="Trafficking of women", countries=[morocco])
    assert search.suggest("trafiking women Marocco") == "trafficking women Morocco"


def test_suggest_is_none_when_every_word_is_found():
    indexed(title="Trafficking in persons")
    assert search.suggest("trafficking persons") is None
    assert search.suggest("") is None


def test_suggest_never_reveals_words_of_unpublished_practices():
    indexed(title="Zanzibar pilot", status=Practice.Status.DRAFT, published_at=None)
    indexed(title="Zanzibar members", visibility=Practice.Visibility.MEMBERS, tags=["zanzibar"])
    indexed(title="Public hotline")
    assert search.suggest("zanzibra") is None


def test_misspelt_words_still_find_the_practice():
    morocco = CountryFactory(name="Morocco", slug="morocco", iso_code="MA")
    indexed(title="Trafficking of women", countries=[morocco])
    indexed(title="Smuggling by sea")
    assert found("trafiking women Marocco") == ["Trafficking of women"]


def test_word_only_in_a_members_only_practice_is_still_found_by_members():
    # "zanzibar" is unknown to the public vocabulary, so a correction is tried; the results
    # must still hold what the original word finds for someone who may read it.
    indexed(title="Zanzibar members", visibility=Practice.Visibility.MEMBERS)
    indexed(title="Zanzibas public")
    assert "Zanzibar members" in found("zanzibar", Practice.objects.published())
    assert found("zanzibar", Practice.objects.filter(visibility="public")) == ["Zanzibas public"]


def test_curly_quotes_quote_a_phrase():
    indexed(title="Referral mechanism", summary="A national referral mechanism for victims.")
    indexed(title="Mechanism review", summary="The mechanism of national referral was reviewed.")
    assert found("“national referral mechanism”") == ["Referral mechanism"]


def test_stemming_finds_other_forms_of_a_word():
    indexed(title="Training of judges")
    indexed(title="Other work")
    assert found("trained") == ["Training of judges"]
    assert found("judge") == ["Training of judges"]


@pytest.mark.parametrize("size", [10, 60])
def test_search_runs_a_fixed_number_of_queries(size, django_assert_max_num_queries):
    morocco = CountryFactory(name="Morocco", slug="morocco", iso_code="MA")
    for n in range(size):
        PracticeFactory(title=f"Trafficking case {n}", countries=[morocco], tags=["victims"])
    # Corrections (at most two), the page, and the two prefetches of for_cards().
    with django_assert_max_num_queries(5):
        results = search.search(Practice.objects.all(), "trafiking Marocco").for_cards()
        page = list(results[:50])
        assert len(page) == min(size, 50)
        assert all(p.search_headline is not None for p in page)
        assert all(len(p.countries.all()) == 1 for p in page)


@pytest.mark.postgres
def test_postgres_misspelt_query_finds_trafficking_of_women_in_morocco():
    morocco = CountryFactory(name="Morocco", slug="morocco", iso_code="MA")
    indexed(title="Trafficking of women", countries=[morocco])
    indexed(title="Smuggling by sea")
    results = list(search.search(Practice.objects.all(), "trafiking women Marocco"))
    assert [p.title for p in results] == ["Trafficking of women"]
    assert "<mark>" in results[0].search_headline or results[0].search_headline


@pytest.mark.postgres
def test_postgres_gin_indexes_exist():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes"
            " WHERE tablename IN ('practices_practice', 'practices_search_word')"
        )
        indexes = dict(cursor.fetchall())
    assert "USING gin (search_vector)" in indexes["practices_practice_search_vector_gin"]
    assert "gin_trgm_ops" in indexes["practices_search_word_trgm"]


@pytest.mark.postgres
def test_postgres_websearch_syntax_with_stemming():
    indexed(title="Training of border guards", body="Guards trained on document fraud.")
    indexed(title="Training of judges", body="Judges trained on the protocol.")
    assert found('trained -judges "document fraud"') == ["Training of border guards"]
    assert sorted(found("guard or judge")) == ["Training of border guards", "Training of judges"]


@pytest.mark.postgres
def test_postgres_search_uses_the_gin_index():
    indexed(title="Training of border guards")
    results = search.search(Practice.objects.all(), "guards")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = results.explain()
        cursor.execute("RESET enable_seqscan")
    assert "practices_practice_search_vector_gin" in plan


def test_reindex_search_command_makes_unindexed_practices_findable():
    from django.core.management import call_command

    index.uninstall()
    PracticeFactory(title="Hotline for victims")
    assert found("hotline") == []
    call_command("reindex_search", verbosity=0)
    assert found("hotline") == ["Hotline for victims"]
