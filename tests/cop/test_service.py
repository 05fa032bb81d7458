"""The site as a service: mail out of the request, delivery retried and reported, compression,
the health URL, logs that say when and for which request, error tracking."""

import gzip
import os
import re
import smtplib
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from cop.members.notifications import notify, send_email
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent.parent
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    """What `manage.py db_worker` does, until no task is ready."""
    Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    ).run()  # fmt: skip


class FlakyMailServer(BaseEmailBackend):
    """A mail transport that drops the connection `failures` times, then delivers."""

    failures = 0
    attempts = 0

    def send_messages(self, email_messages):
        type(self).attempts += 1
        if type(self).failures:
            type(self).failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        for message in email_messages:
            message.message()  # what a real transport does: refuses an invalid header
        mail.outbox.extend(email_messages)
        return len(email_messages)


@pytest.fixture
def flaky_mail_server(settings):
    settings.COP_EMAIL_DELIVERY_BACKEND = f"{__name__}.FlakyMailServer"
    FlakyMailServer.failures = 0
    FlakyMailServer.attempts = 0
    return FlakyMailServer


@pytest.fixture
def closed_smtp_port(settings):
    """A real SMTP transport pointed at a port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.COP_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    return port


# Mail leaves the request.


@pytest.mark.django_db(transaction=True)
def test_a_notification_e_mail_is_queued_by_the_request_and_sent_by_the_worker(settings, member):
    settings.TASKS = DATABASE_TASKS

    notify(recipients=[member], subject="Your practice was published", message="", kind="t")

    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "cop.tasks.deliver_email"
    assert queued.status == "READY"

    run_worker()

    assert [m.to for m in mail.outbox] == [[member.email]]
    assert mail.outbox[0].subject == "[GLO.ACT CoP] Your practice was published"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_mail_server_does_not_touch_the_request(settings, closed_smtp_port):
    settings.TASKS = DATABASE_TASKS

    send_email(to=["nadia@example.org"], subject="Your application", body="Welcome.")

    # Nothing was sent in the request, so nothing could fail there: the intent is recorded.
    assert DBTaskResult.objects.filter(status="READY").count() == 1


@pytest.mark.django_db
def test_queued_e_mail_is_rolled_back_with_the_change(settings, django_capture_on_commit_callbacks):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_email(to=["nadia@example.org"], subject="S", body="B")
        raise RuntimeError("the change failed")

    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_daily_digests_are_queued_by_the_command_and_sent_by_the_worker(settings, member):
    settings.TASKS = DATABASE_TASKS
    member.profile.email_preference = "daily"
    member.profile.save()
    notify(recipients=[member], subject="A comment on your practice", message="", kind="t")

    call_command("send_digests", verbosity=0)

    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    run_worker()
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "A comment on your practice" in mail.outbox[0].body


# Headers are made safe at the root; failures are retried, then reported.


@pytest.mark.django_db
def test_a_line_break_in_a_practice_title_still_yields_a_delivered_e_mail(
    member, flaky_mail_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[member],
            subject="Published: Hackathons\r\nin Brazil",
            message="",
            url="/practices/",
            kind="practice_published",
        )

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[GLO.ACT CoP] Published: Hackathons in Brazil"


@pytest.mark.django_db
def test_a_line_break_in_a_name_still_yields_a_delivered_e_mail(
    flaky_mail_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_email(
            to=["Nadia\nNewcomer <nadia@example.org>"],
            subject="Application from Nadia\r\nNewcomer\x00",
            body="Hello",
        )

    assert len(mail.outbox) == 1
    message = mail.outbox[0].message()
    assert message["Subject"] == "[GLO.ACT CoP] Application from Nadia Newcomer"
    assert message["To"] == "Nadia Newcomer <nadia@example.org>"


@pytest.mark.django_db
def test_a_failed_delivery_is_tried_again_and_then_delivered(
    member, flaky_mail_server, caplog, django_capture_on_commit_callbacks
):
    flaky_mail_server.failures = 2

    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[member], subject="A practice awaits review", message="", kind="t")

    assert flaky_mail_server.attempts == 3
    assert [m.to for m in mail.outbox] == [[member.email]]
    retries = [r for r in caplog.records if r.name == "cop.tasks" and r.levelname == "WARNING"]
    assert len(retries) == 2


@pytest.mark.django_db(transaction=True)
def test_an_undeliverable_e_mail_is_retried_with_backoff_then_reported_to_admins(
    settings, closed_smtp_port, caplog
):
    settings.TASKS = DATABASE_TASKS
    settings.COP_EMAIL_MAX_ATTEMPTS = 3
    settings.COP_EMAIL_RETRY_DELAY = 60

    send_email(to=["nadia@example.org"], subject="Your application", body="Welcome.")
    run_worker()

    # The first attempt failed against the real SMTP transport; the next waits a minute.
    first, second = DBTaskResult.objects.order_by("enqueued_at")
    assert first.status == "SUCCESSFUL" and first.return_value["delivered"] is False
    assert second.status == "READY"
    wait = second.run_after - timezone.now()
    assert timedelta(seconds=50) < wait <= timedelta(seconds=60)

    for expected_wait in (240, None):
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_worker()
        if expected_wait:
            waiting = DBTaskResult.objects.get(status="READY")
            assert waiting.run_after - timezone.now() > timedelta(seconds=expected_wait - 10)

    assert DBTaskResult.objects.count() == 3
    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.exception_class_path == "cop.tasks.EmailNotDelivered"
    assert mail.outbox == []
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any("'[GLO.ACT CoP] Your application' to nadia@example.org" in e for e in errors)

    # Admins see it among the failed tasks.
    admin = Client()
    admin.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    page = admin.get(
        "/admin/django_tasks_database/dbtaskresult/", {"status__exact": "FAILED"}
    ).content.decode()
    assert str(failed.id) in page
    detail = admin.get(f"/admin/django_tasks_database/dbtaskresult/{failed.id}/change/")
    assert "nadia@example.org" in detail.content.decode()


# SQLite: the web workers and the task worker write to one file.


SQLITE_WRITERS = """
import threading, time
from django.db import connection, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS counter (n INTEGER)")
    cursor.execute("INSERT INTO counter VALUES (0)")
connection.close()
errors = []

def writer(pause):
    from django.db import connection
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT n FROM counter")
                n = cursor.fetchone()[0]
                time.sleep(pause)
                cursor.execute("UPDATE counter SET n = %s", [n + 1])
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connection.close()

threads = [threading.Thread(target=writer, args=(0.3,)) for _ in range(4)]
for t in threads: t.start()
for t in threads: t.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM counter")
    print("count", cursor.fetchone()[0], "errors", errors)
"""


def test_concurrent_writers_on_sqlite_wait_for_each_other_instead_of_failing(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update({"DJANGO_SECRET_KEY": "k", "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}"})
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SQLITE_WRITERS],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert "count 4 errors []" in result.stdout, result.stdout + result.stderr


def manage_shell(code, **env):
    full = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    full.pop("SENTRY_DSN", None)
    full.update({"DJANGO_SECRET_KEY": "k", **env})
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT, env=full, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


# Compression.


@pytest.mark.django_db
def test_pages_are_sent_compressed_to_browsers_that_accept_it(world):
    plain = Client().get("/practices/")
    response = Client().get("/practices/", headers={"accept-encoding": "gzip, deflate, br"})

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert len(response.content) < len(plain.content) / 3
    assert gzip.decompress(response.content).decode().count("</html>") == 1
    assert "Content-Encoding" not in plain


# Health.


@pytest.mark.django_db
def test_health_answers_200_when_database_and_cache_answer(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_answers_503_naming_the_cache_when_it_is_down(client, settings, caplog):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://:s3cret@127.0.0.1:{port}/0",
        }
    }

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}
    assert "s3cret" not in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert any("cache does not answer" in r.getMessage() for r in caplog.records)


def test_health_answers_503_naming_the_database_when_it_is_down():
    result = manage_shell(
        "from django.test import Client; "
        "r = Client(headers={'host': '127.0.0.1'}).get('/health/'); "
        "print(r.status_code, r.content.decode())",
        DATABASE_URL="postgres://monitor:s3cret@127.0.0.1:1/nowhere",
    )

    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("503 "), result.stdout + result.stderr
    assert '"database": "unavailable"' in last and '"cache": "ok"' in last
    assert "s3cret" not in last


@pytest.mark.django_db
def test_health_refuses_changes(client):
    assert client.post("/health/").status_code == 405


# Logs.


def test_a_log_line_written_during_a_request_carries_time_level_logger_and_request():
    result = manage_shell(
        "import logging; from django.test import Client; "
        "Client(headers={'host': '127.0.0.1'}).post('/health/?token=secret'); "
        "logging.getLogger('cop.example').warning('outside any request')"
    )

    lines = result.stderr.splitlines()
    during = next(line for line in lines if "Method Not Allowed" in line)
    assert re.match(
        r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING django\.request \[POST /health/\] ",
        during,
    ), during
    assert "secret" not in during
    after = next(line for line in lines if "outside any request" in line)
    assert re.match(r"^\d{4}-\d\d-\d\d \S+ WARNING cop\.example \[-\] outside", after), after


# Error tracking.


def test_error_tracking_is_off_without_sentry_dsn():
    result = manage_shell("import sentry_sdk; print(sentry_sdk.get_client().is_active())")

    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_error_tracking_starts_with_a_sentry_dsn_and_sends_no_personal_data():
    result = manage_shell(
        "import sentry_sdk; c = sentry_sdk.get_client(); "
        "print(c.is_active(), c.options['dsn'], c.options['send_default_pii'], "
        "'django' in c.integrations)",
        SENTRY_DSN="https://public@127.0.0.1:9/42",
    )

    assert result.stdout.strip().splitlines()[-1] == (
        "True https://public@127.0.0.1:9/42 False True"
    ), result.stderr


@pytest.mark.parametrize("dsn", ["not-a-dsn", "https://127.0.0.1/42", "ftp://k@host/1"])
def test_a_malformed_sentry_dsn_stops_start_up(dsn):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update({"DJANGO_SECRET_KEY": "k", "SENTRY_DSN": dsn})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert result.returncode != 0
    assert "SENTRY_DSN is not a DSN" in result.stderr


# The admin.


@pytest.mark.django_db
def test_the_admin_carries_the_knowledge_base_name(client):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    sign_in = client.get("/admin/login/").content.decode()
    client.force_login(admin)
    index = client.get("/admin/").content.decode()

    for page in (sign_in, index):
        assert "Django administration" not in page
        assert "GLO.ACT Community of Practice: curators&#x27; admin" in page
    assert "<title>Content, members and tasks | GLO.ACT CoP admin</title>" in index
