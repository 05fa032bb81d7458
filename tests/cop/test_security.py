"""Security as a browser and an operator meet it: the Content Security Policy, cookies scripts
cannot read, the deploy checks. Sign-in lockouts and the roles are tested in tests/cop/members/."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent.parent


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


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_not_readable_by_scripts(client, member):
    form = client.get(reverse("accounts:login"))
    signed_in = client.post(
        reverse("accounts:login"),
        {"username": member.username, "password": "correct horse battery staple"},
    )

    csrf_cookie = form.cookies[settings.CSRF_COOKIE_NAME]
    session_cookie = signed_in.cookies[settings.SESSION_COOKIE_NAME]
    assert csrf_cookie.value and csrf_cookie["httponly"] is True
    assert session_cookie.value and session_cookie["httponly"] is True


@pytest.mark.django_db
def test_client_address_behind_a_proxy_is_the_one_the_proxy_saw(rf, settings):
    from cop.ratelimit import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.1")

    settings.PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"
