"""The named personas every permission test runs against, in one place.

anonymous: nobody signed in. applicant: a person whose application to join is pending; they
have no account yet, so the site sees them as anyone signed out (the `applicant` fixture gives
their application). member: Mona, the author of the practices the tests make. other_member:
Omar, a member who wrote none of them. coordinator: Carmen. admin: Ada, a superuser.

The fixtures that make them (`member`, `client_as`, `api_as`...) are in tests/conftest.py.
"""

PERSONAS = ["anonymous", "applicant", "member", "other_member", "coordinator", "admin"]
SIGNED_OUT = {"anonymous", "applicant"}
SIGNED_IN = {"member", "other_member", "coordinator", "admin"}
COORDINATING = {"coordinator", "admin"}
