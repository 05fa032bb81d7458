"""Members contribute: the practice form (new, edit), submitting it, and "My practices".

    views.py  the pages: /practices/new/, /practices/mine/, /practices/<slug>/edit/,
              /practices/<slug>/submit/ (URL names practices:new, mine, edit, submit)
    urls.py   those four URLs, included by practices/urls.py
    forms.py  the practice form and the tags it suggests

The changes themselves are the services of `practices.workflow`.
"""
