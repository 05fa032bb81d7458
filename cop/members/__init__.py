"""The community around the programme: members, their roles, applications to join, and
notifications. The models are tables of the app `cop` (cop/models.py imports them).

    models.py            member profiles, applications to join, notifications
    roles.py             who is a member, who a coordinator; the views' guards
    membership.py        applying, approving, declining (services: validate, write, notify)
    notifications.py     notify in the app and by e-mail, now or in a daily digest
    forms.py             sign-in, password reset, application, decision and preference forms
    auth_backends.py     signing in by username or e-mail; the lockouts that protect it
    context_processors.py  the header's account menu (one query)
    admin.py             profiles, applications, notifications in the admin
    urls.py              the URLs below
    views/               one module per URL prefix

URLs served (namespace `accounts:` unless said): /accounts/ (sign in and out, passwords),
/account/ (a member's own page and e-mail preference), /members/<username>/ (others' pages),
/notifications/, /join/; and /curation/applications/ (namespace `curation:`, joined to the
practices' curation pages by cop/urls.py). The command `send_digests` is in
cop/management/commands/.
"""
