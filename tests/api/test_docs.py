"""The API's own pages: its docs work without the internet, and an address it does not have
answers JSON like every other refusal."""

import pytest


@pytest.mark.parametrize("path", ["/nope", "/meetings/x/y/z", "/docs/extra", "/"])
def test_an_unknown_api_address_answers_json_404(api, db, path):
    response = api.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["code"] == "not_found"
    assert "/api/v1/docs" in response.json()["detail"]


def test_the_docs_page_loads_its_scripts_from_this_server_under_the_strict_csp(client, db):
    response = client.get("/api/v1/docs")

    html = response.content.decode()
    assert response.status_code == 200
    assert "script-src 'self';" in response["Content-Security-Policy"]
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html
    assert "https://" not in html
