import pytest

from tests.openapi import ValidatingClient


@pytest.fixture
def api_client(client):
    """The test client for the JSON API: every response is checked against the OpenAPI document."""
    return ValidatingClient(client)
