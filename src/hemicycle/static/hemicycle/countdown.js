// A speech's clock as the room sees it: the time left (m:ss), amber for the last 30 seconds, then red
// and counting up ("+0:12") once the limit is passed. A speech without a limit counts up.

export const WARNING_S = 30;

/** 75 → "1:15"; 3725 → "1:02:05". */
export function formatSeconds(seconds) {
  const total = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = String(total % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

/**
 * What the clock shows for `speech` after `elapsed` seconds:
 * { text, state, fraction } where state is "idle" (nobody speaks), "open" (no limit), "normal",
 * "warning" (30 s or less left) or "overrun"; fraction is the share of the limit used (0–1).
 */
export function clock(speech, elapsed) {
  if (!speech) return { text: "", state: "idle", fraction: 0 };
  if (speech.limit_s == null) return { text: formatSeconds(elapsed), state: "open", fraction: 0 };
  const remaining = speech.limit_s - elapsed;
  const fraction = speech.limit_s > 0 ? Math.min(1, Math.max(0, elapsed / speech.limit_s)) : 1;
  if (remaining >= 0) {
    // Rounded up, so that a 3-minute speech starts on 3:00 and the limit falls on 0:00.
    const text = formatSeconds(Math.ceil(remaining));
    return { text, state: remaining <= WARNING_S ? "warning" : "normal", fraction };
  }
  return { text: `+${formatSeconds(-remaining)}`, state: "overrun", fraction: 1 };
}

/**
 * Shows the clock of `speech` in `element` (text and data-state for the colours); touches the DOM
 * only when something changed. `bar`, if given, is a <progress> showing the share of the limit used.
 */
export function paint(element, speech, elapsed, bar = null) {
  const shown = clock(speech, elapsed);
  if (element.textContent !== shown.text) element.textContent = shown.text;
  const paused = speech && !speech.running ? "true" : "false";
  if (element.dataset.state !== shown.state) element.dataset.state = shown.state;
  if (element.dataset.paused !== paused) element.dataset.paused = paused;
  if (bar) {
    bar.max = 1000;
    bar.value = Math.round(shown.fraction * 1000);
    bar.dataset.state = shown.state;
    bar.hidden = !speech || speech.limit_s == null;
  }
  return shown;
}

/** The moments a screen reader hears the time left: a minute, thirty seconds, and the limit. */
export const ANNOUNCE_AT = [60, 30, 0];

/**
 * The last of ANNOUNCE_AT that `speech` has reached after `elapsed` seconds, or null: before the
 * first, without a limit, or for a mark above the limit itself (a 20-second reply has no "one
 * minute left").
 */
export function announcementDue(speech, elapsed) {
  if (!speech || speech.limit_s == null) return null;
  const remaining = speech.limit_s - elapsed;
  let due = null;
  for (const mark of ANNOUNCE_AT) {
    if (remaining <= mark && speech.limit_s > mark) due = mark;
  }
  return due;
}

/**
 * Writes to `region` (an aria-live element with data-at-60, data-at-30 and data-at-0 holding the
 * words) only when the speech reaches a new mark, so a screen reader hears three announcements
 * per speech, not one a second. A speech joined late announces only the mark it is at.
 */
export function announce(region, speech, elapsed) {
  if (!region) return;
  const due = announcementDue(speech, elapsed);
  const key = speech ? `${speech.id}|${due}` : "";
  if (region.dataset.announced === key) return;
  region.dataset.announced = key;
  region.textContent = due == null ? "" : region.getAttribute(`data-at-${due}`) || "";
}

/** Calls `draw()` now and four times a second while the page is visible. */
export function every250ms(draw) {
  draw();
  let timer = window.setInterval(draw, 250);
  document.addEventListener("visibilitychange", () => {
    window.clearInterval(timer);
    if (!document.hidden) {
      draw();
      timer = window.setInterval(draw, 250);
    }
  });
}

/** The bell at the limit: `root` flashes for 3 s and, if the browser lets the page play sound, a
 * tone sounds for a second. */
export function ring(root) {
  root.classList.add("is-ringing");
  window.setTimeout(() => root.classList.remove("is-ringing"), 3000);
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.3, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 1);
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 1);
  } catch {
    // Without a user gesture some browsers refuse sound; the flash and the notice remain.
  }
}
