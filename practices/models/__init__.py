"""The practices app's models, in two modules; import them from here.

practice.py  the practice, its themes, kinds, statuses, visibility, source and tags, and
             its QuerySet (published, visible_to, awaiting_review, filed_under, for_cards)
history.py   the workflow's records: the timeline, the versions, the revisions
"""

from practices.models.history import (
    ACTION_TARGET,
    ACTIONS_NEEDING_COMMENT,
    OPEN_REVISION_STATUSES,
    Action,
    PracticeRevision,
    PracticeRevisionQuerySet,
    PracticeTransition,
    PracticeVersion,
    RevisionStatus,
)
from practices.models.practice import (
    DocumentPart,
    Focus,
    Kind,
    Practice,
    PracticeQuerySet,
    SourcePart,
    Status,
    TaggedPractice,
    TaggedPracticeManager,
    Theme,
    Visibility,
)

__all__ = [
    "ACTIONS_NEEDING_COMMENT", "ACTION_TARGET", "OPEN_REVISION_STATUSES", "Action",
    "DocumentPart", "Focus", "Kind", "Practice", "PracticeQuerySet", "PracticeRevision",
    "PracticeRevisionQuerySet", "PracticeTransition", "PracticeVersion", "RevisionStatus",
    "SourcePart", "Status", "TaggedPractice", "TaggedPracticeManager", "Theme", "Visibility",
]  # fmt: skip
