"""Full-text search over practices, one backend per database (being written)."""


def reindex(practice_ids=None):
    """Bring the search index up to date for these practices (all when None)."""
