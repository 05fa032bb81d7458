"""The main public and signed-in pages are valid HTML: the Nu HTML checker finds 0 errors.

The pages are rendered by the test client, written to files, and checked in one run of the
checker (Java starts slowly). CI installs it (`npm install --prefix .tools vnu-jar`) and sets
REQUIRE_VNU=1; elsewhere the test skips when it is missing. VNU_JAR names another jar.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from practices import workflow
from practices.models import Practice
from tests.conftest import _skip_or_fail
from tests.factories import ApplicationFactory, NotificationFactory, PracticeFactory

VNU_JAR = Path(
    os.environ.get(
        "VNU_JAR", Path(settings.BASE_DIR) / ".tools/node_modules/vnu-jar/build/dist/vnu.jar"
    )
)

pytestmark = [pytest.mark.vnu, pytest.mark.django_db]

Status = Practice.Status


@pytest.fixture
def vnu():
    java = shutil.which("java")
    if not VNU_JAR.exists() or java is None:
        _skip_or_fail(
            f"needs the Nu HTML checker at {VNU_JAR} and Java: "
            "npm install --prefix .tools vnu-jar (apt-get install -y default-jre-headless)",
            "REQUIRE_VNU",
        )
    return [java, "-jar", str(VNU_JAR)]


@pytest.fixture
def pages(world, member, coordinator):
    """(persona, URL) of every main page, with content of every kind on them."""
    submitted = PracticeFactory(
        title="Joint training of judges",
        slug="joint-training",
        status=Status.SUBMITTED,
        published_at=None,
        author=member,
        objectives=[world.objectives["capacity-building"]],
        countries=[world.morocco],
        tags=["training", "judges"],
    )
    workflow.admin_saved(practice=submitted, actor=member, created=True)
    world.training.featured = True
    world.training.save(update_fields=["featured"])
    NotificationFactory(recipient=member, subject="Your practice was published")
    application = ApplicationFactory(full_name="Pat Applicant", country=world.egypt)
    listing = reverse("practices:list")
    public = [
        reverse("cop:home"),
        listing,
        f"{listing}?q=training&objective=capacity-building&country=morocco",
        f"{listing}?q=trafiking",  # "did you mean"
        world.training.get_absolute_url(),
        reverse("cop:objectives"),
        reverse("cop:objective", args=["capacity-building"]),
        reverse("countries:list"),
        reverse("countries:detail", args=["morocco"]),
        reverse("cop:events"),
        reverse("cop:event", args=[world.event.slug]),
        reverse("practices:tags"),
        reverse("practices:tag", args=["training"]),
        reverse("accounts:join"),
        reverse("accounts:login"),
        reverse("accounts:password_reset"),
        reverse("cop:about"),
        reverse("cop:privacy"),
        reverse("cop:contact"),
    ]
    signed_in = [
        ("member", reverse("accounts:account")),
        ("member", reverse("accounts:notifications")),
        ("member", reverse("accounts:member", args=[member.username])),
        ("member", reverse("practices:new")),
        ("member", reverse("practices:mine")),
        ("member", reverse("practices:edit", args=[world.training.slug])),
        ("member", world.training.get_absolute_url()),
        ("coordinator", reverse("curation:queue")),
        ("coordinator", reverse("curation:review", args=[submitted.slug])),
        ("coordinator", reverse("curation:versions", args=[submitted.slug])),
        ("coordinator", reverse("curation:tags")),
        ("coordinator", reverse("curation:applications")),
        ("coordinator", reverse("curation:application", args=[application.pk])),
    ]
    # The training practice is the member's, so that its edit form opens for them.
    Practice.objects.filter(pk=world.training.pk).update(author=member)
    return [("anonymous", url) for url in public] + signed_in


def test_main_pages_have_no_html_errors(vnu, pages, member, coordinator, tmp_path):
    clients = {"anonymous": Client(), "member": Client(), "coordinator": Client()}
    clients["member"].force_login(member)
    clients["coordinator"].force_login(coordinator)
    files = {}
    for number, (persona, url) in enumerate(pages):
        response = clients[persona].get(url)
        assert response.status_code == 200, f"{persona} {url}: {response.status_code}"
        path = tmp_path / f"page-{number:02d}.html"
        path.write_bytes(response.content)
        files[path.name] = f"{persona} {url}"

    result = subprocess.run(
        [*vnu, "--errors-only", "--format", "gnu", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = result.stderr + result.stdout
    for name, page in files.items():
        report = report.replace(str(tmp_path / name), page)
    assert result.returncode == 0 and not report.strip(), report
