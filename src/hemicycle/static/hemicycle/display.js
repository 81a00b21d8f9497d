// The room display: who has the floor and their time, in type the back of the room can read. It
// follows the floor by itself; F toggles full screen; the pointer hides when it rests.

import { every250ms, ring } from "./countdown.js";
import { Floor, readJson } from "./live.js";
import { paintClock, renderNow, renderQueue, showConnection, upcoming } from "./floorview.js";
import { describe, fill, format, intlLanguage, pageStrings } from "./render.js";

const LONG_NAME = 28; // characters; longer delegation names get a smaller size

const root = document.querySelector("[data-display]");
const strings = { ...pageStrings(), ...pageStrings("display-strings") };
const labels = readJson("floor-labels", {});
const floor = new Floor(root.dataset.meeting, readJson("floor-head"));
const now = root.querySelector("[data-now]");
const queue = root.querySelector("[data-queue]");
const wallclock = root.querySelector("[data-wallclock]");
let rung = null; // the speech whose limit has been signalled (overrun policy "bell")

const programme = readJson("floor-programme", []);

/** What the screen shows: a speech, a panel round, a break (or the pause between segments), the
 * end of the meeting, or the floor not yet given. */
function screenOf(head) {
  if (head.speech) return head.speech.kind === "panel" ? "panel" : "speech";
  if (head.invited_kind === "panel" && (head.invited || []).length) return "panel";
  const done = head.segments_done || [];
  if (head.segment && head.segment.kind === "break") return "break";
  if (!head.segment && done.length) return done.length >= programme.length ? "concluded" : "break";
  return "idle";
}

/** The segment of the programme after the break (the current one, or the last one held). */
function resumesWith(head) {
  const done = new Set(head.segments_done || []);
  const current = head.segment ? head.segment.key : "";
  const reached = programme.reduce((last, s, i) => (done.has(s.key) || s.key === current ? i : last), -1);
  return programme.slice(reached + 1).find((s) => !done.has(s.key) && s.kind !== "break");
}

floor.subscribe((head) => {
  renderNow(now, head, labels, strings);
  const screen = screenOf(head);
  root.dataset.screen = screen;
  const headline = describe(head.speech).headline;
  now.classList.toggle("is-long", headline.length > LONG_NAME);
  const next = upcoming(head, 3);
  const resumes = resumesWith(head);
  const titles = {
    break: strings.break,
    concluded: strings.concluded,
    panel: head.segment ? head.segment.title : strings.fallbackTitle,
  };
  const texts = {
    break: resumes ? format(strings.resumes, { time: resumes.starts, title: resumes.title }) : "",
    concluded: "",
    panel: strings.panelRound,
  };
  fill(now, "idle-title", titles[screen] ?? (head.segment ? head.segment.title : strings.fallbackTitle));
  fill(now, "idle-text", texts[screen] ?? strings.notGiven);
  const showNext = screen !== "concluded" && !(screen === "break" && !next.length);
  fill(now, "idle-next", showNext && next.length ? format(strings.nextName, { name: describe(next[0]).headline }) : showNext ? strings.nobodyWaiting : "");
  fill(root, "segment", head.segment && head.speech ? head.segment.title : "");
  renderQueue(queue, next, strings, labels);
  const queueKind = head.invited && head.invited.length ? (head.invited_kind === "panel" ? "panel" : "remarks") : "list";
  for (const element of root.querySelectorAll("[data-queue-when]")) {
    element.hidden = element.dataset.queueWhen !== queueKind;
  }
});
showConnection(root, floor, strings);

let timeFormat;
try {
  timeFormat = new Intl.DateTimeFormat(intlLanguage(), {
    timeZone: root.dataset.timezone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
} catch {
  timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
}

every250ms(() => {
  const shown = paintClock(root, floor);
  const clockText = timeFormat.format(new Date(floor.serverNow()));
  if (wallclock.textContent !== clockText) wallclock.textContent = clockText;
  const speech = floor.head.speech;
  if (speech && speech.overrun === "bell" && shown && shown.state === "overrun" && rung !== speech.id) {
    rung = speech.id;
    ring(root);
  }
});
floor.connect();

document.addEventListener("keydown", (event) => {
  if (event.key.toLowerCase() !== "f" || event.ctrlKey || event.metaKey || event.altKey) return;
  if (document.fullscreenElement) document.exitFullscreen();
  else document.documentElement.requestFullscreen().catch(() => {});
});

const hint = root.querySelector("[data-hint]");
window.setTimeout(() => hint.classList.add("is-faded"), 8000);

let resting;
document.addEventListener("pointermove", () => {
  document.body.classList.remove("pointer-resting");
  window.clearTimeout(resting);
  resting = window.setTimeout(() => document.body.classList.add("pointer-resting"), 3000);
});
