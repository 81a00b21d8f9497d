// The record as it happens: when the floor moves on, the page fetches itself again and swaps in the
// new totals and table (the record changes when a speech ends).

import { Floor } from "./live.js";

const root = document.querySelector("[data-record]");
const floor = new Floor(root.dataset.meeting, null);
let shownSeq = Number(root.dataset.seq);
let loading = false;

async function reload() {
  if (loading) return;
  loading = true;
  try {
    const response = await fetch(window.location.pathname, { cache: "no-store", credentials: "same-origin" });
    if (!response.ok) return;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.querySelector("[data-record]");
    if (!fresh) return;
    for (const selector of ["[data-testid='record-totals']", "[data-testid='record']"]) {
      root.querySelector(selector).replaceWith(fresh.querySelector(selector));
    }
    shownSeq = Number(fresh.dataset.seq);
  } finally {
    loading = false;
  }
  if (floor.head && floor.head.seq > shownSeq) reload();
}

floor.subscribe((head) => {
  if (head.seq > shownSeq) reload();
});
floor.connect();
