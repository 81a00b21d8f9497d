"""The API of DESIGN.md is a contract that outside clients use: every operation published so far
is still served, at the same method and path, under the same operation id (clients generated from
the OpenAPI name their methods after it). New operations may be added; none may go or move."""

import pytest

# (method, path, operationId) of every operation published, from /api/v1/openapi.json.
PUBLISHED = [
    ("GET", "/api/v1/meetings", "hemicycle_meetings_api_meetings"),
    ("GET", "/api/v1/meetings/{slug}", "hemicycle_meetings_api_meeting"),
    ("GET", "/api/v1/meetings/{slug}/documents", "hemicycle_meetings_api_documents"),
    ("GET", "/api/v1/meetings/{slug}/announcements", "hemicycle_meetings_api_announcements"),
    ("GET", "/api/v1/meetings/{slug}/programme/versions", "hemicycle_meetings_api_versions"),
    ("GET", "/api/v1/meetings/{slug}/speakers", "hemicycle_proceedings_api_speakers"),
    ("POST", "/api/v1/meetings/{slug}/speakers", "hemicycle_proceedings_api_request_to_speak"),
    (
        "PATCH",
        "/api/v1/meetings/{slug}/speakers/{entry_id}",
        "hemicycle_proceedings_api_update_request",
    ),
    ("DELETE", "/api/v1/meetings/{slug}/speakers/{entry_id}", "hemicycle_proceedings_api_withdraw"),
    ("GET", "/api/v1/meetings/{slug}/floor", "hemicycle_proceedings_api_floor_now"),
    ("POST", "/api/v1/meetings/{slug}/floor", "hemicycle_proceedings_api_command"),
    ("GET", "/api/v1/meetings/{slug}/events", "hemicycle_proceedings_api_events"),
    ("GET", "/api/v1/meetings/{slug}/record", "hemicycle_records_api_record"),
    ("GET", "/api/v1/delegations", "hemicycle_delegations_api_delegations"),
    (
        "GET",
        "/api/v1/meetings/{slug}/forecast",
        "hemicycle_proceedings_forecast_api_meeting_forecast",
    ),
    ("GET", "/api/v1/meetings/{slug}/window", "hemicycle_inscription_api_window_now"),
    ("GET", "/api/v1/meetings/{slug}/receipts/{seq}", "hemicycle_inscription_api_verify_receipt"),
    (
        "POST",
        "/api/v1/meetings/{slug}/speakers/{entry_id}/statement",
        "hemicycle_inscription_api_upload_statement",
    ),
    (
        "GET",
        "/api/v1/meetings/{slug}/speakers/{entry_id}/statement",
        "hemicycle_inscription_api_download_statement",
    ),
    # The set-up (issue 13): a secretariat scripts a whole meeting.
    ("POST", "/api/v1/meetings", "hemicycle_meetings_setup_api_create_meeting"),
    ("PATCH", "/api/v1/meetings/{slug}", "hemicycle_meetings_setup_api_change_meeting"),
    ("DELETE", "/api/v1/meetings/{slug}", "hemicycle_meetings_setup_api_delete_meeting"),
    ("POST", "/api/v1/meetings/{slug}/documents", "hemicycle_meetings_setup_api_add_document"),
    (
        "POST",
        "/api/v1/meetings/{slug}/announcements",
        "hemicycle_meetings_setup_api_add_announcement",
    ),
    (
        "POST",
        "/api/v1/meetings/{slug}/programme/versions",
        "hemicycle_meetings_setup_api_publish_programme",
    ),
    ("GET", "/api/v1/meetings/{slug}/segments", "hemicycle_meetings_setup_api_working_programme"),
    ("POST", "/api/v1/meetings/{slug}/segments", "hemicycle_meetings_setup_api_add_segment"),
    (
        "PATCH",
        "/api/v1/meetings/{slug}/segments/{key}",
        "hemicycle_meetings_setup_api_change_segment",
    ),
    (
        "DELETE",
        "/api/v1/meetings/{slug}/segments/{key}",
        "hemicycle_meetings_setup_api_remove_segment",
    ),
    (
        "PATCH",
        "/api/v1/meetings/{slug}/documents/{pk}",
        "hemicycle_meetings_setup_api_change_document",
    ),
    (
        "DELETE",
        "/api/v1/meetings/{slug}/documents/{pk}",
        "hemicycle_meetings_setup_api_remove_document",
    ),
    (
        "POST",
        "/api/v1/meetings/{slug}/documents/{pk}/files",
        "hemicycle_meetings_setup_api_add_document_file",
    ),
    (
        "DELETE",
        "/api/v1/meetings/{slug}/documents/{pk}/files/{language}",
        "hemicycle_meetings_setup_api_remove_document_file",
    ),
    (
        "PATCH",
        "/api/v1/meetings/{slug}/announcements/{pk}",
        "hemicycle_meetings_setup_api_change_announcement",
    ),
    (
        "DELETE",
        "/api/v1/meetings/{slug}/announcements/{pk}",
        "hemicycle_meetings_setup_api_remove_announcement",
    ),
    ("PUT", "/api/v1/meetings/{slug}/window", "hemicycle_inscription_api_set_window"),
    ("DELETE", "/api/v1/meetings/{slug}/window", "hemicycle_inscription_api_remove_window"),
]


@pytest.mark.django_db
def test_every_published_operation_is_still_served_under_its_name(client):
    schema = client.get("/api/v1/openapi.json").json()

    served = {
        (method.upper(), path, operation["operationId"])
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }

    assert sorted(set(PUBLISHED) - served) == []
