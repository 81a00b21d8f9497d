"""Every page of the site, with the roles that use it: the phone-layout and accessibility tests
visit each one, signed in as each of its roles, in English and in Arabic."""

from dataclasses import dataclass
from typing import Any

import httpx

SLUG = "r2p-2013"
ROLES = ("public", "delegate", "chair", "secretariat")
PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    roles: tuple[str, ...] = ROLES
    status: int = 200


def pages(base_url: str) -> list[Page]:
    """The pages, with the demo's first request to speak as the receipt shown and its first
    document (the demo is loaded into a fresh database: its first document has the key 1)."""
    events = httpx.get(f"{base_url}/api/v1/meetings/{SLUG}/events?after=0").json()["events"]
    first = next(e for e in events if e["type"] == "speaker_inscribed")
    m = f"/meetings/{SLUG}"
    done = f"/meetings/{SLUG}-finished"  # the demo's finished copy of the day
    staff = ("secretariat",)
    return [
        Page("home", "/"),
        Page("sign-in", "/accounts/login/", ("public",)),
        Page("meeting", f"{m}/"),
        Page("list", f"{m}/list/"),
        Page("record", f"{m}/record/"),
        Page("display", f"{m}/display/"),
        Page("receipt", f"{m}/receipts/{first['seq']}/{first['hash']}/", ("public",)),
        Page("apply", f"{m}/civil-society/apply/", ("public",)),
        Page("statements", f"{m}/statements/"),
        Page("statistics", f"{m}/statistics/"),
        Page("statements-finished", f"{done}/statements/"),
        Page("statistics-finished", f"{done}/statistics/"),
        Page("journal", f"{done}/journal/"),
        Page("search", "/statements/search/?q=prevention"),
        Page("summary", f"{done}/summary/", staff),
        Page("summary-themes", f"{done}/summary/themes/", staff),
        Page("not-found", "/meetings/no-such-meeting/", ("public",), 404),
        Page("invitation", "/accounts/invitation/no-such-token/", ("public",), 404),
        Page("delegates", f"{m}/delegates/", ("delegate", "secretariat")),
        Page("inscription", f"{m}/inscription/", ("delegate", "secretariat")),
        Page("console", f"{m}/console/", ("chair", "secretariat")),
        Page("account", "/accounts/me/", ("delegate", "chair", "secretariat")),
        Page("selection", f"{m}/civil-society/", staff),
        Page("focal-points", "/accounts/focal-points/", staff),
        Page("manage", "/manage/", staff),
        Page("manage-new", "/manage/new/", staff),
        Page("manage-meeting", f"/manage/{SLUG}/", staff),
        Page("programme", f"/manage/{SLUG}/programme/", staff),
        Page("documents", f"/manage/{SLUG}/documents/", staff),
        Page("document", f"/manage/{SLUG}/documents/1/", staff),
        Page("announcements", f"/manage/{SLUG}/announcements/", staff),
        Page("letters", f"/manage/{SLUG}/letters/", staff),
        Page("requests", f"/manage/{SLUG}/requests/", staff),
        Page("officers", f"/manage/{SLUG}/staff/", staff),
        Page("staff", "/manage/staff/", staff),
        Page("audit", f"/manage/audit/?meeting={SLUG}", staff),
        Page("focal-points-import", "/accounts/focal-points/import/", staff),
    ]


def signed_in(browser: Any, base_url: str, role: str, language: str, **options: Any) -> Any:
    """A browser context in `language`, signed in as the demo account `role` (none for public)."""
    context = browser.new_context(locale=language, **options)
    host = base_url.split("//", 1)[1].split(":")[0]
    context.add_cookies(
        [{"name": "django_language", "value": language, "domain": host, "path": "/"}]
    )
    if role != "public":
        page = context.new_page()
        page.goto(f"{base_url}/accounts/login/")
        page.fill("input[name=username]", role)
        page.fill("input[name=password]", "hemicycle")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.close()
    return context


# What sticks out of a page of `width` CSS pixels: the document's own width, and each visible
# element that reaches past either edge without a scrolling or clipping box around it.
OVERFLOW_JS = """
(width) => {
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible") return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) continue;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.position === 'fixed') continue;
    if (el.closest('.skip-link, .visually-hidden')) continue;
    if ((r.right > width + 1 || r.left < -1) && !clipped(el)) {
      out.push(`${name(el)} ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
  }
  return {page: Math.max(document.documentElement.scrollWidth, window.innerWidth), out: out};
}
"""
