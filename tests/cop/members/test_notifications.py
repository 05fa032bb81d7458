"""Notifications: the service, the in-app list, marking read, and the daily digest."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cop.members.models import Notification
from cop.members.notifications import notify, notify_coordinators, send_digests
from tests.factories import MemberFactory, NotificationFactory
from tests.personas import PERSONAS, SIGNED_OUT


def _is_login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


def _set_daily(user):
    user.profile.email_preference = "daily"
    user.profile.save()


# The service.


@pytest.mark.django_db
def test_notify_stores_one_notification_each_and_e_mails_those_who_want_it_now(
    member, other_member, django_capture_on_commit_callbacks
):
    _set_daily(other_member)

    with django_capture_on_commit_callbacks(execute=True):
        created = notify(
            recipients=[member, other_member, member],
            subject="Your practice was published",
            message="Thank you for sharing it.",
            url="/practices/some-practice/",
            kind="practice_published",
        )

    assert len(created) == 2
    assert Notification.objects.filter(recipient=member).count() == 1
    assert Notification.objects.filter(recipient=other_member).count() == 1
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [member.email]
    assert email.subject == "[GLO.ACT CoP] Your practice was published"
    assert "Thank you for sharing it." in email.body
    assert "http://127.0.0.1:8000/practices/some-practice/" in email.body
    assert Notification.objects.get(recipient=member).emailed_at is not None
    assert Notification.objects.get(recipient=other_member).emailed_at is None


@pytest.mark.django_db
def test_notify_sends_no_e_mail_when_the_change_is_rolled_back(
    member, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                notify(recipients=[member], subject="S", message="", kind="test")
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass

    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_notify_skips_inactive_users(member):
    member.is_active = False
    member.save()

    assert notify(recipients=[member], subject="S", message="", kind="test") == []


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/", "relative/path"])
def test_notify_refuses_links_off_the_site(member, url):
    with pytest.raises(ValidationError):
        notify(recipients=[member], subject="S", message="", url=url, kind="test")


@pytest.mark.django_db
def test_notify_coordinators_reaches_coordinators_and_admins_only(
    member, coordinator, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = notify_coordinators(
            subject="A practice awaits review",
            message="",
            url="/curation/",
            kind="practice_submitted",
        )

    assert {n.recipient for n in created} == {coordinator, admin_user}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([coordinator.email, admin_user.email])


@pytest.mark.django_db
def test_notify_costs_a_fixed_number_of_queries(django_assert_max_num_queries):
    # Users and profiles, the link check (in a savepoint), one insert: however many recipients.
    users = MemberFactory.create_batch(10)
    with django_assert_max_num_queries(5):
        notify(recipients=users[:1], subject="S", message="", url="/curation/", kind="test")
    with django_assert_max_num_queries(5):
        notify(recipients=users, subject="S", message="", url="/curation/", kind="test")


# Who may open the list and mark notifications read, and that marking read takes POST with the
# CSRF token only: the site's persona matrix, tests/test_permission_matrix.py. What it does:


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_recipient_can_mark_a_notification_read(client_as, member, persona):
    notification = NotificationFactory(recipient=member)

    url = reverse("accounts:notification_read", kwargs={"pk": notification.pk})
    response = client_as(persona).post(url)

    notification.refresh_from_db()
    if persona in SIGNED_OUT:
        assert _is_login_redirect(response)
    elif persona == "member":
        assert response.status_code == 302
        assert notification.read_at is not None
        return
    else:
        assert response.status_code == 404
    assert notification.read_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_mark_all_read_touches_only_ones_own(client_as, personas, member, persona):
    NotificationFactory(recipient=member)

    response = client_as(persona).post(reverse("accounts:notifications_read_all"))

    if persona in SIGNED_OUT:
        assert _is_login_redirect(response)
    else:
        assert response.status_code == 302
    assert Notification.objects.filter(recipient=member).unread().exists() == (persona != "member")


# The list.


@pytest.mark.django_db
def test_list_shows_unread_count_and_newest_first(client_as, member, other_member):
    NotificationFactory(recipient=member, subject="Older one")
    NotificationFactory(recipient=member, subject="Newer one")
    NotificationFactory(recipient=member, subject="Read one", read_at=timezone.now())
    NotificationFactory(recipient=other_member, subject="Not mine")

    page = client_as("member").get("/notifications/").content.decode()

    assert "2 unread notifications" in page
    assert page.index("Newer one") < page.index("Older one")
    assert "Read one" in page
    assert "Not mine" not in page


@pytest.mark.django_db
def test_marking_one_read_lowers_the_count(client_as, member):
    first, _second = NotificationFactory.create_batch(2, recipient=member)
    client = client_as("member")

    response = client.post(f"/notifications/{first.pk}/read/", {"next": "/notifications/"})

    assert response["Location"] == "/notifications/"
    assert "1 unread notification" in client.get("/notifications/").content.decode()


@pytest.mark.django_db
def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client_as, member):
    notification = NotificationFactory(recipient=member, url="/practices/")

    response = client_as("member").post(f"/notifications/{notification.pk}/read/", {"open": "1"})

    assert response["Location"] == "/practices/"
    notification.refresh_from_db()
    assert notification.is_read


@pytest.mark.django_db
def test_marking_read_never_redirects_off_the_site(client_as, member):
    notification = NotificationFactory(recipient=member)

    response = client_as("member").post(
        f"/notifications/{notification.pk}/read/", {"next": "https://evil.example/"}
    )

    assert response["Location"] == "/notifications/"


@pytest.mark.django_db
def test_mark_all_read_empties_the_count(client_as, member):
    NotificationFactory.create_batch(3, recipient=member)
    client = client_as("member")

    client.post("/notifications/read-all/")

    assert "0 unread notifications" in client.get("/notifications/").content.decode()


@pytest.mark.django_db
def test_notification_list_queries_stay_constant(client_as, member, django_assert_max_num_queries):
    client = client_as("member")
    NotificationFactory.create_batch(2, recipient=member)
    with django_assert_max_num_queries(7):
        client.get("/notifications/")
    NotificationFactory.create_batch(25, recipient=member)
    with django_assert_max_num_queries(7):
        assert client.get("/notifications/").status_code == 200


# The daily digest.


@pytest.mark.django_db
def test_digest_sends_one_e_mail_per_digest_member_and_never_twice(member, other_member):
    immediate = MemberFactory(username="ivan")
    _set_daily(member)
    _set_daily(other_member)
    NotificationFactory.create_batch(2, recipient=member, subject="For Mona")
    NotificationFactory(recipient=other_member, subject="For Omar")
    NotificationFactory(recipient=immediate, subject="For Ivan")

    call_command("send_digests", verbosity=0)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, other_member.email])
    mona = next(m for m in mail.outbox if m.to == [member.email])
    assert mona.body.count("For Mona") == 2
    assert "2 new notifications" in mona.subject
    assert "For Omar" not in mona.body

    mail.outbox.clear()
    call_command("send_digests", verbosity=0)

    assert mail.outbox == []


@pytest.mark.django_db
def test_digest_leaves_out_read_old_and_already_e_mailed_notifications(member):
    _set_daily(member)
    NotificationFactory(recipient=member, subject="Read already", read_at=timezone.now())
    NotificationFactory(recipient=member, subject="Sent already", emailed_at=timezone.now())
    old = NotificationFactory(recipient=member, subject="Two days old")
    Notification.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )

    assert send_digests() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_digest_marks_what_it_sent(member):
    _set_daily(member)
    notification = NotificationFactory(recipient=member)

    assert send_digests() == 1

    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert notification.read_at is None
