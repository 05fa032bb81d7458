"""Migration 0006 on a database loaded before it: rows get the source part the report gives
them, and the practices loaded from the data file are dated by their event."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("practices", "0005_visible_ids_index")]
AFTER = [("practices", "0006_source_part")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_background_and_conclusions_out_of_sessions():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        # cop stays at its latest migration (practices 0005 does not unapply it): read it so.
        old = executor.loader.project_state(BEFORE + executor.loader.graph.leaf_nodes("cop")).apps
        Event = old.get_model("cop", "Event")
        Session = old.get_model("cop", "Session")
        Practice = old.get_model("practices", "Practice")
        User = old.get_model("auth", "User")
        event = Event.objects.create(
            title="Workshop", slug="w", start_date=dt.date(2019, 5, 20),
            end_date=dt.date(2019, 5, 21), venue="VIC", city="Vienna", summary="s",
        )  # fmt: skip
        closing = Session.objects.create(
            event=event, order=8, kind="conclusions", title="Conclusions", slug="conclusions"
        )
        session_5 = Session.objects.create(
            event=event, order=7, kind="thematic", number=5, title="Protection", slug="s5"
        )
        file_date = dt.datetime(2019, 5, 21, 12, tzinfo=dt.UTC)

        def practice(slug, session, **fields):
            fields.setdefault("published_at", file_date)
            return Practice.objects.create(
                slug=slug, title=slug, summary="s", status="published", source_event=event,
                source_session=session, **fields,
            )  # fmt: skip

        practice("virtual-reality-tool-on-organ-removal", closing)
        practice("iom-stakeholder-consultation-for-the-handbook", session_5)
        practice("recommendation-innovation", closing, kind="recommendation")
        practice("lawrence-house", session_5)
        author = User.objects.create(username="amina")
        practice("contributed", session_5, contributor=author)
        practice("published-later", session_5, published_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)

        new = executor.loader.project_state(AFTER).apps.get_model("practices", "Practice")
        rows = {
            p.slug: (p.source_part, p.source_session_id is not None, p.dated_by_event)
            for p in new.objects.all()
        }
        assert rows == {
            "virtual-reality-tool-on-organ-removal": ("background", False, True),
            "iom-stakeholder-consultation-for-the-handbook": ("background", False, True),
            "recommendation-innovation": ("conclusions", False, True),
            "lawrence-house": ("proceedings", True, True),
            "contributed": ("proceedings", True, False),
            "published-later": ("proceedings", True, False),
        }
    finally:
        MigrationExecutor(connection).migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
