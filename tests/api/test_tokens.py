"""Members create and revoke their API tokens on their account page (POST with CSRF only)."""

import re

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from practices.api.models import ApiToken
from practices.api.tokens import MAX_ACTIVE_PER_MEMBER, create_token
from tests.api import api_url

pytestmark = pytest.mark.django_db


def test_a_member_creates_a_token_and_sees_it_once(client_as, member):
    client = client_as("member")
    account = client.get(reverse("accounts:account"))
    assert "API tokens" in account.content.decode()
    response = client.post(reverse("api_tokens:create"), {"name": "Ministry mirror"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = re.search(r'value="(glo_[^"]+)"', response.content.decode())[1]
    token = ApiToken.objects.get(user=member)
    assert token.name == "Ministry mirror"
    again = client.get(reverse("accounts:account")).content.decode()
    assert "Ministry mirror" in again and token.prefix in again and raw not in again
    api = Client(headers={"authorization": f"Bearer {raw}"}).get(api_url("practice_list"))
    assert api.status_code == 200


def test_a_token_without_a_name_is_refused_and_explained(client_as):
    response = client_as("member").post(reverse("api_tokens:create"), {"name": "  "})
    assert response.status_code == 400
    assert "Give the token a name" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_member_has_at_most_ten_tokens(client_as, member):
    for n in range(MAX_ACTIVE_PER_MEMBER):
        create_token(user=member, name=f"Token {n}")
    response = client_as("member").post(reverse("api_tokens:create"), {"name": "One more"})
    assert response.status_code == 400
    assert "revoke one" in response.content.decode()
    assert ApiToken.objects.filter(user=member).count() == MAX_ACTIVE_PER_MEMBER


def test_a_member_revokes_a_token(client_as, member):
    token, raw = create_token(user=member, name="Old script")
    response = client_as("member").post(reverse("api_tokens:revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 302
    assert response.url == reverse("accounts:account") + "#api-tokens"
    token.refresh_from_db()
    assert token.revoked_at is not None
    api = Client(headers={"authorization": f"Bearer {raw}"}).get(api_url("practice_list"))
    assert api.status_code == 401


def test_nobody_revokes_another_members_token(client_as, member):
    token, _raw = create_token(user=member, name="Mine")
    for persona in ["other_member", "coordinator", "admin"]:
        response = client_as(persona).post(reverse("api_tokens:revoke", kwargs={"pk": token.pk}))
        assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_signed_out_visitors_are_sent_to_sign_in(client_as, member):
    token, _raw = create_token(user=member, name="Mine")
    for url in [
        reverse("api_tokens:create"),
        reverse("api_tokens:revoke", kwargs={"pk": token.pk}),
    ]:
        response = client_as("anonymous").post(url, {"name": "x"})
        assert response.status_code == 302 and response.url.startswith(
            resolve_url(settings.LOGIN_URL)
        )
    assert ApiToken.objects.count() == 1 and ApiToken.objects.get().revoked_at is None


def token_url(name, token):
    return reverse(name, kwargs={"pk": token.pk} if name == "api_tokens:revoke" else None)


@pytest.mark.parametrize("name", ["api_tokens:create", "api_tokens:revoke"])
def test_token_urls_refuse_get(name, client_as, member):
    token, _raw = create_token(user=member, name="Mine")
    response = client_as("member").get(token_url(name, token))
    assert response.status_code == 405
    token.refresh_from_db()
    assert ApiToken.objects.count() == 1 and token.revoked_at is None


@pytest.mark.parametrize("name", ["api_tokens:create", "api_tokens:revoke"])
def test_token_urls_require_the_csrf_token(name, client_as, member):
    token, _raw = create_token(user=member, name="Mine")
    client = client_as("member", enforce_csrf_checks=True)
    response = client.post(token_url(name, token), {"name": "Sneaky"})
    assert response.status_code == 403
    token.refresh_from_db()
    assert ApiToken.objects.count() == 1 and token.revoked_at is None


def test_the_account_page_form_posts_with_its_csrf_token(client_as):
    client = client_as("member", enforce_csrf_checks=True)
    page = client.get(reverse("accounts:account")).content.decode()
    section = page[page.index('id="api-tokens"') :]
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', section)[1]
    response = client.post(
        reverse("api_tokens:create"), {"name": "Mirror", "csrfmiddlewaretoken": csrf}
    )
    assert response.status_code == 200
    assert ApiToken.objects.filter(name="Mirror").exists()


def test_an_admin_revokes_a_members_token(client_as, member):
    token, raw = create_token(user=member, name="Leaked")
    response = client_as("admin").post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert (
        Client(headers={"authorization": f"Bearer {raw}"}).get(api_url("index")).status_code == 401
    )


def test_a_too_long_token_name_is_refused_like_any_other_field(client_as):
    client = client_as("member")
    html = client.get(reverse("accounts:account")).content.decode()
    assert "At most 100 characters." in html
    response = client.post(reverse("api_tokens:create"), {"name": "n" * 500})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Shorten this to at most 100 characters: it has 500." in page
    assert "n" * 500 in page  # what was typed is still in the field
