"""The security tests call the API and pages as the inscription tests do."""

from tests.inscription.conftest import api, api_as, civil_society, set_window  # noqa: F401
