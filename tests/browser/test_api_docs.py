"""/api/v1/docs on an air-gapped network: every file from this server, the operations drawn."""

from urllib.parse import urlparse

from playwright.sync_api import expect


def test_the_api_docs_render_with_every_other_host_unreachable(served, browser):
    context = browser.new_context()
    elsewhere: list[str] = []
    csp_refusals: list[str] = []

    def only_loopback(route):
        if urlparse(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_loopback)
    page = context.new_page()
    page.on(
        "console",
        lambda m: csp_refusals.append(m.text) if "Content Security Policy" in m.text else None,
    )
    try:
        page.goto(f"{served.url}/api/v1/docs")

        operations = page.locator(".opblock-summary-path")
        expect(operations.first).to_be_visible(timeout=10_000)
        paths = [p.strip() for p in operations.all_inner_texts()]
        assert "/api/v1/meetings/{slug}/speakers" in [p.replace("\u200b", "") for p in paths]
        assert elsewhere == []
        assert csp_refusals == []
    finally:
        context.close()
