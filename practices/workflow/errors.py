"""Why the workflow refuses a change, in the domain's words.

Each refusal carries a `message` for the user. None of them knows about HTTP: the views map
them to responses in one place (`practices.refusals`).
"""


class WorkflowError(Exception):
    """A change the rules refuse; `message` says why, in words for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class WrongState(WorkflowError):
    """The actor may do this, but not to the practice (or revision) as it is now."""


class NotAllowed(WorkflowError):
    """The actor's role does not allow this."""


class InvalidInput(WorkflowError):
    """Something the actor must supply is missing or wrong."""


class CommentRequired(InvalidInput):
    """A decision that sends something back or turns it down must say why."""


class ChecklistIncomplete(InvalidInput):
    """Nothing is published before the coordinator ticked every check."""


class Stale(WorkflowError):
    """Someone saved the practice after this form was loaded; `practice` is the saved one."""

    def __init__(self, message, *, practice):
        super().__init__(message)
        self.practice = practice


# The name the contribution form has always used for a stale edit.
EditConflict = Stale


class RateLimited(WorkflowError):
    """The actor did this too often lately; their text is kept."""


class TooManySubmissions(RateLimited):
    pass


class TooManyDrafts(RateLimited):
    pass
