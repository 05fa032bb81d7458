"""Old import path of cop.members.roles, kept while the other branches of issue 8 land.

New code imports cop.members.roles; delete this module once nothing imports cop.roles.
"""

from cop.members.roles import (  # noqa: F401
    COORDINATOR_GROUP,
    MEMBER_GROUP,
    coordinator_required,
    coordinators,
    is_coordinator,
    is_member,
    member_required,
    remember_group_names,
)
