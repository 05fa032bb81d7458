"""Pages the Nu HTML checker accepts: valid `<time datetime>` values and no repeated ids."""

import datetime
import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from cop.templatetags.html_time import datetime_attr
from practices.models import Practice
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

# HTML's "valid date string" and "valid global date and time string" (at most 3 digits of a
# second; we write none).
VALID_DATETIME = re.compile(r"^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d)?(Z|[+-]\d\d:\d\d))?$")


def datetimes(response):
    return re.findall(r'<time datetime="([^"]*)"', response.content.decode())


def test_datetime_attr_drops_microseconds_and_keeps_the_offset():
    moment = datetime.datetime(2026, 11, 25, 14, 16, 16, 123456, tzinfo=datetime.UTC)
    assert datetime_attr(moment) == "2026-11-25T14:16:16+00:00"
    assert datetime_attr(datetime.date(2019, 5, 20)) == "2019-05-20"
    assert datetime_attr(None) == ""


def test_practice_page_publication_time_is_valid_html(client, world):
    practice = PracticeFactory(
        slug="with-microseconds",
        published_at=datetime.datetime(2026, 11, 25, 9, 30, 1, 987654, tzinfo=datetime.UTC),
    )
    found = datetimes(client.get(practice.get_absolute_url()))
    assert found, "the practice page shows its publication date"
    assert all(VALID_DATETIME.match(value) for value in found), found


def test_member_pages_times_are_valid_html(client, member):
    client.force_login(member)
    PracticeFactory(author=member, status=Practice.Status.DRAFT, published_at=None)
    found = datetimes(client.get("/practices/mine/"))
    assert found
    assert all(VALID_DATETIME.match(value) for value in found), found


def test_every_template_writes_time_through_one_filter():
    """A `<time datetime>` written with `|date:"c"` would carry microseconds again."""
    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for value in re.findall(r'datetime="([^"]*)"', path.read_text()):
            if "|datetime_attr" not in value:
                offenders.append(f"{path.name}: {value}")
    assert offenders == []


def test_home_page_does_not_repeat_a_featured_practice_under_recently_published(client, world):
    world.training.featured = True
    world.training.save()
    html = client.get("/").content.decode()
    assert html.count('id="card-whatsapp-groups"') == 1
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [i for i, n in ids.items() if n > 1] == []
    # The other practices are still listed as recently published.
    recent = html[html.index('id="recent-title"') :]
    assert "A national action plan that survives elections" in recent
