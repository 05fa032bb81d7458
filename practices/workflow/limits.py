"""How much a member may send: submissions per hour, new drafts per hour, open drafts.

Coordinators curate in bursts and are not limited (`permissions.is_rate_limited`).
"""

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from cop.ratelimit import RateLimit
from practices import permissions
from practices.models import Practice, Status
from practices.workflow.errors import TooManyDrafts, TooManySubmissions

SUBMISSIONS = RateLimit(
    "practice-submissions",
    limit=getattr(settings, "PRACTICE_SUBMISSIONS_PER_HOUR", 10),
    window=timedelta(hours=1),
)
# New practices a member may start per hour, and drafts they may hold at once (never submitted
# or sent back to them): drafts are stored, so they are limited like submissions.
DRAFTS = RateLimit(
    "practice-drafts",
    limit=getattr(settings, "PRACTICE_DRAFTS_PER_HOUR", 20),
    window=timedelta(hours=1),
)
MAX_OPEN_DRAFTS = getattr(settings, "PRACTICE_MAX_OPEN_DRAFTS", 30)


def check_submissions(actor):
    if permissions.is_rate_limited(actor) and SUBMISSIONS.is_exceeded(actor.pk):
        raise TooManySubmissions(
            _(
                "You have sent %(n)d practices for review in the last hour, the most we accept. "
                "Your text is kept: save it as a draft and submit it later."
            )
            % {"n": SUBMISSIONS.limit}
        )


def count_submission(actor):
    if permissions.is_rate_limited(actor):
        SUBMISSIONS.hit(actor.pk)


def check_drafts(author):
    if not permissions.is_rate_limited(author):
        return
    if DRAFTS.is_exceeded(author.pk):
        raise TooManyDrafts(
            _(
                "You have started %(n)d practices in the last hour, the most we accept. Your "
                "text is kept below: save it a little later, or continue one of your drafts."
            )
            % {"n": DRAFTS.limit}
        )
    open_drafts = Practice.objects.filter(author=author, status=Status.DRAFT).count()
    if open_drafts >= MAX_OPEN_DRAFTS:
        raise TooManyDrafts(
            _(
                "You have %(n)d drafts not yet submitted, the most one member may keep. Your "
                "text is kept below: submit or finish one of your drafts (in My practices) "
                "before starting another."
            )
            % {"n": open_drafts}
        )


def count_draft(author):
    if permissions.is_rate_limited(author):
        DRAFTS.hit(author.pk)
