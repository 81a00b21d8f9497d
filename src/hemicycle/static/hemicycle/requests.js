// The secretariat's requests page: the table follows the list of speakers. The live stream's
// `floor-changed` event (dispatched on <body> when the list changed) makes HTMX fetch it again.

import { Floor, readJson } from "./live.js";
import { localTimes } from "./render.js";

const root = document.querySelector("[data-requests]");
if (root) {
  const floor = new Floor(root.dataset.meeting, readJson("floor-head"));
  floor.connect();
  const timeZone = root.dataset.timezone;
  localTimes(document, timeZone);
  document.body.addEventListener("htmx:afterSwap", (event) => localTimes(event.target, timeZone));
}
