"""The one place where the workflow's refusals become HTTP answers.

The services in `practices.workflow` refuse in the domain's words; the views of
`practices.contribute` and `practices.curation` answer with the status code chosen here.
"""

from functools import wraps

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import render

from practices.workflow.errors import InvalidInput, NotAllowed, RateLimited, WorkflowError

# The first class a refusal is an instance of gives its status; anything else is a conflict
# with the practice's current state (409).
STATUS_CODES = [(NotAllowed, 403), (InvalidInput, 400), (RateLimited, 429)]


def http_status(refusal):
    for kind, status in STATUS_CODES:
        if isinstance(refusal, kind):
            return status
    return 409


def refusal_page(request, refusal):
    """The page that says why a change was refused, with the refusal's status code; it links
    back to the practice the refusal names."""
    return render(
        request,
        "practices/workflow_error.html",
        {"practice": getattr(refusal, "practice", None), "message": refusal.message},
        status=http_status(refusal),
    )


def answers_refusals(view):
    """A view whose refused change answers with `refusal_page`, and whose practice (or
    revision), named by the URL and first loaded by the service, answers 404 if unknown."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except WorkflowError as refusal:
            return refusal_page(request, refusal)
        except ObjectDoesNotExist:
            raise Http404("Nothing here.") from None

    return wrapped
