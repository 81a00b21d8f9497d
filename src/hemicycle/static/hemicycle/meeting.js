// The public meeting page: "Now speaking" follows the floor; the list of speakers is refreshed by
// HTMX on the `floor-changed` event that the live stream dispatches on <body>.

import { every250ms } from "./countdown.js";
import { Floor, readJson } from "./live.js";
import { paintClock, renderNow, renderQueue, showConnection, upcoming } from "./floorview.js";
import { localTimes, pageStrings } from "./render.js";

const root = document.querySelector("[data-live]");
if (root) {
  const strings = pageStrings();
  const labels = readJson("floor-labels", {});
  const floor = new Floor(root.dataset.meeting, readJson("floor-head"));
  const queue = root.querySelector("[data-queue]");
  const timeZone = root.dataset.timezone;

  floor.subscribe((head) => {
    renderNow(root, head, labels, strings);
    renderQueue(queue, upcoming(head, 3), strings, labels);
  });
  showConnection(document, floor, strings);
  every250ms(() => paintClock(root, floor));
  floor.connect();

  localTimes(document, timeZone);
  document.body.addEventListener("htmx:afterSwap", (event) => localTimes(event.target, timeZone));
}
