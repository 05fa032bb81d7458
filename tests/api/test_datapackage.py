"""The data package: everything public as CSV files described by datapackage.json."""

import csv
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from practices.models import Practice
from tests.api import api_url
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def package_path(tmp_path, settings):
    settings.DATA_PACKAGE_PATH = tmp_path / "data" / "glo-act-data.zip"
    return settings.DATA_PACKAGE_PATH


@pytest.fixture
def hidden(world, member):
    PracticeFactory(
        title="Secret draft",
        slug="secret-draft",
        tags=["draftonly"],
        status=Practice.Status.DRAFT,
        published_at=None,
        author=member,
    )
    PracticeFactory(title="Members only", slug="members-only", tags=["membersonlytag"],
                    visibility=Practice.Visibility.MEMBERS)  # fmt: skip


def read(path):
    with zipfile.ZipFile(path) as package:
        descriptor = json.loads(package.read("datapackage.json"))
        tables = {
            name[:-4]: list(csv.DictReader(io.StringIO(package.read(name).decode())))
            for name in package.namelist()
            if name.endswith(".csv")
        }
    return descriptor, tables


def test_the_package_holds_every_public_practice_and_nothing_else(hidden, package_path):
    call_command("build_datapackage", stdout=io.StringIO())
    descriptor, tables = read(package_path)
    assert {row["slug"] for row in tables["practices"]} == {
        "whatsapp-groups",
        "national-action-plan",
        "unaccompanied-minors",
    }
    names = {row["name"] for row in tables["tags"]}
    assert "training" in names and not names & {"draftonly", "membersonlytag"}
    everything = json.dumps(tables)
    assert "secret-draft" not in everything and "members-only" not in everything
    assert descriptor["profile"] == "tabular-data-package"


def test_the_descriptor_matches_the_files_and_every_key_resolves(world, package_path):
    call_command("build_datapackage", stdout=io.StringIO())
    descriptor, tables = read(package_path)
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert set(resources) == set(tables)
    with zipfile.ZipFile(package_path) as package:
        for name, resource in resources.items():
            header = package.read(resource["path"]).decode().splitlines()[0].split(",")
            assert header == [f["name"] for f in resource["schema"]["fields"]], name
    for name, resource in resources.items():
        for key in resource["schema"].get("foreignKeys", []):
            target = key["reference"]["resource"]
            known = {row["id"] for row in tables[target]}
            used = {row[key["fields"]] for row in tables[name]} - {""}
            assert used <= known, (name, key)
    assert tables["practice_countries"]  # the links are there
    training = next(r for r in tables["practices"] if r["slug"] == "whatsapp-groups")
    assert training["url"].endswith(reverse("practices:detail", kwargs={"slug": "whatsapp-groups"}))


def test_the_first_request_queues_a_build_and_is_told_to_come_back(
    world, client, settings, package_path
):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    missing = client.get(api_url("datapackage"))
    assert missing.status_code == 404
    assert "not been built" in missing.json()["detail"]
    queued = [r.task.name for r in default_task_backend.results]
    assert queued == ["rebuild_datapackage"]
    client.get(api_url("datapackage"))
    assert len(default_task_backend.results) == 1  # at most one rebuild queued a minute


def test_the_api_serves_the_package_and_a_rebuilt_one_after_a_change(world, client, package_path):
    # The test settings run tasks at once (the immediate backend), as `make dev` does.
    response = client.get(api_url("datapackage"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    body = b"".join(response.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(body)).read("datapackage.json")
    unchanged = client.get(api_url("datapackage"), headers={"if-none-match": response["ETag"]})
    assert unchanged.status_code == 304
    built_at = package_path.stat().st_mtime_ns
    client.get(api_url("datapackage"))
    assert package_path.stat().st_mtime_ns == built_at  # nothing changed: not rebuilt
    PracticeFactory(title="Fresh", slug="fresh", published_at=timezone.now())
    assert client.get(api_url("datapackage")).status_code == 200
    _descriptor, tables = read(package_path)
    assert "fresh" in {row["slug"] for row in tables["practices"]}


def test_a_practice_from_an_events_documents_carries_no_publication_date(world, package_path):
    PracticeFactory(title="From the conclusions", slug="from-conclusions",
                    source_event=world.event, source_part="conclusions",
                    dated_by_event=True)  # fmt: skip
    call_command("build_datapackage", stdout=io.StringIO())
    _descriptor, tables = read(package_path)
    row = next(r for r in tables["practices"] if r["slug"] == "from-conclusions")
    assert (row["source_part"], row["published_at"]) == ("conclusions", "")
    assert row["source_event_id"] == str(world.event.pk)
    contributed = next(r for r in tables["practices"] if r["slug"] == "whatsapp-groups")
    assert contributed["published_at"]


def test_a_tag_added_without_saving_the_practice_rebuilds_the_package(world, client, package_path):
    """The package is keyed on what the database answers, not on writers remembering to say."""
    client.get(api_url("datapackage"))
    assert "packagefresh" not in {r["name"] for r in read(package_path)[1]["tags"]}
    world.plan.tags.add("packagefresh")  # the practice row itself is not saved
    assert client.get(api_url("datapackage")).status_code == 200
    assert "packagefresh" in {r["name"] for r in read(package_path)[1]["tags"]}
