"""`{% member_practices owner %}`: a member's practices on their profile page, as the viewer may see
them.

The members' pages (cop.members) do not know practices: they ask through this tag, and the tag
asks practices.permissions, the one home of "who may read which practice".
"""

from django import template

from practices.permissions import readable_practices

register = template.Library()


@register.inclusion_tag("practices/_member_practices.html", takes_context=True)
def member_practices(context, owner, *, is_self=False, show_status=False):
    """The practices `owner` wrote that the signed-in viewer may open: every state for the owner
    and coordinators, the published ones for their audience otherwise."""
    viewer = context["request"].user
    practices = readable_practices(viewer).filter(author=owner)
    return {
        "practices": practices.order_by("-updated_at", "title"),
        "is_self": is_self,
        "show_status": show_status,
    }
