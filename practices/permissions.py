"""Who may see and do what with practices: the one place views, services and templates ask.

Three kinds of rule live here and nowhere else: the queryset rule (who may read which
practices: `readable_visibilities`, which `visible_practices` and `Practice.objects.visible_to`
apply), the per-object rules (`can_view`, `can_edit`, `can_review`…) and the per-row rule a
template shows (`edit_offer`). Listings, search, exports and feeds start from
`visible_practices(user)`, which holds published practices only. A single practice is loaded
through `get_practice_for_user`, which answers 404 rather than revealing that a draft exists.
The `can_*` functions combine a role (author, coordinator) with the states in which it may
act; the workflow services refuse whatever they refuse, and templates use the same functions
to decide which buttons to show.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from taggit.models import Tag

from cop.members.roles import is_coordinator, is_member
from practices.models import Practice, RevisionStatus, Status, TaggedPractice, Visibility

# An author edits their own draft, a draft sent back to them, or (as a revision) their
# published practice; a coordinator may also tidy a submission before deciding on it.
AUTHOR_EDITS = {Status.DRAFT, Status.CHANGES_REQUESTED, Status.PUBLISHED}
COORDINATOR_EDITS = AUTHOR_EDITS | {Status.SUBMITTED}
SUBMITTABLE = {Status.DRAFT, Status.CHANGES_REQUESTED}


# --- Roles ----------------------------------------------------------------------------------


def is_author(user, practice):
    """The member who wrote this practice (and still is a member)."""
    return is_member(user) and practice.author_id == user.pk


def can_contribute(user):
    return is_member(user)


def can_curate(user):
    """Coordinators (and admins) use the curation pages."""
    return is_coordinator(user)


# --- Seeing ---------------------------------------------------------------------------------


def listing_audience(user):
    """Who is reading, as the read rule and the listing cache key know it."""
    return "members" if is_member(user) else "public"


# The read rule: which published practices each audience may read.
READABLE = {
    "public": [Visibility.PUBLIC],
    "members": [Visibility.PUBLIC, Visibility.MEMBERS],
}


def readable_visibilities(user):
    """The visibilities of the published practices this user may read."""
    return READABLE[listing_audience(user)]


def visible_practices(user):
    """Practices this user may read in listings, search, feeds and counts: published only."""
    return Practice.objects.visible_to(user)


def can_view(user, practice):
    """Published practices for their audience; anything else for its author and coordinators."""
    if practice.status == Status.PUBLISHED:
        return practice.visibility in readable_visibilities(user)
    return is_author(user, practice) or is_coordinator(user)


def readable_practices(user):
    """Every practice this user may open (what `can_view` allows), as a QuerySet.

    Published ones for their audience; a member's own in any state; everything for
    coordinators. Tag suggestions come from these: a tag can name a case.
    """
    if is_coordinator(user):
        return Practice.objects.all()
    visible = Practice.objects.visible_to(user)
    if is_member(user):
        return visible | authored_by(user)
    return visible


def authored_by(user):
    """The practices this member wrote, in every state (their own "My practices")."""
    return Practice.objects.filter(author=user)


def can_see_history(user, practice):
    """The timeline, reviewers' comments and pending revisions: author and coordinators."""
    return is_author(user, practice) or is_coordinator(user)


# --- Writing --------------------------------------------------------------------------------


def can_edit(user, practice):
    """Open the edit form; on a published practice the edit becomes a revision to review."""
    if is_coordinator(user):
        return practice.status in COORDINATOR_EDITS
    return is_author(user, practice) and practice.status in AUTHOR_EDITS


def can_edit_revision(user, revision):
    """Rework an open revision: the member who proposed it, or a coordinator."""
    if not revision.is_open:
        return False
    return is_coordinator(user) or (is_member(user) and revision.author_id == user.pk)


def can_submit(user, practice):
    return is_author(user, practice) and practice.status in SUBMITTABLE


def edit_offer(user, practice):
    """What a row of the user's practices offers: "draft" (edit it), "revision" (propose
    changes to the published text) or None."""
    if not can_edit(user, practice):
        return None
    return "revision" if practice.status == Status.PUBLISHED else "draft"


# --- Curating -------------------------------------------------------------------------------


def can_review(user, practice=None):
    """Decide on a submission (publish, request changes, reject); without a practice: at all."""
    if not is_coordinator(user):
        return False
    return practice is None or practice.status == Status.SUBMITTED


def can_review_revision(user, revision):
    return (
        is_coordinator(user)
        and revision.status == RevisionStatus.PENDING
        and revision.practice.status == Status.PUBLISHED
    )


def can_archive(user, practice):
    return is_coordinator(user) and practice.status == Status.PUBLISHED


def can_feature(user, practice):
    return is_coordinator(user) and practice.status == Status.PUBLISHED


def can_restore(user, practice):
    """Bring an earlier version back: on a published practice, as a revision to review."""
    return is_coordinator(user)


def can_manage_tags(user):
    return is_coordinator(user)


def is_rate_limited(user):
    """Coordinators curate in bursts; members' submissions are capped per hour."""
    return not is_coordinator(user)


# --- Loading, for views ---------------------------------------------------------------------


def get_practice_for_user(user, slug, queryset=None):
    """Load one practice the user may read, or raise Http404 (drafts do not reveal themselves)."""
    base = queryset if queryset is not None else Practice.objects.all()
    try:
        practice = base.get(slug=slug)
    except Practice.DoesNotExist:
        raise Http404("No practice here.") from None
    if not can_view(user, practice):
        raise Http404("No practice here.")
    return practice


def get_tag_for_user(user, slug):
    """Load a tag that some practice this user may read in listings carries, or raise Http404.

    A tag used only on drafts, submissions, rejected, archived or members-only practices the
    user cannot read does not reveal that it exists.
    """
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None or not (
        TaggedPractice.objects.filter(tag=tag, content_object__in=visible_practices(user)).exists()
    ):
        raise Http404("No tag here.")
    return tag


def get_practice_to_edit(user, slug):
    """A practice the user may open in the edit form: 404 if unseen, 403 if seen but not theirs."""
    practice = get_practice_for_user(user, slug)
    if not can_edit(user, practice):
        raise PermissionDenied("You cannot edit this practice.")
    return practice
