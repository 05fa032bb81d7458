"""Security settings: sign-in lockout, Content Security Policy, deploy checks, the roles."""

import importlib
import os
import secrets
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent.parent
LOGIN = "/accounts/sign-in/"


def _wrong_password(client, username):
    return client.post(LOGIN, {"username": username, "password": "not-the-password"})


@pytest.mark.django_db
def test_five_wrong_passwords_lock_sign_in_with_a_clear_message(client, member):
    for _ in range(4):
        response = _wrong_password(client, member.username)
        assert response.status_code == 200
        assert "do not match an account" in response.content.decode()

    response = _wrong_password(client, member.username)

    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many attempts to sign in" in page
    assert "Please wait 15 minutes" in page
    assert reverse("accounts:password_reset") in page
    assert '<link rel="stylesheet"' in page  # in the site's layout


@pytest.mark.django_db
def test_locked_out_member_cannot_sign_in_even_with_the_right_password(client, member):
    for _ in range(5):
        _wrong_password(client, member.username)

    response = client.post(
        LOGIN, {"username": member.username, "password": "correct horse battery staple"}
    )

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_ends_after_fifteen_minutes(client, member):
    from axes.models import AccessAttempt

    for _ in range(5):
        _wrong_password(client, member.username)
    # Move the failures 16 minutes into the past, as if the member waited.
    from django.utils import timezone

    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME * 1.1)

    response = client.post(
        LOGIN, {"username": member.username, "password": "correct horse battery staple"}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


@pytest.mark.django_db
def test_a_successful_sign_in_resets_the_failure_count(client, member):
    for _ in range(4):
        _wrong_password(client, member.username)
    client.post(LOGIN, {"username": member.username, "password": "correct horse battery staple"})
    client.post(reverse("accounts:logout"))

    for _ in range(4):
        response = _wrong_password(client, member.username)

    assert response.status_code == 200


@pytest.mark.django_db
def test_another_member_is_not_locked_out_by_someone_elses_failures(client, member, other_member):
    for _ in range(5):
        _wrong_password(client, member.username)

    response = client.post(
        LOGIN, {"username": other_member.username, "password": "correct horse battery staple"}
    )

    assert response.status_code == 302


SPELLINGS = ["mona", "MONA", "mona@example.org", "MONA@EXAMPLE.ORG", "Mona@Example.org"]


@pytest.mark.django_db
def test_every_spelling_of_an_account_counts_against_the_same_five_guesses(client, member):
    for spelling in SPELLINGS[:4]:
        assert _wrong_password(client, spelling).status_code == 200

    response = _wrong_password(client, SPELLINGS[4])

    assert response.status_code == 429
    assert "signing in to this account from your connection is paused" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("spelling", ["Mona", "MONA@EXAMPLE.ORG", " mona@example.org "])
def test_right_password_in_a_fresh_spelling_is_refused_during_the_lockout(client, member, spelling):
    for _ in range(5):
        _wrong_password(client, "mona@example.org")

    response = client.post(
        LOGIN, {"username": spelling, "password": "correct horse battery staple"}
    )

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_unknown_names_count_under_one_spelling_too(client):
    for spelling in [
        "ghost@example.org",
        "GHOST@example.org",
        "Ghost@Example.org",
        "gHost@example.org",
    ]:
        assert _wrong_password(client, spelling).status_code == 200

    assert _wrong_password(client, "GHOST@EXAMPLE.ORG").status_code == 429


def _try_accounts(client, names, address):
    return [
        client.post(
            LOGIN, {"username": name, "password": "not-the-password"}, REMOTE_ADDR=address
        ).status_code
        for name in names
    ]


@pytest.mark.django_db
def test_one_address_trying_many_accounts_is_paused_with_a_clear_message(client, member):
    limit = settings.COP_SIGN_IN_ACCOUNTS_PER_ADDRESS
    names = [f"guess{n}@example.org" for n in range(30)]

    statuses = _try_accounts(client, names, "203.0.113.9")

    assert statuses[: limit - 1] == [200] * (limit - 1)
    assert statuses[limit - 1 :] == [429] * (30 - limit + 1)
    # Even the right password of a real account is refused from that address for now...
    response = client.post(
        LOGIN,
        {"username": "mona", "password": "correct horse battery staple"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in failed for many different accounts from your connection" in page
    assert "Please wait 15 minutes" in page
    assert "_auth_user_id" not in client.session
    # ...while the member signs in from anywhere else.
    response = client.post(
        LOGIN,
        {"username": "mona", "password": "correct horse battery staple"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_colleagues_mistyping_behind_one_address_are_not_paused(client, member):
    colleagues = [f"colleague{n}@example.org" for n in range(5)]
    for _ in range(2):
        assert _try_accounts(client, colleagues, "203.0.113.20") == [200] * 5
    for _ in range(4):
        assert _try_accounts(client, ["mona"], "203.0.113.20") == [200]

    response = client.post(
        LOGIN,
        {"username": "Mona@example.org", "password": "correct horse battery staple"},
        REMOTE_ADDR="203.0.113.20",
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_lockout_settings_are_five_failures_for_fifteen_minutes():
    from datetime import timedelta

    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_RESET_ON_SUCCESS is True
    assert settings.AXES_LOCKOUT_TEMPLATE == "registration/locked_out.html"


@pytest.mark.django_db
def test_every_page_sends_a_self_only_content_security_policy(client):
    response = client.get("/join/")

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


@pytest.mark.django_db
def test_pages_use_no_inline_script_or_style(client_as):
    client = client_as("coordinator")
    for url in ["/join/", "/account/", "/notifications/", "/curation/applications/"]:
        page = client.get(url).content.decode()
        assert "<script>" not in page and " style=" not in page and "<style" not in page, url


def _manage(args, env_overrides, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}", **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = _manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_HTTPS": "1",
            "DJANGO_ALLOWED_HOSTS": "cop.example.org",
        },
        tmp_path,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_without_https(tmp_path):
    result = _manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": "cop.example.org"},
        tmp_path,
    )

    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "env, variable",
    [
        ({"DJANGO_SITE_URL": "cop.example.org"}, "DJANGO_SITE_URL"),
        ({"DJANGO_PROXY_COUNT": "two"}, "DJANGO_PROXY_COUNT"),
        ({"DJANGO_PROXY_COUNT": "-1"}, "DJANGO_PROXY_COUNT"),
    ],
)
def test_bad_account_settings_stop_start_up_naming_the_variable(tmp_path, env, variable):
    result = _manage(["check"], {"DJANGO_SECRET_KEY": "k", **env}, tmp_path)

    assert result.returncode != 0
    assert variable in result.stderr


def test_links_in_e_mails_use_the_first_allowed_host_over_https_in_production(tmp_path):
    result = _manage(
        ["shell", "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        {
            "DJANGO_SECRET_KEY": "k",
            "DJANGO_HTTPS": "1",
            "DJANGO_ALLOWED_HOSTS": ".example.org,cop.example.org",
        },
        tmp_path,
    )

    assert result.stdout.strip().splitlines()[-1] == "https://example.org"


def test_session_and_csrf_cookies_are_not_readable_by_scripts():
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.CSRF_COOKIE_HTTPONLY is True


def _run_roles_migration():
    roles_migration = importlib.import_module("cop.migrations.0003_roles")
    roles_migration.create_roles(apps, SimpleNamespace(connection=connection))


@pytest.mark.django_db
def test_roles_migration_works_on_a_fresh_database_and_twice():
    # As on a fresh database: no groups, and no permissions yet (post_migrate has not run).
    Group.objects.all().delete()
    Permission.objects.filter(
        codename__in=["add_practice", "change_practice", "view_practice"]
    ).delete()

    _run_roles_migration()
    _run_roles_migration()

    member = Group.objects.get(name="Member")
    coordinator = Group.objects.get(name="Coordinator")
    assert {p.codename for p in member.permissions.all()} == {"add_practice"}
    assert {f"{p.content_type.app_label}.{p.codename}" for p in coordinator.permissions.all()} >= {
        "practices.add_practice",
        "practices.change_practice",
        "practices.view_practice",
        "cop.view_membershipapplication",
        "cop.change_membershipapplication",
    }
    assert Permission.objects.filter(codename="add_practice").count() == 1


@pytest.mark.django_db
def test_members_and_coordinators_get_their_groups_permissions(member, coordinator):
    assert member.has_perm("practices.add_practice")
    assert not member.has_perm("practices.change_practice")
    assert coordinator.has_perm("practices.change_practice")
    assert coordinator.has_perm("cop.change_membershipapplication")


@pytest.mark.django_db
def test_client_address_behind_a_proxy_is_the_one_the_proxy_saw(rf, settings):
    from cop.ratelimit import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.1")

    settings.PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"
