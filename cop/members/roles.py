"""The community's roles, asked the same way everywhere.

A member is an active user in the group "Member"; a coordinator is an active user in the group
"Coordinator" (coordinators can do all a member can); admins are superusers and can do all.
The groups and their permissions are created by the migration cop/0003_roles.

Views guard themselves with `member_required` / `coordinator_required`: anonymous visitors are
sent to sign in, signed-in users without the role get 403.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

MEMBER_GROUP = "Member"
COORDINATOR_GROUP = "Coordinator"


def _group_names(user):
    # Cached on the user object: a page asks about roles many times per request.
    if not hasattr(user, "_cop_group_names"):
        user._cop_group_names = set(user.groups.values_list("name", flat=True))
    return user._cop_group_names


def remember_group_names(user, names):
    """Prime the per-request cache when a query already fetched the user's groups."""
    user._cop_group_names = set(names)


def is_coordinator(user):
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or COORDINATOR_GROUP in _group_names(user)


def is_member(user):
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(_group_names(user) & {MEMBER_GROUP, COORDINATOR_GROUP})


def coordinators():
    """Active users who coordinate: the Coordinator group and the admins."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name=COORDINATOR_GROUP) | Q(is_superuser=True))
        .distinct()
    )


def _role_required(test):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


member_required = _role_required(is_member)
member_required.__doc__ = "Let members (and coordinators, admins) in; others sign in or get 403."
coordinator_required = _role_required(is_coordinator)
coordinator_required.__doc__ = "Let coordinators and admins in; others sign in or get 403."
