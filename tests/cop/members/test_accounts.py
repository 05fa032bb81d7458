"""Accounts: signing in and out, passwords, the account menu, profiles and their permissions."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.template import RequestContext, Template
from django.test import Client
from django.urls import reverse

from cop.members.context_processors import account as account_context
from practices.models import Practice
from tests.factories import MemberFactory, NotificationFactory, PracticeFactory

PASSWORD = "correct horse battery staple"
# Who may open each page of this part, and that state changes take POST with the CSRF token
# only: the site's persona matrix, tests/test_permission_matrix.py.


# Signing in and out.


@pytest.mark.django_db
def test_member_signs_in_with_username_and_lands_on_their_account(client, member):
    response = client.post("/accounts/sign-in/", {"username": "mona", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert client.session["_auth_user_id"] == str(member.pk)


@pytest.mark.django_db
def test_member_signs_in_with_e_mail_address_in_any_case(client, member):
    response = client.post(
        "/accounts/sign-in/", {"username": "MONA@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


@pytest.mark.django_db
def test_member_signs_in_with_username_in_any_case(client, member):
    response = client.post("/accounts/sign-in/", {"username": " Mona ", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


@pytest.mark.django_db
def test_sign_in_returns_to_the_page_asked_for(client, member):
    response = client.post(
        "/accounts/sign-in/?next=/notifications/",
        {"username": "mona", "password": PASSWORD, "next": "/notifications/"},
    )

    assert response["Location"] == "/notifications/"


@pytest.mark.django_db
def test_wrong_password_keeps_the_username_and_ties_the_error_to_the_form(client, member):
    response = client.post("/accounts/sign-in/", {"username": "mona", "password": "nope"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="mona"' in page
    assert 'role="alert"' in page
    assert "do not match an account" in page


@pytest.mark.django_db
def test_inactive_member_cannot_sign_in(client):
    MemberFactory(username="gone", is_active=False)

    client.post("/accounts/sign-in/", {"username": "gone", "password": PASSWORD})

    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_shared_e_mail_address_signs_no_one_in(client):
    MemberFactory(username="twin1", email="twins@example.org")
    MemberFactory(username="twin2", email="twins@example.org")

    client.post("/accounts/sign-in/", {"username": "twins@example.org", "password": PASSWORD})

    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_sign_out_is_a_post_button_that_signs_out(client_as):
    client = client_as("member")
    page = client.get("/account/").content.decode()
    assert re.search(r'<form method="post" action="/accounts/sign-out/"', page)

    response = client.post("/accounts/sign-out/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


# Passwords.


@pytest.mark.django_db
def test_member_changes_password_and_signs_in_with_the_new_one(client_as, member):
    client = client_as("member")
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a new long passphrase 42",
            "new_password2": "a new long passphrase 42",
        },
    )
    assert response["Location"] == "/accounts/password/change/done/"

    fresh = Client()
    fresh.post("/accounts/sign-in/", {"username": "mona", "password": "a new long passphrase 42"})
    assert fresh.session["_auth_user_id"] == str(member.pk)


@pytest.mark.django_db
def test_password_change_errors_are_tied_to_their_field(client_as):
    response = client_as("member").post(
        "/accounts/password/change/",
        {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_old_password_error"' in page
    assert re.search(r'<input[^>]*aria-describedby="id_old_password_error"', page) or re.search(
        r'<input[^>]*aria-describedby="[^"]*id_old_password_error', page
    )


@pytest.mark.django_db
def test_password_reset_e_mails_a_link_that_sets_a_new_password(client, member):
    response = client.post("/accounts/password/reset/", {"email": "MONA@example.org"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mona@example.org"]
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", mail.outbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]

    form_page = client.get(path, follow=True)
    assert "Choose your password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "fresh passphrase 2026", "new_password2": "fresh passphrase 2026"},
    )
    assert done["Location"] == "/accounts/password/reset/done/"

    client.post("/accounts/sign-in/", {"username": "mona", "password": "fresh passphrase 2026"})
    assert client.session["_auth_user_id"] == str(member.pk)


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})

    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


@pytest.mark.django_db
def test_password_reset_reaches_a_new_member_who_has_not_chosen_a_password(client, member):
    member.set_unusable_password()
    member.save()

    client.post("/accounts/password/reset/", {"email": "mona@example.org"})

    assert len(mail.outbox) == 1


# The account menu in the header.


@pytest.mark.django_db
def test_header_offers_sign_in_and_joining_to_visitors(client):
    page = client.get("/join/thanks/").content.decode()

    assert 'href="/accounts/sign-in/' in page
    assert 'href="/join/"' in page
    assert "Sign out" not in page


@pytest.mark.django_db
def test_header_shows_name_profile_unread_count_and_sign_out_to_members(client_as, member):
    NotificationFactory.create_batch(3, recipient=member)
    NotificationFactory(recipient=member, read_at="2026-01-01T00:00:00Z")

    page = client_as("member").get("/join/thanks/").content.decode()

    assert "Mona Member" in page
    assert 'href="/account/"' in page
    assert re.search(
        r'href="/notifications/"[^>]*>Notifications <span class="unread-count">3', page
    )
    assert "Sign out" in page
    assert 'href="/curation/"' not in page


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["coordinator", "admin"])
def test_header_links_coordinators_and_admins_to_curation(client_as, persona):
    page = client_as(persona).get("/join/thanks/").content.decode()

    assert 'href="/curation/">Curation</a>' in page


def _render_nav(request):
    template = Template('{% include "includes/account_nav.html" %}')
    return template.render(RequestContext(request, {}))


@pytest.mark.django_db
def test_account_menu_costs_no_query_for_visitors(rf, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()

    with django_assert_num_queries(0):
        html = _render_nav(request)
    assert "Sign in" in html


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["member", "coordinator", "admin"])
def test_account_menu_costs_one_query_for_signed_in_users(
    rf, personas, persona, django_assert_num_queries
):
    user = get_user_model().objects.get(pk=personas[persona].pk)
    NotificationFactory.create_batch(2, recipient=user)
    request = rf.get("/")
    request.user = user

    with django_assert_num_queries(1):
        html = _render_nav(request)
        # Asking the roles again in the same request costs nothing more.
        from cop.members.roles import is_coordinator, is_member

        is_member(user), is_coordinator(user)
    assert "Sign out" in html
    assert ">2<" in html.replace('<span class="visually-hidden"> unread</span>', "")


def test_account_context_is_empty_for_requests_without_a_user(rf):
    assert account_context(rf.get("/")) == {}


# Profiles and contributions.


@pytest.mark.django_db
def test_member_sees_all_their_contributions_with_status(client_as, member):
    PracticeFactory(title="My published one", author=member)
    PracticeFactory(
        title="My draft", author=member, status=Practice.Status.DRAFT, published_at=None
    )

    page = client_as("member").get("/account/").content.decode()

    assert "My published one" in page
    assert "My draft" in page
    assert "Draft" in page


@pytest.mark.django_db
@pytest.mark.parametrize("persona, sees_draft", [("other_member", False), ("coordinator", True)])
def test_others_see_published_contributions_and_coordinators_all(
    client_as, member, persona, sees_draft
):
    PracticeFactory(title="Her published one", author=member)
    PracticeFactory(
        title="Her draft", author=member, status=Practice.Status.DRAFT, published_at=None
    )

    page = client_as(persona).get("/members/mona/").content.decode()

    assert "Her published one" in page
    assert ('href="/practices/' in page) is True
    assert ("Her draft" in page) is sees_draft


@pytest.mark.django_db
def test_member_e_mail_is_shown_to_themself_and_coordinators_only(client_as):
    assert (
        "mona@example.org" not in client_as("other_member").get("/members/mona/").content.decode()
    )
    assert "mona@example.org" in client_as("coordinator").get("/members/mona/").content.decode()
    assert "mona@example.org" in client_as("member").get("/account/").content.decode()


@pytest.mark.django_db
def test_member_switches_to_a_daily_digest(client_as, member):
    response = client_as("member").post("/account/preferences/", {"email_preference": "daily"})

    assert response["Location"] == "/account/"
    member.profile.refresh_from_db()
    assert member.profile.email_preference == "daily"


@pytest.mark.django_db
def test_preference_form_refuses_an_unknown_choice(client_as, member):
    response = client_as("member").post("/account/preferences/", {"email_preference": "hourly"})

    assert response.status_code == 400
    member.profile.refresh_from_db()
    assert member.profile.email_preference == "immediate"


@pytest.mark.django_db
def test_admin_without_a_profile_can_save_a_preference(client_as, admin_user):
    response = client_as("admin").post("/account/preferences/", {"email_preference": "daily"})

    assert response.status_code == 302
    assert admin_user.profile.email_preference == "daily"


@pytest.mark.django_db
def test_profile_page_queries_stay_constant(client_as, member, django_assert_max_num_queries):
    client = client_as("coordinator")
    PracticeFactory.create_batch(2, author=member)
    with django_assert_max_num_queries(5):
        client.get("/members/mona/")
    PracticeFactory.create_batch(20, author=member)
    with django_assert_max_num_queries(5):
        assert client.get("/members/mona/").status_code == 200


def test_account_urls_have_names():
    assert reverse("accounts:login") == "/accounts/sign-in/"
    assert reverse("accounts:logout") == "/accounts/sign-out/"
    assert reverse("accounts:member", args=["mona"]) == "/members/mona/"
