"""L2: behind TLS (`HEMICYCLE_HTTPS=true`) the cookies are Secure and answers carry HSTS; without
it, neither (a laptop on plain HTTP keeps working)."""

import json
import os
import subprocess
import sys

import pytest

from hemicycle.server import fastpath

PROBE = """
import json, django
django.setup()
from django.test import Client
page = Client().get("/accounts/login/", secure=True)
cookie = page.cookies["csrftoken"]
print(json.dumps({"secure": bool(cookie["secure"]), "hsts": page.get("Strict-Transport-Security")}))
"""


def _served_with(tmp_path, **env):
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hemicycle.settings",
            "HEMICYCLE_DATA_DIR": str(tmp_path),
            "HEMICYCLE_ALLOWED_HOSTS": "testserver",
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_https_turns_on_secure_cookies_and_hsts(tmp_path):
    assert _served_with(tmp_path, HEMICYCLE_HTTPS="true") == {
        "secure": True,
        "hsts": "max-age=31536000",
    }


def test_each_can_be_set_on_its_own(tmp_path):
    assert _served_with(tmp_path, HEMICYCLE_HTTPS="true", HEMICYCLE_HSTS_SECONDS="0") == {
        "secure": True,
        "hsts": None,
    }
    assert _served_with(tmp_path, HEMICYCLE_SECURE_COOKIES="1") == {"secure": True, "hsts": None}


def test_plain_http_by_default(tmp_path):
    assert _served_with(tmp_path) == {"secure": False, "hsts": None}


@pytest.mark.parametrize(("scheme", "hsts"), [("https", b"max-age=600"), ("http", None)])
def test_the_fast_path_sends_hsts_as_django_does(settings, scheme, hsts):
    settings.SECURE_HSTS_SECONDS = 600

    headers = dict(fastpath._extra_headers({"scheme": scheme}))

    assert headers.get(b"strict-transport-security") == hsts
