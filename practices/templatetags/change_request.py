"""The coordinator's latest request for changes, shown where the author does the work.

The request reaches the author by e-mail and in-app; the edit form shows it too (who, when,
what), with a link to the whole history, for a practice sent back and for a revision.
"""

from django import template

from practices.models import Action, RevisionStatus, Status

register = template.Library()


def latest_change_request(practice, revision=None):
    """The timeline entry asking for the changes the author must make now, or None."""
    if practice is None:
        return None
    if revision is not None:
        if revision.status != RevisionStatus.CHANGES_REQUESTED:
            return None
        action = Action.REVISION_CHANGES_REQUESTED
    elif practice.status == Status.CHANGES_REQUESTED:
        action = Action.CHANGES_REQUESTED
    else:
        return None
    return (
        practice.transitions.filter(action=action)
        # The fragment names who asked.
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )


@register.inclusion_tag("practices/_change_request.html")
def change_request(practice, revision=None):
    return {"practice": practice, "entry": latest_change_request(practice, revision)}
