"""Fixtures for the API tests: an API client, and a token for any persona."""

import pytest
from django.test import Client

from practices.api.tokens import create_token


@pytest.fixture
def api_as(personas):
    """api_as("member") → a client whose requests carry a new token of that persona."""

    def make(name):
        user = personas[name]
        if user is None:
            return Client()
        _token, raw = create_token(user=user, name=f"{name}'s token")
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return make
