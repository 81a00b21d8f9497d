// The delegates' view: the live floor, and the list of speakers with each one's expected start and
// chance of being heard before the segment ends (GET …/forecast, fetched again when the floor moves
// and every minute); a signed-in focal point reads their own place in a sentence.

import { every250ms } from "./countdown.js";
import { Floor, readJson } from "./live.js";
import { paintClock, renderNow, renderQueue, showConnection, upcoming } from "./floorview.js";
import { describe, fill, format, h, intlLanguage, label, pageStrings } from "./render.js";

const REFRESH_MS = 60_000;

const root = document.querySelector("[data-delegates]");
const strings = { ...pageStrings(), ...pageStrings("delegates-strings") };
const labels = readJson("floor-labels", {});
const live = root.querySelector("[data-live]");
const floor = new Floor(root.dataset.meeting, readJson("floor-head"));
const rows = root.querySelector("[data-forecast-rows]");
const forecastUrl = `/api/v1/meetings/${encodeURIComponent(root.dataset.meeting)}/forecast`;
const language = intlLanguage();

// Times in the meeting's time zone; a day other than today's (there) is named before the time.
let timeFormat, dayFormat, dayKey;
try {
  const timeZone = root.dataset.timezone;
  timeFormat = new Intl.DateTimeFormat(language, { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  dayFormat = new Intl.DateTimeFormat(language, { timeZone, day: "numeric", month: "long" });
  dayKey = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
} catch {
  timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
  dayFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "long" });
  dayKey = new Intl.DateTimeFormat("en-CA");
}
const percent = new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 0 });
const ordinals = new Intl.PluralRules(language, { type: "ordinal" });

function at(iso, sameDayAs = new Date()) {
  const moment = new Date(iso);
  const time = timeFormat.format(moment);
  return dayKey.format(moment) === dayKey.format(sameDayAs) ? time : `${dayFormat.format(moment)}, ${time}`;
}

function ordinal(n) {
  const template = strings[`ordinal${ordinals.select(n).replace(/^./, (c) => c.toUpperCase())}`] || strings.ordinalOther;
  return template.replace("{n}", String(n));
}

function chanceText(chance) {
  // "100 %" would promise what a forecast cannot: say ">99 %" / "<1 %" at the ends.
  if (chance > 0.99) return `>${percent.format(0.99)}`;
  if (chance < 0.01) return `<${percent.format(0.01)}`;
  return percent.format(chance);
}

let shown = null;

function render(data) {
  shown = data;
  const items = data.entries.map((item) => {
    const who = describe(item);
    return h(
      "tr",
      { className: item.yours ? "is-yours" : "", dataset: { entry: item.entry } },
      h("td", { className: "col-position" }, String(item.position)),
      h("td", {}, h("span", { className: "queue-name" }, who.headline), h("span", { className: "queue-person" }, item.speaker)),
      h("td", {}, label(labels, "kinds", item.kind)),
      h("td", { dataset: { testid: "expected" } }, at(item.expected_start)),
      h("td", { className: "muted" }, `${at(item.early_start)}–${at(item.late_start, new Date(item.early_start))}`),
      h("td", { className: "num", dataset: { chance: item.chance_heard } }, chanceText(item.chance_heard)),
    );
  });
  if (!items.length) items.push(h("tr", {}, h("td", { colSpan: 6, className: "empty-row" }, strings.empty)));
  rows.replaceChildren(...items);
  fill(root, "basis", format(strings.basis, {
    simulations: data.simulations.toLocaleString(language),
    observed: data.basis.observed,
    ratio: percent.format(data.basis.ratio_mean),
  }));
  const mine = data.entries.find((item) => item.yours);
  if (root.querySelector("[data-field='yours']")) {
    fill(root, "yours", mine ? format(strings.yours, { ordinal: ordinal(mine.position), time: at(mine.expected_start) }) : strings.yoursNone);
    fill(root, "yours-chance", mine ? format(strings.yoursChance, { chance: chanceText(mine.chance_heard) }) : "");
  }
}

let loading = false;
async function load() {
  if (loading) return;
  loading = true;
  try {
    const response = await fetch(forecastUrl, { cache: "no-store", credentials: "same-origin" });
    if (response.ok) {
      const data = await response.json();
      if (!shown || data.seq >= shown.seq) render(data);
    }
  } catch (error) {
    console.warn("Hemicycle: could not load the forecast", error);
  } finally {
    loading = false;
  }
  if (shown && floor.head && floor.head.seq > shown.seq) load();
}

render(readJson("floor-forecast"));
floor.subscribe((head) => {
  renderNow(live, head, labels, strings);
  renderQueue(live.querySelector("[data-queue]"), upcoming(head, 3), strings, labels);
  if (shown && head.seq !== shown.seq) load();
});
showConnection(document, floor, strings);
every250ms(() => paintClock(live, floor));
window.setInterval(load, REFRESH_MS);
floor.connect();
