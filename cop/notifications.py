"""Old import path of cop.members.notifications, kept while the other branches of issue 8 land.

New code imports cop.members.notifications; delete this module once nothing imports
cop.notifications.
"""

from cop.members.notifications import (  # noqa: F401
    absolute_url,
    mark_all_read,
    mark_read,
    notify,
    notify_coordinators,
    send_digests,
    send_email,
)
