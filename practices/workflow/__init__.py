"""The curation workflow: every change of a practice's state, as keyword-only services.

Members contribute, coordinators curate, and nothing is ever lost. Every change is one row of
the table in `transitions.py` (who may, from which states, to which, comment required, whom to
tell), run by its `_transition()`: it locks the practice row, asks `practices.permissions`,
writes, records a `PracticeTransition` for the timeline (and a `PracticeVersion` whenever the
text changed), notifies whoever must know and brings the search index up to date, all inside
one transaction. A refused change raises a `WorkflowError` from `errors.py` (NotAllowed,
WrongState, CommentRequired, Stale…) whose message is for the user; the views map them to HTTP
in `practices.refusals`.

    transitions.py   the table of moves and `_transition()`
    records.py       what a change leaves: the timeline entry, the version, the notices
    contributing.py  create, save a draft, submit, propose a revision (the /practices/ forms)
    reviewing.py     publish, request changes, reject, archive; revision decisions; `decide`
    curating.py      restore a version, feature; Django admin's publish, archive, save
    tagging.py       rename and merge tags
    snapshots.py     what a version keeps and a revision proposes; their differences
    limits.py        how much a member may submit and draft per hour
    errors.py        the refusals

This package serves no URL itself: `practices.contribute` (/practices/new/, /practices/mine/,
/practices/<slug>/edit/ and submit/) and `practices.curation` (/curation/) call it, and Django
admin publishes and archives through `admin_publish` / `admin_archive`, never by editing the
status by hand, so the publication date and the search index always follow.
"""

from practices.workflow.contributing import (
    create_practice,
    propose_revision,
    save_draft,
    submit,
)
from practices.workflow.curating import (
    admin_archive,
    admin_publish,
    admin_saved,
    restore_version,
    set_featured,
)
from practices.workflow.errors import (
    ChecklistIncomplete,
    CommentRequired,
    EditConflict,
    InvalidInput,
    NotAllowed,
    RateLimited,
    Stale,
    TooManyDrafts,
    TooManySubmissions,
    WorkflowError,
    WrongState,
)
from practices.workflow.limits import DRAFTS, SUBMISSIONS
from practices.workflow.reviewing import (
    CHECKLIST,
    PUBLISH,
    REJECT,
    REQUEST_CHANGES,
    RESTORED_FROM,
    approve_revision,
    archive,
    decide,
    publish,
    reject,
    reject_revision,
    request_changes,
    request_revision_changes,
)

__all__ = [
    "CHECKLIST", "DRAFTS", "PUBLISH", "REJECT", "REQUEST_CHANGES",
    "RESTORED_FROM", "SUBMISSIONS",
    "ChecklistIncomplete", "CommentRequired", "EditConflict", "InvalidInput", "NotAllowed",
    "RateLimited", "Stale", "TooManyDrafts", "TooManySubmissions", "WorkflowError", "WrongState",
    "admin_archive", "admin_publish", "admin_saved", "approve_revision", "archive",
    "create_practice", "decide", "propose_revision", "publish", "reject", "reject_revision",
    "request_changes", "request_revision_changes", "restore_version", "save_draft",
    "set_featured", "submit",
]  # fmt: skip
