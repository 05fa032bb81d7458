"""Signing in: five guesses per account, whatever its spelling, then a pause of fifteen minutes;
and a pause for one address that tries many accounts (cop/members/auth_backends.py)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

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


@pytest.mark.django_db
def test_lockout_still_holds_fourteen_minutes_later(client, member):
    from axes.models import AccessAttempt

    for _ in range(5):
        _wrong_password(client, member.username)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))

    response = client.post(
        LOGIN, {"username": member.username, "password": "correct horse battery staple"}
    )

    assert response.status_code == 429
    assert "Please wait 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session
