"""The API helpers of tests/api, for the running tests that call the API."""

from tests.api.conftest import Api, api, api_as  # noqa: F401
