"""Backup and restore, as the README's "Backup and restore" section tells an operator to do it.

Django fixtures (`dumpdata --natural-foreign --natural-primary`, then `loaddata`) on either
database, and `pg_dump` / `pg_restore` on PostgreSQL, give back the same rows and a site whose
search finds its practices at once, without a separate `reindex_search`.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection

from practices import search
from practices.models import Practice
from tests.factories import ApplicationFactory, NotificationFactory, PracticeFactory

BASE_DIR = Path(settings.BASE_DIR)

# The README's recipe: what a backup leaves out is rebuilt by `migrate` (content types,
# permissions) or not worth keeping (sessions: people sign in again).
DUMP_OPTIONS = [
    "--natural-foreign",
    "--natural-primary",
    "--exclude=contenttypes",
    "--exclude=auth.permission",
    "--exclude=sessions",
]


@pytest.fixture
def site(world, member, coordinator):
    """The small world, plus what members and coordinators add: drafts, tags, notifications."""
    PracticeFactory(
        title="Hotline for victims in Egypt",
        slug="hotline",
        status=Practice.Status.DRAFT,
        published_at=None,
        author=member,
        tags=["hotline", "training"],
        countries=[world.egypt],
    )
    NotificationFactory(recipient=member, subject="Your practice was published")
    ApplicationFactory(full_name="Pat Applicant", email="pat@example.org", country=world.brazil)
    return world


def flush():
    """`manage.py flush`, inside the test's transaction."""
    postgres = connection.vendor == "postgresql"
    if postgres:  # PostgreSQL refuses to TRUNCATE a table with deferred checks pending
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def dump(path, *, env=None):
    if env is None:
        call_command("dumpdata", *DUMP_OPTIONS, output=str(path), verbosity=0)
    else:
        manage("dumpdata", *DUMP_OPTIONS, f"--output={path}", env=env)
    return rows(path)


def rows(path):
    """Every object of a dump, in a stable order (through rows get new ids on reload; the
    members of a many-to-many field come in no particular order)."""

    def normal(obj):
        fields = {k: sorted(v, key=json.dumps) if isinstance(v, list) and k in MANY else v
                  for k, v in obj["fields"].items()}  # fmt: skip
        return json.dumps({**obj, "fields": fields}, sort_keys=True)

    return sorted(normal(obj) for obj in json.loads(Path(path).read_text()))


MANY = {
    field.name
    for model in apps.get_models()
    for field in model._meta.get_fields()
    if field.many_to_many and not field.auto_created
}


def found(query):
    """Slugs of the public practices a visitor's search finds."""
    practices = Practice.objects.visible_to(AnonymousUser())
    return set(search.search(practices, query).values_list("slug", flat=True))


def manage(*args, env):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


FOUND_IN_SHELL = (
    "from django.contrib.auth.models import AnonymousUser;"
    "from practices import search;"
    "from practices.models import Practice;"
    "qs = Practice.objects.visible_to(AnonymousUser());"
    "print(sorted(search.search(qs, {query!r}).values_list('slug', flat=True)))"
)


def found_in(env, query):
    out = manage("shell", "--no-imports", "-c", FOUND_IN_SHELL.format(query=query), env=env)
    return out.strip()


def postgres_url(name):
    s = connection.settings_dict
    user = s["USER"] or "postgres"
    host = s["HOST"] or "127.0.0.1"
    port = s["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{name}"


def pg_args():
    s = connection.settings_dict
    return ["-h", s["HOST"] or "127.0.0.1", "-p", str(s["PORT"] or 5432), "-U", s["USER"]]


@pytest.fixture
def fresh_database(tmp_path):
    """The environment of `manage.py` pointed at a new, empty database of the same kind."""
    env = {**os.environ, "DJANGO_SECRET_KEY": "test-only-not-a-secret", "DJANGO_DEBUG": "0"}
    if connection.vendor == "postgresql":
        name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
        subprocess.run(["createdb", *pg_args(), name], check=True)
        yield {**env, "DATABASE_URL": postgres_url(name)}
        subprocess.run(["dropdb", *pg_args(), "--if-exists", name], check=True)
    else:
        yield {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'restored.sqlite3'}"}


@pytest.mark.django_db
def test_fixture_backup_loads_back_after_flush_with_identical_rows(site, tmp_path):
    before = dump(tmp_path / "backup.json")
    assert any('"model": "practices.taggedpractice"' in row for row in before)

    flush()
    assert not Practice.objects.exists()
    call_command("loaddata", str(tmp_path / "backup.json"), verbosity=0)

    assert dump(tmp_path / "again.json") == before


@pytest.mark.django_db
def test_search_finds_practices_right_after_loaddata(site, tmp_path):
    dump(tmp_path / "backup.json")
    flush()
    search.reindex()  # an empty site: the index is empty too, as in a fresh database
    call_command("loaddata", str(tmp_path / "backup.json"), verbosity=0)

    assert found("whatsapp") == {"whatsapp-groups"}
    assert found("training") == {"whatsapp-groups", "unaccompanied-minors"}
    assert found("hotline") == set(), "a draft stays out of public search after a restore"


@pytest.mark.django_db
def test_fixture_backup_restores_into_a_fresh_database(site, tmp_path, fresh_database):
    before = dump(tmp_path / "backup.json")

    # The README's restore: migrate the empty database, then load the backup.
    manage("migrate", "--noinput", env=fresh_database)
    manage("loaddata", str(tmp_path / "backup.json"), env=fresh_database)

    assert dump(tmp_path / "restored.json", env=fresh_database) == before
    assert found_in(fresh_database, "whatsapp") == "['whatsapp-groups']"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_dump_restores_into_a_fresh_database(site, tmp_path, fresh_database):
    archive = tmp_path / "backup.dump"
    source = connection.settings_dict["NAME"]
    target = fresh_database["DATABASE_URL"].rsplit("/", 1)[1]

    # The README's recipe: a custom-format dump, restored into an empty database.
    subprocess.run(["pg_dump", *pg_args(), "-Fc", "-f", str(archive), source], check=True)
    subprocess.run(
        ["pg_restore", *pg_args(), "--no-owner", "--no-privileges", "-d", target, str(archive)],
        check=True,
    )

    def counts(database):
        tables = (
            "SELECT string_agg(format('SELECT %L, count(*) FROM %I', tablename, tablename),"
            " ' UNION ALL ' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'"
        )
        psql = ["psql", *pg_args(), "-d", database, "-qtAX", "-v", "ON_ERROR_STOP=1"]
        union = subprocess.run([*psql, "-c", tables], check=True, capture_output=True, text=True)
        result = subprocess.run(
            [*psql, "-c", union.stdout.strip()], check=True, capture_output=True, text=True
        )
        return dict(line.split("|") for line in result.stdout.split())

    before = counts(source)
    assert int(before["practices_practice"]) == Practice.objects.count() == 4
    assert counts(target) == before
    assert found_in(fresh_database, "whatsapp") == "['whatsapp-groups']"
    assert dump(tmp_path / "restored.json", env=fresh_database) == dump(tmp_path / "source.json")
