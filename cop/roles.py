"""The community's roles, asked the same way everywhere.

A member is an active user in the group "Member"; a coordinator is an active user in the group
"Coordinator" (coordinators can do all a member can); admins are superusers and can do all.
"""

MEMBER_GROUP = "Member"
COORDINATOR_GROUP = "Coordinator"


def _group_names(user):
    # Cached on the user object: a page asks about roles many times per request.
    if not hasattr(user, "_cop_group_names"):
        user._cop_group_names = set(user.groups.values_list("name", flat=True))
    return user._cop_group_names


def is_coordinator(user):
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or COORDINATOR_GROUP in _group_names(user)


def is_member(user):
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(_group_names(user) & {MEMBER_GROUP, COORDINATOR_GROUP})
