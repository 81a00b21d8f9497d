// The parts of the floor that the meeting page, the console and the room display all show: the
// current speech in a "now" panel, the queue of who comes next, the connection state.

import { announce, paint } from "./countdown.js";
import { describe, fill, floorState, format, h, label, showState } from "./render.js";

/** The speakers invited by the programme or a panel round, marked as such. */
export function invitedOf(head) {
  return (head.invited || []).map((invitee) => ({ ...invitee, invited: true }));
}

/** Who comes next when the chair presses Next: the invited speakers first, then the list. */
export function upcoming(head, count = 3) {
  return [...invitedOf(head), ...(head.next || [])].slice(0, count);
}

/**
 * Fills a "now" panel: [data-field] slots headline, person, behalf, kind, interrupted, segment;
 * [data-when] blocks for the states speech / invited / idle.
 */
export function renderNow(root, head, labels, strings) {
  const state = floorState(head);
  showState(root, state);
  root.dataset.floor = state;
  const speech = head.speech;
  const who = describe(speech);
  fill(root, "headline", who.headline);
  fill(root, "person", who.person);
  fill(
    root,
    "behalf",
    speech && speech.on_behalf_of && speech.on_behalf_of !== who.headline
      ? format(strings.onBehalfOf, { name: speech.on_behalf_of })
      : "",
  );
  // A plain statement is the default; only the other kinds (point of order, reply…) are named.
  fill(root, "kind", speech && speech.kind !== "statement" ? label(labels, "kinds", speech.kind) : "");
  fill(root, "paused", speech && !speech.running ? strings.paused : "");
  const interrupted = (head.interrupted || []).at(-1);
  fill(
    root,
    "interrupted",
    interrupted ? format(strings.interrupted, { name: describe(interrupted).headline }) : "",
  );
  fill(root, "segment", head.segment ? head.segment.title : "");
  fill(root, "questions", questionsText(speech && speech.questions, strings));
  root.dataset.speechKind = speech ? speech.kind : "";
}

/** "Questions from France, Ghana" for a panellist: who addressed them since the last round. */
export function questionsText(questions, strings) {
  if (!questions || !questions.length) return "";
  const names = questions.map((q) => describe(q).headline).join(", ");
  return format(strings.questionsFrom, { names });
}

/** Keeps the countdown of `root` ([data-countdown], optional <progress data-bar>) running. */
export function paintClock(root, floor) {
  const head = floor.head;
  const speech = head && head.speech;
  const element = root.querySelector("[data-countdown]");
  if (!element) return null;
  const elapsed = floor.elapsed(speech);
  announce(root.querySelector("[data-clock-announce]"), speech, elapsed);
  return paint(element, speech, elapsed, root.querySelector("progress[data-bar]"));
}

/** Fills an <ol> with the next speakers; `extra(item)` may add nodes to each item. */
export function renderQueue(list, items, strings, labels, extra = () => null) {
  const rows = items.map((item) => {
    const who = describe(item);
    const marker = item.invited ? strings.invitedMarker : String(item.position ?? "");
    // The marker (position, or "Invited") is drawn by the stylesheet from data-marker, so that
    // the item's text begins with who speaks.
    return h(
      "li",
      { dataset: { entry: item.id ?? "", invited: item.invited ? "true" : "false", marker } },
      h(
        "span",
        { className: "queue-who" },
        h("span", { className: "queue-name" }, who.headline),
        h("span", { className: "queue-person" }, who.person),
        item.on_behalf_of && item.on_behalf_of !== who.headline
          ? h("span", { className: "queue-behalf" }, format(strings.onBehalfOf, { name: item.on_behalf_of }))
          : null,
        item.kind && (item.speech_kind || item.kind) !== "statement"
          ? h("span", { className: "queue-kind" }, label(labels, "kinds", item.speech_kind || item.kind))
          : null,
        item.invited && item.questions && item.questions.length
          ? h("span", { className: "queue-questions", dataset: { testid: "panellist-questions" } }, questionsText(item.questions, strings))
          : null,
      ),
      extra(item),
    );
  });
  if (!rows.length) rows.push(h("li", { className: "queue-empty" }, strings.nobodyWaiting));
  list.replaceChildren(...rows);
}

/** Shows whether the live stream is connected in [data-connection] elements. */
export function showConnection(root, floor, strings) {
  const elements = root.querySelectorAll("[data-connection]");
  floor.onConnection((connected) => {
    for (const element of elements) {
      element.dataset.connected = connected ? "true" : "false";
      element.textContent = connected ? strings.live : strings.reconnecting;
    }
  });
}
