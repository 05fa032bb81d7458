"""Signing in with a username or an e-mail address, and the lockouts that protect it.

Members are told their username when they join, but many will remember only the e-mail address
they applied with; both work, in any case. An e-mail address shared by several accounts signs
none of them in (only the username does), so an address never picks an account at random.

django-axes counts failed sign-ins. Two additions make its count follow accounts, not strings:
`lockout_username` (AXES_USERNAME_CALLABLE) names the account whatever spelling of it was typed,
so `Name@example.org` and `NAME@EXAMPLE.ORG` share the five guesses of one account; and
`SignInLockoutHandler` (AXES_HANDLER) also pauses one address that fails on many different
accounts (COP_SIGN_IN_ACCOUNTS_PER_ADDRESS within the cool-off time).
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from cop.ratelimit import client_ip

# Longer than any username or e-mail address the sign-in form accepts.
MAX_TYPED_LENGTH = 254


def find_account(typed):
    """The one account that `typed` names (username or e-mail address, any case), or None."""
    if not typed or "\x00" in typed or len(typed) > MAX_TYPED_LENGTH:
        # PostgreSQL refuses NUL in a query; nothing longer can be an account's name.
        return None
    users = get_user_model()._default_manager
    user = users.filter(username=typed).first()
    if user is not None:
        return user
    for lookup in ("username__iexact", "email__iexact"):
        if lookup == "email__iexact" and "@" not in typed:
            continue
        matches = list(users.filter(**{lookup: typed})[:2])
        if len(matches) == 1:
            return matches[0]
    return None


def lockout_username(request, credentials=None):
    """The name django-axes counts failures under: the account's username, however typed.

    A name that matches no account counts under one spelling (trimmed, case-folded), so
    unknown names cannot be varied to get more guesses either.
    """
    typed = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if typed is None and request is not None:
        typed = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    typed = str(typed or "").strip()
    # django-axes asks several times per sign-in: look the account up once per request.
    known = vars(request).setdefault("_cop_lockout_usernames", {}) if request is not None else {}
    if typed not in known:
        user = find_account(typed)
        known[typed] = (
            user.get_username()
            if user is not None
            else typed.replace("\x00", "")[:MAX_TYPED_LENGTH].casefold()
        )
    return known[typed]


class SignInLockoutHandler(AxesDatabaseHandler):
    """Axes' own lockout per account and address, plus a pause for an address that tries many
    accounts: without it, one address could make five guesses at every account in turn."""

    @staticmethod
    def accounts_tried_from(request):
        """How many different accounts failed to sign in from this request's address lately."""
        address = getattr(request, "axes_ip_address", None) or client_ip(request)
        return (
            AccessAttempt.objects.filter(
                ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
            )
            .values("username")
            .distinct()
            .count()
        )

    def _address_paused(self, request):
        if self.accounts_tried_from(request) >= settings.COP_SIGN_IN_ACCOUNTS_PER_ADDRESS:
            # The lockout page says why: this address, not one account.
            request.cop_sign_in_paused_for_address = True
            return True
        return False

    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or self._address_paused(request)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is not None and self._address_paused(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user_model = get_user_model()
        if username is None:
            username = kwargs.get(user_model.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = find_account(username)
        if user is None:
            # Spend the time a password check takes, so timing does not reveal which
            # usernames exist (as ModelBackend does).
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
