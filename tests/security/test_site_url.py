"""L3: `hemicycle serve` says so at start when e-mail is on and links in e-mails would point to
the default address; the demo's e-mails point to the demo."""

import io

import pytest
import uvicorn
from django.core.management import call_command


@pytest.fixture
def started(monkeypatch):
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: None)

    def start(command="serve", **options):
        said = io.StringIO()
        call_command(command, stderr=said, stdout=io.StringIO(), **options)
        return said.getvalue()

    return start


def test_serve_warns_when_e_mail_is_on_and_the_site_url_is_not_set(started, monkeypatch):
    monkeypatch.delenv("HEMICYCLE_SITE_URL", raising=False)

    assert "HEMICYCLE_SITE_URL is not set" in started()


def test_serve_is_quiet_when_the_site_url_is_set(started, monkeypatch, settings):
    monkeypatch.setenv("HEMICYCLE_SITE_URL", "https://hemicycle.example.org")

    assert "HEMICYCLE_SITE_URL" not in started()


def test_serve_is_quiet_when_e_mail_is_off(started, monkeypatch, settings):
    monkeypatch.delenv("HEMICYCLE_SITE_URL", raising=False)
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

    assert "HEMICYCLE_SITE_URL" not in started()


def test_the_demos_links_point_to_the_demo(started, monkeypatch, settings, db):
    monkeypatch.setenv("HEMICYCLE_SITE_URL", "")  # so that the demo's own is undone afterwards
    monkeypatch.delenv("HEMICYCLE_SITE_URL")
    settings.HEMICYCLE_SITE_URL = "http://127.0.0.1:8000"

    said = started("demo", port=8232)

    assert settings.HEMICYCLE_SITE_URL == "http://127.0.0.1:8232"
    assert "HEMICYCLE_SITE_URL is not set" not in said
