"""Joining the community: applying, and a coordinator's approval or refusal.

Each step is one function with keyword-only arguments that validates, writes and notifies in one
transaction. Approval creates the member's account (active, in the group Member, with a profile)
and e-mails a link to set a password; no password is ever chosen for or sent to anyone.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cop.members.models import ApplicationStatus, MemberProfile, MembershipApplication
from cop.members.notifications import absolute_url, notify_coordinators, send_email
from cop.members.roles import MEMBER_GROUP, is_coordinator


def email_has_account(email):
    return get_user_model().objects.filter(email__iexact=email.strip()).exists()


def account_exists_error():
    return ValidationError(
        _(
            "There is already an account with this e-mail address. Sign in, or use "
            "“Forgot your password?” on the sign-in page to get a new one."
        ),
        code="account_exists",
    )


def _sign_in_links():
    return {
        "sign_in_link": absolute_url(reverse("accounts:login")),
        "reset_link": absolute_url(reverse("accounts:password_reset")),
    }


def _tell_account_owner(accounts):
    """Someone applied with the address of an account: tell the owner, not the visitor."""
    send_email(
        # The address as the account holds it: the owner's mailbox, whatever case was typed.
        to=[accounts[0].email],
        subject=_("Someone asked to join with your e-mail address"),
        body=render_to_string(
            "cop/account/email/application_account_exists.txt",
            {"usernames": [user.get_username() for user in accounts], **_sign_in_links()},
        ),
    )


def _tell_waiting_applicant(application):
    """A second application for an address already waiting: nothing new to store."""
    send_email(
        to=[application.email],
        subject=_("Your application to the GLO.ACT Community of Practice is waiting"),
        body=render_to_string(
            "cop/account/email/application_already_pending.txt", {"application": application}
        ),
    )


def _already_known(email):
    """Tell the address by e-mail if it has an account or a waiting application; True if so."""
    accounts = list(get_user_model().objects.filter(email__iexact=email).order_by("pk"))
    if accounts:
        _tell_account_owner(accounts)
        return True
    waiting = MembershipApplication.objects.pending().filter(email__iexact=email).first()
    if waiting:
        _tell_waiting_applicant(waiting)
        return True
    return False


def _announce(application):
    where = application.country_label
    notify_coordinators(
        kind="application_received",
        subject=_("New application to join: %(name)s") % {"name": application.full_name},
        message=_(
            "%(name)s (%(role)s, %(organisation)s%(where)s) applied to join the "
            "Community of Practice. Please review the application."
        )
        % {
            "name": application.full_name,
            "role": application.role,
            "organisation": application.organisation,
            "where": f", {where}" if where else "",
        },
        url=application.get_absolute_url(),
    )
    send_email(
        to=[application.email],
        subject=_("Your application to the GLO.ACT Community of Practice is received"),
        body=render_to_string(
            "cop/account/email/application_received.txt", {"application": application}
        ),
    )


def submit_application(
    *, full_name, email, organisation, role, motivation, country=None, country_other=""
):
    """Take an application to join; returns the stored application, or None.

    Every application gets the same answer on the page, so the form cannot tell a visitor
    whether an address has an account or is waiting. What differs is told by e-mail to the
    address itself: a new application is stored and acknowledged (and coordinators notified);
    the owner of an existing account is told someone asked and how to sign in; a waiting
    applicant is told they need not apply again. Nothing is stored in those two cases.
    Raises ValidationError if the fields are invalid.
    """
    email = email.strip()
    if _already_known(email):
        return None
    application = MembershipApplication(
        full_name=full_name.strip(),
        email=email,
        organisation=organisation.strip(),
        country=country,
        country_other=country_other.strip(),
        role=role.strip(),
        motivation=motivation.strip(),
    )
    try:
        application.full_clean()
        with transaction.atomic():
            application.save()
            _announce(application)
    except (ValidationError, IntegrityError):
        # An identical application got in first (a double click): the same as waiting.
        if _already_known(email):
            return None
        raise
    return application


def _check_decision(application, coordinator):
    if not is_coordinator(coordinator):
        raise PermissionDenied("Only coordinators decide on applications.")
    if application.status != ApplicationStatus.PENDING:
        message = (
            _("This application was already approved; nothing was changed.")
            if application.status == ApplicationStatus.APPROVED
            else _("This application was already declined; nothing was changed.")
        )
        raise ValidationError(message, code="already_decided")


def _lock(application):
    # Two coordinators deciding at once: the second waits, then sees the first's decision.
    return MembershipApplication.objects.select_for_update().get(pk=application.pk)


def unique_username(full_name, email):
    """A readable, unused username from the person's name (or their e-mail address)."""
    user_model = get_user_model()
    base = slugify(full_name, allow_unicode=True)[:140].strip("-")
    if not base:
        base = slugify(email.split("@")[0], allow_unicode=True)[:140].strip("-") or "member"
    taken = set(
        user_model.objects.filter(username__istartswith=base).values_list("username", flat=True)
    )
    taken = {name.lower() for name in taken}
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def set_password_link(user):
    """An absolute link where this user chooses a password (Django's reset-token machinery)."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return absolute_url(path)


def _split_name(full_name):
    first, _sep, last = full_name.strip().partition(" ")
    return first[:150], last.strip()[:150]


def approve_application(*, application, coordinator, message="", internal_note=""):
    """Approve: create the member's account and profile, and e-mail them a set-password link.

    `message` goes to the new member in that e-mail; `internal_note` stays with the application
    for coordinators and is never sent.

    Returns the new user. Raises ValidationError if the application was already decided or the
    e-mail address now belongs to an account; PermissionDenied if `coordinator` is not one.
    """
    with transaction.atomic():
        application = _lock(application)
        _check_decision(application, coordinator)
        if email_has_account(application.email):
            raise account_exists_error()

        user_model = get_user_model()
        first_name, last_name = _split_name(application.full_name)
        user = user_model(
            username=unique_username(application.full_name, application.email),
            email=application.email,
            first_name=first_name,
            last_name=last_name,
            is_active=True,
        )
        # The member chooses a password through the link; until then none works.
        user.set_unusable_password()
        user.full_clean()
        user.save()
        # The roles migration creates the group; should someone have deleted it, membership
        # (which goes by the group's name) still works, and the admin can restore permissions.
        member_group, _created = Group.objects.get_or_create(name=MEMBER_GROUP)
        user.groups.add(member_group)

        profile = MemberProfile(
            user=user,
            organisation=application.organisation,
            country=application.country,
            country_other=application.country_other,
            role=application.role,
        )
        profile.full_clean()
        profile.save()

        application.status = ApplicationStatus.APPROVED
        application.decided_by = coordinator
        application.decided_at = timezone.now()
        application.applicant_message = message.strip()
        application.decision_comment = internal_note.strip()
        application.user = user
        application.full_clean()
        application.save()

        send_email(
            to=[user.email],
            subject=_("Welcome to the GLO.ACT Community of Practice"),
            body=render_to_string(
                "cop/account/email/application_approved.txt",
                {
                    "application": application,
                    "user": user,
                    "set_password_link": set_password_link(user),
                    **_sign_in_links(),
                },
            ),
        )
    return user


def decline_application(*, application, coordinator, reason, internal_note=""):
    """Decline with a reason, which is e-mailed to the applicant. Returns the application.

    `internal_note` stays with the application for coordinators and is never sent.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Write the reason: the applicant receives it by e-mail."),
                    code="reason_required",
                )
            }
        )
    with transaction.atomic():
        application = _lock(application)
        _check_decision(application, coordinator)
        application.status = ApplicationStatus.DECLINED
        application.decided_by = coordinator
        application.decided_at = timezone.now()
        application.applicant_message = reason
        application.decision_comment = internal_note.strip()
        application.full_clean()
        application.save()
        send_email(
            to=[application.email],
            subject=_("Your application to the GLO.ACT Community of Practice"),
            body=render_to_string(
                "cop/account/email/application_declined.txt",
                {"application": application, "reason": reason},
            ),
        )
    return application
