"""Joining: the application, the coordinators' decision, and the new member's first sign-in."""

import re
import zlib

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from cop.members import membership
from cop.members.models import MembershipApplication, Notification
from cop.members.roles import is_member
from tests.factories import ApplicationFactory, CountryFactory, MemberFactory
from tests.personas import COORDINATING, PERSONAS, SIGNED_OUT


def _form(**overrides):
    data = {
        "full_name": "Nadia Newcomer",
        "email": "nadia@example.org",
        "organisation": "Office of the Prosecutor",
        "role": "Senior prosecutor",
        "country": "",
        "country_other": "Atlantis",
        "motivation": "I prosecute trafficking cases and want to share what worked.",
    }
    data.update(overrides)
    return data


def _is_login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


# Who may open the join form and the applications, and that decisions take POST with the CSRF
# token only: the site's persona matrix, tests/test_permission_matrix.py. What a decision does:


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", ["approve", "decline"])
def test_only_coordinators_and_admins_decide(client_as, applicant, persona, action):
    response = client_as(persona).post(
        reverse(f"curation:application_{action}", kwargs={"pk": applicant.pk}),
        {"reason": "Not a practitioner."},
    )

    applicant.refresh_from_db()
    if persona in SIGNED_OUT:
        assert _is_login_redirect(response)
    elif persona in COORDINATING:
        assert response.status_code == 302
        assert applicant.status == ("approved" if action == "approve" else "declined")
        return
    else:
        assert response.status_code == 403
    assert applicant.status == "pending"


@pytest.mark.django_db
def test_unknown_application_is_not_found(client_as):
    assert client_as("coordinator").get("/curation/applications/999999/").status_code == 404


# The whole journey.


@pytest.mark.django_db
def test_applicant_is_approved_and_signs_in_with_the_password_they_choose(
    client, coordinator, admin_user, django_capture_on_commit_callbacks
):
    country = CountryFactory(name="Kyrgyzstan")

    # 1. The applicant applies.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/join/", _form(country=country.pk, country_other=""))
    assert response["Location"] == "/join/thanks/"
    thanks = client.get("/join/thanks/").content.decode()
    assert "your application is received" in thanks
    assert "nadia@example.org" in thanks
    application = MembershipApplication.objects.get()
    assert application.status == "pending"

    # 2. Coordinators (and admins) are e-mailed and notified in the app; the applicant is told
    # the application is received.
    to_coordinators = [m for m in mail.outbox if m.to != ["nadia@example.org"]]
    assert sorted(m.to[0] for m in to_coordinators) == sorted([coordinator.email, admin_user.email])
    assert "Nadia Newcomer" in to_coordinators[0].subject
    assert f"/curation/applications/{application.pk}/" in to_coordinators[0].body
    (received,) = [m for m in mail.outbox if m.to == ["nadia@example.org"]]
    assert "is received" in received.subject
    assert Notification.objects.filter(recipient=coordinator, kind="application_received").exists()
    mail.outbox.clear()

    # 3. A coordinator approves.
    reviewer = Client()
    reviewer.force_login(coordinator)
    assert "Nadia Newcomer" in reviewer.get("/curation/applications/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer.post(
            f"/curation/applications/{application.pk}/approve/", {"message": "Welcome!"}
        )
    assert response["Location"] == "/curation/applications/"

    # 4. The account exists, active, in the group Member, with a profile.
    user = get_user_model().objects.get(email="nadia@example.org")
    assert user.is_active
    assert is_member(user)
    assert list(user.groups.values_list("name", flat=True)) == ["Member"]
    assert not user.has_usable_password()
    assert user.profile.organisation == "Office of the Prosecutor"
    assert user.profile.country == country
    assert user.profile.role == "Senior prosecutor"
    application.refresh_from_db()
    assert application.status == "approved"
    assert application.decided_by == coordinator
    assert application.decided_at is not None
    assert application.user == user

    # 5. The new member is e-mailed a link to choose a password, and it works.
    assert len(mail.outbox) == 1
    welcome = mail.outbox[0]
    assert welcome.to == ["nadia@example.org"]
    assert user.username in welcome.body
    link = re.search(r"http://\S+/accounts/password/reset/\S+/", welcome.body).group(0)
    path = "/" + link.split("/", 3)[3]
    newcomer = Client()
    form_page = newcomer.get(path, follow=True)
    assert "Choose your password" in form_page.content.decode()
    response = newcomer.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "my chosen passphrase 7", "new_password2": "my chosen passphrase 7"},
    )
    assert response["Location"] == "/accounts/password/reset/done/"

    # 6. They sign in with it (through the real sign-in page, with axes on).
    response = newcomer.post(
        "/accounts/sign-in/",
        {"username": "nadia@example.org", "password": "my chosen passphrase 7"},
    )
    assert response.status_code == 302
    assert newcomer.session["_auth_user_id"] == str(user.pk)

    # The link works once.
    assert "no longer works" in Client().get(path, follow=True).content.decode()


@pytest.mark.django_db
def test_declined_applicant_is_e_mailed_the_reason(
    client_as, applicant, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("coordinator").post(
            f"/curation/applications/{applicant.pk}/decline/",
            {"reason": "Please apply with your work e-mail address."},
        )

    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.status == "declined"
    assert applicant.applicant_message == "Please apply with your work e-mail address."
    assert applicant.decided_by == coordinator
    assert not get_user_model().objects.filter(email=applicant.email).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["adel@example.org"]
    assert "Please apply with your work e-mail address." in mail.outbox[0].body


@pytest.mark.django_db
def test_decline_without_a_reason_is_refused_and_says_why(client_as, applicant):
    response = client_as("coordinator").post(
        f"/curation/applications/{applicant.pk}/decline/", {"reason": "   "}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Write the reason" in page
    assert 'id="decline_reason_error"' in page
    applicant.refresh_from_db()
    assert applicant.status == "pending"
    assert mail.outbox == []


@pytest.mark.django_db
def test_deciding_twice_changes_nothing_and_says_so(client_as, applicant):
    client = client_as("coordinator")
    client.post(f"/curation/applications/{applicant.pk}/decline/", {"reason": "No."})

    response = client.post(f"/curation/applications/{applicant.pk}/approve/", follow=True)

    assert "already declined" in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.status == "declined"
    assert not get_user_model().objects.filter(email=applicant.email).exists()


@pytest.mark.django_db
def test_application_list_shows_pending_oldest_first_with_counts(client_as):
    ApplicationFactory(full_name="First In")
    ApplicationFactory(full_name="Second In")
    ApplicationFactory(
        full_name="Already Declined",
        status="declined",
        applicant_message="No.",
        decided_at="2026-01-01T00:00:00Z",
    )

    page = client_as("coordinator").get("/curation/applications/").content.decode()

    assert page.index("First In") < page.index("Second In")
    assert "Already Declined" not in page
    # Two, and the persona applicant who applied first.
    assert re.search(r"Pending <span class=\"count\">\(3\)", page)
    assert re.search(r"Declined <span class=\"count\">\(1\)", page)


@pytest.mark.django_db
def test_application_list_queries_stay_constant(client_as, django_assert_max_num_queries):
    client = client_as("coordinator")
    ApplicationFactory.create_batch(2)
    with django_assert_max_num_queries(7):
        client.get("/curation/applications/")
    ApplicationFactory.create_batch(30)
    with django_assert_max_num_queries(7):
        assert client.get("/curation/applications/").status_code == 200


# What the applicant is sent, and what stays with the coordinators.


@pytest.mark.django_db
def test_internal_note_on_approval_is_never_e_mailed_to_the_new_member(
    client_as, applicant, django_capture_on_commit_callbacks
):
    client = client_as("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/curation/applications/{applicant.pk}/approve/",
            {"internal_note": "Checked with the Lima office: genuine prosecutor."},
        )

    welcome = mail.outbox[-1]
    assert welcome.to == ["adel@example.org"]
    assert "Lima office" not in welcome.body
    assert "from the coordinator" not in welcome.body
    applicant.refresh_from_db()
    assert applicant.decision_comment == "Checked with the Lima office: genuine prosecutor."
    assert applicant.applicant_message == ""
    page = client.get(f"/curation/applications/{applicant.pk}/").content.decode()
    assert "Internal note (coordinators only)" in page
    assert "Lima office" in page


@pytest.mark.django_db
def test_message_to_the_applicant_is_e_mailed_and_the_internal_note_is_not(
    client_as, applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_as("coordinator").post(
            f"/curation/applications/{applicant.pk}/approve/",
            {"message": "Welcome to the network!", "internal_note": "Vouched for by Ana."},
        )

    welcome = mail.outbox[-1]
    assert "A message from the coordinator:\nWelcome to the network!" in welcome.body
    assert "Vouched for by Ana" not in welcome.body


@pytest.mark.django_db
def test_decline_sends_the_reason_and_keeps_the_internal_note(
    client_as, applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_as("coordinator").post(
            f"/curation/applications/{applicant.pk}/decline/",
            {"reason": "Please apply with your work address.", "internal_note": "Looks like spam."},
        )

    assert len(mail.outbox) == 1
    assert "Please apply with your work address." in mail.outbox[0].body
    assert "spam" not in mail.outbox[0].body
    applicant.refresh_from_db()
    assert applicant.applicant_message == "Please apply with your work address."
    assert applicant.decision_comment == "Looks like spam."


@pytest.mark.django_db
def test_decision_forms_say_which_text_is_e_mailed_and_which_stays_internal(client_as, applicant):
    page = client_as("coordinator").get(f"/curation/applications/{applicant.pk}/").content.decode()

    assert "Message to the applicant (optional) — sent by e-mail" in page
    assert "Reason for declining — sent to the applicant by e-mail" in page
    assert page.count("never sent to the applicant") == 2
    assert "kept with the application)" not in page


@pytest.mark.django_db(transaction=True)
def test_upgrade_keeps_approval_notes_internal_and_decline_reasons_as_sent():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    before = [("cop", "0003_roles")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("cop", "MembershipApplication")
    fields = {"organisation": "Police", "role": "Investigator", "motivation": "To learn."}
    old.objects.create(
        full_name="Declined Person",
        email="declined@example.org",
        status="declined",
        decision_comment="Please apply with your work address.",
        decided_at=timezone.now(),
        **fields,
    )
    old.objects.create(
        full_name="Approved Person",
        email="approved@example.org",
        status="approved",
        decision_comment="Vouched for by Ana.",
        decided_at=timezone.now(),
        **fields,
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("cop"))

    declined = MembershipApplication.objects.get(email="declined@example.org")
    assert declined.applicant_message == "Please apply with your work address."
    assert declined.decision_comment == ""
    approved = MembershipApplication.objects.get(email="approved@example.org")
    assert approved.decision_comment == "Vouched for by Ana."
    assert approved.applicant_message == ""


# Refusals on the form.


def _apply(address, **overrides):
    """Apply from a fresh connection; the page answered, and the thank-you page read after."""
    client = Client(REMOTE_ADDR=f"198.51.100.{zlib.crc32(address.encode()) % 250 + 1}")
    response = client.post("/join/", _form(email=address, **overrides))
    thanks = client.get(response["Location"]) if response.status_code == 302 else None
    return response, thanks


def _page_without(response, address):
    # The thank-you page repeats the address typed; the rest must be the same for everyone.
    return response.content.decode().replace(address, "ADDRESS")


@pytest.mark.django_db
def test_join_answers_new_address_account_and_waiting_applicant_alike(
    member, applicant, django_capture_on_commit_callbacks
):
    answers = {}
    with django_capture_on_commit_callbacks(execute=True):
        for case, address in [
            ("new", "nadia@example.org"),
            ("account", "MONA@example.org"),
            ("waiting", "Adel@Example.org"),
        ]:
            response, thanks = _apply(address)
            answers[case] = (
                response.status_code,
                response["Location"],
                response.content,
                thanks.status_code,
                _page_without(thanks, address),
            )

    assert answers["new"][:2] == (302, "/join/thanks/")
    assert answers["new"] == answers["account"] == answers["waiting"]
    assert "already" not in answers["account"][4]


@pytest.mark.django_db
def test_applying_with_the_address_of_an_account_e_mails_its_owner_and_stores_nothing(
    member, django_capture_on_commit_callbacks
):
    before = (member.password, member.last_login)
    with django_capture_on_commit_callbacks(execute=True):
        _apply("MONA@Example.org", full_name="Someone Else")

    assert not MembershipApplication.objects.exists()
    assert not Notification.objects.exists()
    member.refresh_from_db()
    assert (member.password, member.last_login) == before
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert "Someone asked to join" in message.subject
    assert "If it was you, sign in at http://" in message.body
    assert "/accounts/sign-in/" in message.body
    assert "/accounts/password/reset/" in message.body
    assert "  mona\n" in message.body


@pytest.mark.django_db
def test_applying_again_while_waiting_e_mails_the_applicant_and_stores_nothing(
    applicant, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _apply("ADEL@example.org", full_name="Adel Again")

    assert list(MembershipApplication.objects.values_list("full_name", flat=True)) == [
        "Adel Applicant"
    ]
    assert not Notification.objects.exists()
    (message,) = mail.outbox
    assert message.to == ["adel@example.org"]
    assert "still waiting for a coordinator" in message.body
    assert "You do not need to apply again" in message.body


@pytest.mark.django_db
def test_a_second_identical_application_racing_the_first_stores_nothing(applicant, monkeypatch):
    # As if the first of two clicks was saved just after the second looked.
    real, first_look = membership._already_known, [False]
    monkeypatch.setattr(
        membership, "_already_known", lambda email: first_look.pop() if first_look else real(email)
    )

    result = membership.submit_application(**_form(email="adel@example.org", country=None))

    assert result is None
    assert MembershipApplication.objects.count() == 1


@pytest.mark.django_db
def test_new_applicant_is_e_mailed_that_the_application_is_received(
    coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _apply("nadia@example.org")

    (received,) = [m for m in mail.outbox if m.to == ["nadia@example.org"]]
    assert "Thank you for applying" in received.body
    assert MembershipApplication.objects.get().email == "nadia@example.org"
    assert Notification.objects.filter(recipient=coordinator).count() == 1


@pytest.mark.django_db
def test_declined_applicant_may_apply_again(client, applicant, coordinator):
    membership.decline_application(application=applicant, coordinator=coordinator, reason="No.")

    response = client.post("/join/", _form(email=applicant.email))

    assert response.status_code == 302
    assert MembershipApplication.objects.filter(email=applicant.email).count() == 2


@pytest.mark.django_db
def test_database_refuses_two_pending_applications_for_one_address(applicant):
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(email="Adel@Example.org")


@pytest.mark.django_db
def test_application_needs_a_country_from_the_list_or_typed(client):
    response = client.post("/join/", _form(country="", country_other=""))

    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose your country from the list" in page
    assert 'aria-describedby="id_country_helptext id_country_error"' in page


@pytest.mark.django_db
def test_form_keeps_what_was_typed_on_error(client):
    response = client.post("/join/", _form(email="not-an-address"))

    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="Nadia Newcomer"' in page
    assert "I prosecute trafficking cases" in page
    assert 'value="not-an-address"' in page


@pytest.mark.django_db
def test_application_form_states_its_length_limits_and_lets_pasted_text_through(client):
    page = client.get("/join/").content.decode()

    for limit in ["200", "250", "100", "3,000"]:
        assert f"At most {limit} characters." in page
    # No maxlength: a browser would silently cut a pasted answer at the limit.
    form = page[page.index('action="/join/"') :]
    assert "maxlength" not in form[: form.index("</form>")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, limit", [("full_name", 200), ("organisation", 250), ("motivation", 3000)]
)
def test_too_long_an_answer_is_refused_with_how_to_fix_it_keeping_the_text(client, field, limit):
    typed = "Long answer " + "x" * limit

    response = client.post("/join/", _form(**{field: typed}))

    page = response.content.decode()
    assert response.status_code == 400
    assert f"Shorten this to at most {limit} characters: it has {len(typed)}." in page
    assert typed in page
    assert not MembershipApplication.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "action, field", [("approve", "message"), ("approve", "internal_note"), ("decline", "reason")]
)
def test_decision_text_states_its_limit_and_too_long_text_is_kept(
    client_as, applicant, action, field
):
    typed = "Please " + "y" * 2000
    data = {"reason": "No."} if action == "decline" else {}

    response = client_as("coordinator").post(
        f"/curation/applications/{applicant.pk}/{action}/", {**data, field: typed}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "At most 2,000 characters." in page
    assert f"Shorten this to at most 2000 characters: it has {len(typed)}." in page
    assert typed in page
    applicant.refresh_from_db()
    assert applicant.status == "pending"


def test_the_model_refuses_a_motivation_longer_than_the_form_allows():
    application = MembershipApplication(motivation="z" * 3001)

    with pytest.raises(ValidationError) as error:
        application.clean_fields(exclude=["full_name", "email", "organisation", "role"])

    assert "motivation" in error.value.message_dict


# Rate limit.


@pytest.mark.django_db
def test_fourth_application_in_an_hour_from_one_address_is_refused_keeping_the_form(client):
    for n in range(3):
        assert client.post("/join/", _form(email=f"person{n}@example.org")).status_code == 302

    response = client.post("/join/", _form(email="person4@example.org", full_name="Fourth Person"))

    page = response.content.decode()
    assert response.status_code == 429
    assert "Please wait before applying again" in page
    assert 'value="Fourth Person"' in page
    assert 'value="person4@example.org"' in page
    assert "I prosecute trafficking cases" in page
    assert MembershipApplication.objects.count() == 3


@pytest.mark.django_db
def test_rate_limit_is_per_client_address(client):
    for n in range(3):
        client.post("/join/", _form(email=f"person{n}@example.org"), REMOTE_ADDR="192.0.2.1")

    response = client.post("/join/", _form(email="p@example.org"), REMOTE_ADDR="192.0.2.2")

    assert response.status_code == 302


@pytest.mark.django_db
def test_typing_mistakes_do_not_count_towards_the_limit(client):
    for _ in range(5):
        client.post("/join/", _form(email="oops"))

    assert client.post("/join/", _form()).status_code == 302


@pytest.mark.django_db
def test_applying_with_addresses_of_accounts_counts_towards_the_limit(client, member):
    for _ in range(3):
        client.post("/join/", _form(email=member.email))

    assert client.post("/join/", _form()).status_code == 429


# The services, called directly.


@pytest.mark.django_db
def test_only_a_coordinator_can_approve(applicant, member):
    with pytest.raises(PermissionDenied):
        membership.approve_application(application=applicant, coordinator=member)


@pytest.mark.django_db
def test_approval_refuses_an_address_that_got_an_account_meanwhile(applicant, coordinator):
    MemberFactory(username="adel", email="Adel@example.org")

    with pytest.raises(ValidationError) as error:
        membership.approve_application(application=applicant, coordinator=coordinator)

    assert error.value.code == "account_exists"
    applicant.refresh_from_db()
    assert applicant.status == "pending"


@pytest.mark.django_db
def test_usernames_are_readable_and_unique(coordinator):
    first = ApplicationFactory(full_name="Li Wei", email="li1@example.org")
    second = ApplicationFactory(full_name="Li Wei", email="li2@example.org")
    third = ApplicationFactory(full_name="محمد", email="m@example.org")

    users = [
        membership.approve_application(application=a, coordinator=coordinator)
        for a in (first, second, third)
    ]

    assert [u.username for u in users] == ["li-wei", "li-wei-2", "محمد"]
    assert (users[0].first_name, users[0].last_name) == ("Li", "Wei")
