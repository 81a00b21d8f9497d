"""Playwright driving Debian's Chromium (its own browser download cannot work here)."""

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import require

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require(
        shutil.which("chromium") is not None or shutil.which(CHROMIUM) is not None,
        "Chromium (apt-get install chromium)",
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page_errors() -> list[str]:
    return []


@pytest.fixture
def open_page(browser: Any, page_errors: list[str]) -> Iterator[Any]:
    contexts = []

    def open_(url: str, *, user: str | None = None, served: Any = None, **options: Any) -> Any:
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: page_errors.append(f"{url}: {error}"))
        page.on(
            "console",
            lambda m: page_errors.append(f"{url}: {m.text}") if m.type == "error" else None,
        )
        if user:
            page.goto(f"{served.url}/accounts/login/?next={url.removeprefix(served.url)}")
            page.fill("input[name=username]", user)
            page.fill("input[name=password]", "hemicycle")
            page.keyboard.press("Enter")
            page.wait_for_url(url)
        else:
            page.goto(url)
        return page

    yield open_
    for context in contexts:
        context.close()
