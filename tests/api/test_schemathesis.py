"""Schemathesis, against the OpenAPI description the API serves: for requests it generates from
that description, no server error, no undocumented status code, and every answer conforms to
the description (schema, content type, headers)."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from practices.api.api import api
from tests.api import api_url

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def description():
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix=api_url("api-root"))))


# The description is built here without a request: collection happens before the test database
# exists (and schemathesis' fixture loader does not run on pytest 9). The first test proves it
# is the one served. Requests go through the site's own WSGI application, middleware included.
schema = schemathesis.openapi.from_dict(description())
schema.app = get_wsgi_application()


@pytest.mark.django_db
def test_the_description_tested_is_the_one_served(client):
    assert client.get(api_url("openapi-json")).json() == description()


@pytest.fixture
def scene(world, member, settings):
    """The small world, a member's token, and no rate limit in the way."""
    from practices.api.tokens import create_token

    # Thousands of generated requests come from one address: lift the limits for this test.
    settings.API_RATE_LIMIT_ADDRESS = settings.API_RATE_LIMIT_TOKEN = 1_000_000
    _token, raw = create_token(user=member, name="schemathesis")
    # As Django's test client does: the handler must not close the test's connection (it is
    # inside the test's transaction) at the end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield raw
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    database=None,  # nothing left behind in the work tree
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_description(case, scene):
    # The WSGI transport does not undo the site's gzip, as HTTP clients do: ask for none.
    plain = {"Accept-Encoding": "identity"}
    case.call_and_validate(checks=CHECKS, headers=plain)
    # And the same request as a member, with a token.
    case.call_and_validate(checks=CHECKS, headers={**plain, "Authorization": f"Bearer {scene}"})
