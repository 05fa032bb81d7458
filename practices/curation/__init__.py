"""Curation: what coordinators do, under /curation/ (namespace `curation:`).

    views.py  the review queue, a submission's review, a revision's review, the one `decide`
              for both, archive and feature, versions and their restore
    tags.py   the tags page: rename, merge
    urls.py   the URLs under /curation/
    forms.py  the decision, comment, queue-filter and tag forms

The queue's filters and order are QuerySet methods (`awaiting_review`, `filed_under`) of
`practices.models`; the changes are the services of `practices.workflow`.
"""
