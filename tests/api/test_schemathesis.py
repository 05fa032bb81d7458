"""Schemathesis, against the OpenAPI description the API serves: for requests it generates from
that description, no server error, no undocumented status code, and every answer conforms to
the description (schema, content type, headers)."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# The served description, read through the site's own WSGI application (no server). (Loaded
# here rather than from a fixture: schemathesis' fixture loader does not run on pytest 9.)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def scene(world, member, settings):
    """The small world, a member's token, and no rate limit in the way."""
    from practices.api.tokens import create_token

    # Thousands of generated requests come from one address: lift the limits for this test.
    settings.API_RATE_LIMIT_ADDRESS = settings.API_RATE_LIMIT_TOKEN = 1_000_000
    _token, raw = create_token(user=member, name="schemathesis")
    return raw


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_description(case, scene):
    # The WSGI transport does not undo the site's gzip, as HTTP clients do: ask for none.
    plain = {"Accept-Encoding": "identity"}
    case.call_and_validate(checks=CHECKS, headers=plain)
    # And the same request as a member, with a token.
    case.call_and_validate(checks=CHECKS, headers={**plain, "Authorization": f"Bearer {scene}"})
