// The chair's console: shows the floor, sends the chair's commands (POST …/floor with the seq of the
// floor the chair is looking at) and runs them from the keyboard.

import { every250ms, formatSeconds, ring } from "./countdown.js";
import { Floor, readJson } from "./live.js";
import { invitedOf, paintClock, renderNow, renderQueue, showConnection } from "./floorview.js";
import { describe, fill, format, h, pageStrings } from "./render.js";

const QUEUE_LENGTH = 12;

const root = document.querySelector("[data-console]");
const strings = { ...pageStrings(), ...pageStrings("console-strings") };
const labels = readJson("floor-labels", {});
const floor = new Floor(root.dataset.meeting, readJson("floor-head"));
const speakersUrl = `/api/v1/meetings/${encodeURIComponent(root.dataset.meeting)}/speakers`;
const status = root.querySelector("[data-status]");
const queue = root.querySelector("[data-queue]");
const segmentSelect = root.querySelector("#segment-select");
const buttons = [...root.querySelectorAll("[data-command]")];

let list = { seq: floor.head.list_seq, waiting: waitingOf(readJson("floor-speakers", [])) };
let busy = false;
let loadingSeq = -1;
let segmentChosen = false;

function waitingOf(speakers) {
  return speakers.filter((entry) => entry.status === "waiting");
}

// ---- Showing the floor ----------------------------------------------------------------------

function render(head) {
  const now = root.querySelector("[data-now]");
  renderNow(now, head, labels, strings);
  const speech = head.speech;
  fill(now, "limit", speech ? (speech.limit_s == null ? strings.noLimit : format(strings.limit, { time: formatSeconds(speech.limit_s) })) : "");
  const upcoming = upcomingOf(head);
  fill(now, "next-hint", upcoming.length ? format(strings.nextHint, { name: describe(upcoming[0]).headline }) : strings.nobodyWaiting);
  fill(root, "segment", head.segment ? head.segment.title : "");
  root.querySelector("[data-no-segment]").hidden = Boolean(head.segment);
  fill(root, "seq", String(head.seq));
  fill(root, "counts", format(strings.counts, head.counts));

  // The queue is rebuilt: keep the keyboard focus on the same speaker's button.
  const focused = document.activeElement && document.activeElement.closest("[data-queue] li");
  renderQueue(queue, upcoming.slice(0, QUEUE_LENGTH), strings, labels, giveFloorButton);
  if (focused) queue.querySelector(`li[data-entry="${focused.dataset.entry}"] button`)?.focus();
  const more = upcoming.length - QUEUE_LENGTH;
  fill(root, "more", more > 0 ? format(strings.more, { count: more }) : "");

  for (const element of root.querySelectorAll("[data-list-when]")) {
    element.hidden = element.dataset.listWhen !== (head.list_open ? "open" : "closed");
  }
  const pauseButton = root.querySelector("[data-command='pause']");
  const paused = Boolean(speech && !speech.running);
  pauseButton.querySelector("[data-running]").hidden = paused;
  pauseButton.querySelector("[data-paused]").hidden = !paused;
  pauseButton.setAttribute("aria-pressed", paused ? "true" : "false");

  const enabled = {
    next: upcoming.length > 0 && !(head.interrupted || []).length,
    pause: Boolean(speech),
    end: Boolean(speech),
    add_time: Boolean(speech && speech.limit_s != null),
    undo: Boolean(head.can_undo),
    end_segment: Boolean(head.segment),
  };
  for (const button of buttons) {
    const command = button.dataset.command;
    button.disabled = command in enabled && !enabled[command];
  }
  renderSegments(head);
  renderPanel(head);
  renderQueue(
    root.querySelector("[data-replies]"),
    list.waiting.filter((entry) => entry.kind === "reply"),
    { ...strings, nobodyWaiting: strings.noReplies },
    labels,
  );
  if (list.seq !== head.list_seq && loadingSeq !== head.list_seq) loadList(head.list_seq);
}

/** The invited speakers, then the waiting list (without whoever has just been given the floor). */
function upcomingOf(head) {
  const speaking = head.speech && head.speech.entry;
  const waiting = list.seq === head.list_seq ? list.waiting : list.waiting.filter((e) => e.id !== speaking);
  return [...invitedOf(head), ...waiting];
}

function renderPanel(head) {
  const panel = head.panel || { every: 0, heard: 0, due: false };
  fill(
    root,
    "panel-due",
    panel.due ? strings.panelDue : panel.every ? format(strings.panelCount, panel) : "",
  );
  root.querySelector("[data-field='panel-due']").dataset.due = panel.due ? "true" : "false";
  const input = root.querySelector("#panel-every");
  if (document.activeElement !== input) input.value = String(panel.every);
}

function giveFloorButton(item) {
  if (item.invited || item.id == null) return null;
  const name = describe(item).headline;
  const button = h(
    "button",
    { type: "button", className: "button button-small", "aria-label": format(strings.giveFloorTo, { name }) },
    strings.giveFloor,
  );
  button.disabled = Boolean((floor.head.interrupted || []).length);
  button.addEventListener("click", () => command("next", { entry: item.id }));
  return h("span", { className: "queue-action" }, button);
}

function renderSegments(head) {
  const done = new Set(head.segments_done || []);
  const current = head.segment ? head.segment.key : "";
  for (const option of segmentSelect.options) {
    const title = option.dataset.label ?? option.textContent;
    option.dataset.label = title;
    const held = done.has(option.value);
    const running = option.value === current;
    option.disabled = held || running;
    option.textContent = held ? `${title} ${strings.held}` : running ? `${title} ${strings.inProgress}` : title;
  }
  if (!segmentChosen || segmentSelect.selectedOptions[0]?.disabled) {
    // Offer the segment that comes next in the programme, unless the chair has chosen one.
    const options = [...segmentSelect.options];
    const reached = options.reduce((last, o, i) => (done.has(o.value) || o.value === current ? i : last), -1);
    const ahead = options.slice(reached + 1).find((o) => !o.disabled) || options.find((o) => !o.disabled);
    if (ahead) segmentSelect.value = ahead.value;
  }
  root.querySelector("[data-testid='cmd-start-segment']").disabled =
    !segmentSelect.selectedOptions[0] || segmentSelect.selectedOptions[0].disabled;
}

async function loadList(seq) {
  loadingSeq = seq;
  try {
    const response = await fetch(speakersUrl, { cache: "no-cache", credentials: "same-origin" });
    if (!response.ok) return;
    const data = await response.json();
    if (data.list_seq < list.seq) return;
    list = { seq: data.list_seq, waiting: waitingOf(data.speakers) };
    render(floor.head);
  } catch (error) {
    console.warn("Hemicycle: could not load the list of speakers", error);
  }
}

// ---- Commands -------------------------------------------------------------------------------

function say(message) {
  status.textContent = message || "";
  status.dataset.kind = message ? "error" : "";
}

function csrfToken() {
  const input = root.querySelector("input[name='csrfmiddlewaretoken']");
  if (input) return input.value;
  const cookie = document.cookie.split("; ").find((part) => part.startsWith("csrftoken="));
  return cookie ? decodeURIComponent(cookie.split("=")[1]) : "";
}

function setBusy(value) {
  busy = value;
  root.setAttribute("aria-busy", value ? "true" : "false");
}

/** Sends one command with the seq of the floor on screen; shows the new floor or why not. */
async function command(action, fields = {}) {
  if (busy) {
    say(strings.busy);
    return false;
  }
  setBusy(true);
  let response;
  let body = null;
  try {
    response = await fetch(floor.floorUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ action, expected_seq: floor.head.seq, ...fields }),
    });
    body = await response.json().catch(() => null);
  } catch {
    say(strings.network);
    return false;
  } finally {
    setBusy(false);
  }
  if (response.ok && body) {
    say("");
    floor.accept(body);
    return true;
  }
  if (response.status === 401) {
    say(strings.signedOut);
  } else if (response.status === 409 && body && body.code === "stale") {
    say(`${body.detail} ${strings.staleRefreshed}`);
    await floor.refresh();
  } else {
    say((body && body.detail) || format(strings.httpError, { status: response.status }));
  }
  return false;
}

function run(button) {
  const action = button.dataset.command;
  if (action === "undo") return askUndo();
  if (action === "pause") {
    const speech = floor.head.speech;
    return command(speech && !speech.running ? "resume" : "pause");
  }
  return command(action);
}

for (const button of buttons) {
  button.addEventListener("click", () => run(button));
}

root.querySelector("[data-form='segment']").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (await command("start_segment", { segment: segmentSelect.value })) {
    segmentChosen = false;
    render(floor.head);
  }
});
segmentSelect.addEventListener("change", () => {
  segmentChosen = true;
  render(floor.head);
});

const pointOfOrder = root.querySelector("[data-form='point_of_order']");
pointOfOrder.addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = pointOfOrder.elements.delegation;
  const code = input.value.trim();
  if (!code) return;
  if (await command("point_of_order", { delegation: code })) {
    input.value = "";
    input.blur(); // back to the shortcuts
  }
});

const insertForm = root.querySelector("[data-form='insert']");
insertForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const fields = insertForm.elements;
  const done = await command("insert", {
    delegation: fields.delegation.value.trim(),
    position: Number(fields.position.value),
    kind: fields.kind.value,
    reason: fields.reason.value.trim(),
  });
  if (done) {
    insertForm.reset();
    document.activeElement?.blur(); // back to the shortcuts
  }
});

const panelForm = root.querySelector("[data-form='panel_every']");
panelForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (await command("panel_every", { every: Number(panelForm.elements.every.value) })) {
    document.activeElement?.blur();
  }
});

// ---- Keyboard -------------------------------------------------------------------------------
//
// A letter typed outside a field must never change the floor unnoticed. A command letter (N, E,
// A, P, U) waits a moment (WORD_MS) before it runs: if another letter follows within that time, the
// letters are a word typed in the wrong place ("RUS"), and nothing runs. Undo asks first, naming
// what it takes back; U again confirms it, any other key keeps it. I and O only move the focus to
// their field, at once, so that the code typed after them lands there.

const WORD_MS = 300;
const byKey = new Map(buttons.filter((b) => b.dataset.key).map((b) => [b.dataset.key, b]));
const focusKeys = { i: "#insert-delegation", o: "#poo-delegation" };
const confirmBox = root.querySelector("[data-undo-confirm]");
let pending = null; // { key, timer } of a command letter waiting to see whether a word follows
let typed = ""; // the letters of a word being typed outside a field
let typedTimer = null;

function typing(target) {
  return Boolean(target.closest && target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])"));
}

function info(message) {
  status.textContent = message || "";
  status.dataset.kind = message ? "info" : "";
}

function undoDescription(head) {
  const undo = head.undo || { type: "other", name: "" };
  const key = `undo${undo.type.charAt(0).toUpperCase()}${undo.type.slice(1)}`;
  return format(strings[key] || strings.undoOther, { name: undo.name });
}

function askUndo() {
  if (!floor.head.can_undo) {
    const name = byKey.get("u").querySelector(".cmd-label").textContent;
    say(format(strings.unavailable, { command: name }));
    return;
  }
  const action = undoDescription(floor.head);
  fill(root, "undo-question", format(strings.undoQuestion, { action }));
  confirmBox.dataset.seq = String(floor.head.seq);
  confirmBox.hidden = false;
  confirmBox.querySelector("[data-undo-no]").focus(); // Enter or Space keep it; only U undoes
}

function closeUndo() {
  confirmBox.hidden = true;
  if (confirmBox.contains(document.activeElement)) document.activeElement.blur();
}

async function confirmUndo() {
  const action = undoDescription(floor.head);
  const asked = Number(confirmBox.dataset.seq);
  closeUndo();
  if (asked !== floor.head.seq) {
    // The floor moved while the question was on screen: ask again about what undo would take now.
    askUndo();
    return;
  }
  if (await command("undo")) info(format(strings.undone, { action }));
}

function keepUndo() {
  closeUndo();
  info(strings.undoKept);
}

confirmBox.querySelector("[data-undo-yes]").addEventListener("click", confirmUndo);
confirmBox.querySelector("[data-undo-no]").addEventListener("click", keepUndo);

function perform(key) {
  const button = byKey.get(key);
  if (button.disabled) {
    const name = button.querySelector(".cmd-label:not([hidden])").textContent;
    say(format(strings.unavailable, { command: name }));
    return;
  }
  button.classList.add("is-pressed");
  window.setTimeout(() => button.classList.remove("is-pressed"), 150);
  if (key === "u") askUndo();
  else run(button);
}

/** A letter outside a field: the start of a word, or a command once no other letter follows. */
function letter(key) {
  if (pending || typed) {
    if (pending) {
      window.clearTimeout(pending.timer);
      typed = pending.key;
      pending = null;
    }
    typed += key;
    window.clearTimeout(typedTimer);
    typedTimer = window.setTimeout(() => {
      say(format(strings.typedWord, { word: typed.toUpperCase() }));
      typed = "";
    }, WORD_MS);
    return;
  }
  if (!byKey.has(key)) {
    // Not a command, but perhaps the first letter of a word: wait to see.
    pending = {
      key,
      timer: window.setTimeout(() => {
        pending = null;
        say(format(strings.notAKey, { key: key.toUpperCase() }));
      }, WORD_MS),
    };
    return;
  }
  pending = {
    key,
    timer: window.setTimeout(() => {
      pending = null;
      perform(key);
    }, WORD_MS),
  };
}

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (!confirmBox.hidden) {
    // The question is on screen: U confirms it, any other key keeps the floor as it is.
    if (event.key === "Tab") return;
    event.preventDefault();
    if (event.repeat) return;
    const onYes = document.activeElement === confirmBox.querySelector("[data-undo-yes]");
    const activates = event.key === "Enter" || event.key === " ";
    if (event.key.toLowerCase() === "u" || (onYes && activates)) confirmUndo();
    else keepUndo();
    return;
  }
  if (typing(event.target)) {
    if (event.key === "Escape") event.target.blur();
    return;
  }
  const key = event.key.toLowerCase();
  if (key in focusKeys && !pending && !typed) {
    event.preventDefault();
    root.querySelector(focusKeys[key]).focus();
    return;
  }
  if (event.key === "0") {
    say(strings.zero);
    return;
  }
  if (event.key === " ") {
    // Space would also "click" a focused button (say Next, just clicked): the shortcut wins.
    event.preventDefault();
    // Between the words of a text typed in the wrong place, it does nothing either.
    if (event.repeat || typed || (pending && !byKey.has(pending.key))) return;
    perform(" ");
    return;
  }
  if (!/^[a-z]$/.test(key)) return;
  event.preventDefault();
  if (event.repeat) return;
  letter(key);
});
document.addEventListener("keyup", (event) => {
  if (event.key === " " && !typing(event.target)) event.preventDefault();
});

// ---- Start ----------------------------------------------------------------------------------

floor.subscribe(render);
showConnection(root, floor, strings);
let rung = null; // the speech whose time-up has been signalled
every250ms(() => {
  const shown = paintClock(root, floor);
  const speech = floor.head.speech;
  const over = Boolean(speech && shown && shown.state === "overrun");
  // Soft: the clock turns red and counts up; bell: a notice and a tone at the limit; hard: the
  // server ends the speech.
  fill(root, "time-up", over && speech.overrun !== "soft" ? strings.timeUp : "");
  if (over && speech.overrun === "bell" && rung !== speech.id) {
    rung = speech.id;
    ring(root);
  }
});

floor.connect();

fetch("/api/v1/delegations", { credentials: "same-origin" })
  .then((response) => (response.ok ? response.json() : []))
  .then((delegations) => {
    const options = delegations.map((d) => h("option", { value: d.code, label: `${d.code} — ${d.name}` }));
    root.querySelector("#delegation-codes").replaceChildren(...options);
  })
  .catch(() => {});
