"""The members' pages, one module per URL prefix: accounts.py (/accounts/, /account/,
/members/), notifications.py (/notifications/), joining.py (/join/), applications.py
(/curation/applications/, for coordinators)."""
