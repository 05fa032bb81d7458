"""Creating, revoking and checking personal API tokens.

A token is shown once, when it is created; afterwards only its digest and first characters
exist. Requests carry it as `Authorization: Bearer <token>` and then see what its member sees.
"""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cop.members.roles import is_member
from practices.api.models import ApiToken

PREFIX = "glo_"
MAX_ACTIVE_PER_MEMBER = 10
# Writing "last used" on every request would turn each read into a write; once a while will do.
LAST_USED_PRECISION = timedelta(minutes=5)


def digest(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


def may_have_tokens(user):
    """Members (coordinators and admins too) may create tokens: the API then sees as they do."""
    return is_member(user)


def create_token(*, user, name):
    """A new token for this member: returns (the ApiToken, the token itself, to show once)."""
    if not may_have_tokens(user):
        raise ValidationError(_("Only members can create API tokens."), code="not_a_member")
    raw = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        active = ApiToken.objects.select_for_update().filter(user=user).active()
        if len(active) >= MAX_ACTIVE_PER_MEMBER:
            raise ValidationError(
                _("You already have %(max)d tokens: revoke one you no longer use first."),
                code="too_many_tokens",
                params={"max": MAX_ACTIVE_PER_MEMBER},
            )
        token = ApiToken(user=user, name=name.strip(), prefix=raw[:10], digest=digest(raw))
        token.full_clean()
        token.save()
    return token, raw


def revoke_token(*, user, token):
    """Revoke one of the member's own tokens; revoking twice changes nothing."""
    if token.user_id != user.pk:
        raise ValidationError(_("This is not your token."), code="not_yours")
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )


def user_for_token(raw):
    """The active user an active token belongs to, or None for any other string."""
    if not raw or not raw.startswith(PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.active()
        .filter(digest=digest(raw), user__is_active=True)
        .select_related("user")
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    user = token.user
    user.api_token = token
    return user
