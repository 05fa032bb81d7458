"""The header's account menu: unread notifications and the roles, in one query."""

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Subquery
from django.utils.functional import SimpleLazyObject

from cop.members.models import Notification
from cop.members.roles import is_coordinator, is_member, remember_group_names


def _account_summary(user):
    # One query for the header: the unread count and the user's groups (one row per group),
    # which also primes cop.members.roles for the rest of the request.
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = list(
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(unread=Subquery(unread))
        .values_list("unread", "groups__name")
    )
    remember_group_names(user, {name for _unread, name in rows if name})
    return {
        "unread_count": (rows[0][0] or 0) if rows else 0,
        "is_coordinator": is_coordinator(user),
        "is_member": is_member(user),
    }


def account(request):
    """The header's account menu; no query for anonymous visitors, at most one otherwise."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"account": SimpleLazyObject(lambda: _account_summary(user))}
