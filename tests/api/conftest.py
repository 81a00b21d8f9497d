from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client


class Api:
    """Calls /api/v1 as an outside client would: JSON in, JSON out, a bearer token if given."""

    def __init__(self, client: Client, headers: dict[str, str] | None = None) -> None:
        self.client = client
        self.headers = headers or {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(
            f"/api/v1{path}", body, content_type="application/json", headers=self.headers
        )

    def patch(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.patch(
            f"/api/v1{path}", body, content_type="application/json", headers=self.headers
        )

    def delete(self, path: str) -> Any:
        return self.client.delete(f"/api/v1{path}", headers=self.headers)


@pytest.fixture
def api(client: Client) -> Api:
    return Api(client)


@pytest.fixture
def api_as(client: Client, token_for: Callable[[str], dict[str, str]]) -> Callable[[str], Api]:
    return lambda username: Api(Client(), token_for(username))
