// The floor followed live: the latest head (seq, server_time, speech, next…) from the page, from the
// chair's commands and from the SSE stream at /live/<meeting>/, and the clock to run countdowns on.
//
// The server's clock is the only clock. A head says how long the speech had run (`elapsed_s`) at
// `server_time`; we keep an estimate of the server's clock and run the countdown from there. The
// estimate is the largest (server_time − local receipt time) seen so far: every sample is late by its
// own delivery delay, so the largest is the closest, and a frame that was encoded long before it was
// sent (the stream's first frame is the one encoded at the last change) cannot drag the clock back.

const monotonicNow = () => performance.timeOrigin + performance.now();

export class Floor {
  constructor(slug, head) {
    this.slug = slug;
    this.streamUrl = `/live/${encodeURIComponent(slug)}/`;
    this.floorUrl = `/api/v1/meetings/${encodeURIComponent(slug)}/floor`;
    this.head = null;
    this.offset = -Infinity; // server clock − local monotonic clock, in ms
    this.listeners = new Set();
    this.connectionListeners = new Set();
    this.connected = false;
    this.source = null;
    this.connectedOnce = false;
    if (head) this.accept(head, { quiet: true });
  }

  /** Calls `listener(head, floor)` now and after every change. */
  subscribe(listener) {
    this.listeners.add(listener);
    if (this.head) listener(this.head, this);
    return () => this.listeners.delete(listener);
  }

  /** Calls `listener(connected)` when the stream opens or breaks. */
  onConnection(listener) {
    this.connectionListeners.add(listener);
    listener(this.connected);
    return () => this.connectionListeners.delete(listener);
  }

  /** Takes a head unless an older one than what is shown. Returns whether it was taken. */
  accept(head, { quiet = false, force = false } = {}) {
    if (!head || typeof head.seq !== "number") return false;
    const serverMs = Date.parse(head.server_time);
    if (Number.isFinite(serverMs)) {
      this.offset = Math.max(this.offset, serverMs - monotonicNow());
    }
    const previous = this.head;
    if (previous && head.seq < previous.seq && !force) return false;
    this.head = head;
    for (const listener of this.listeners) listener(head, this);
    // The list is fetched again only when it changed, not when a clock was paused or extended.
    if (!quiet && (!previous || previous.list_seq !== head.list_seq)) {
      document.body.dispatchEvent(new CustomEvent("floor-changed", { detail: head }));
    }
    return true;
  }

  /** The server's clock now, in ms since the epoch. */
  serverNow() {
    return Number.isFinite(this.offset) ? monotonicNow() + this.offset : Date.now();
  }

  /** Seconds a speech of the current head has run until now. */
  elapsed(speech) {
    if (!speech || !this.head) return 0;
    if (!speech.running) return speech.elapsed_s;
    const since = (this.serverNow() - Date.parse(this.head.server_time)) / 1000;
    return speech.elapsed_s + Math.max(0, since);
  }

  /** Opens the stream; the browser reconnects by itself and sends Last-Event-ID. */
  connect() {
    if (this.source) return this;
    if (!this.connectedOnce) {
      this.connectedOnce = true;
      // A page restored from the history shows the floor of its first visit: ask for the floor now.
      const [navigation] = performance.getEntriesByType("navigation");
      if (navigation && navigation.type === "back_forward") this.refresh();
      window.addEventListener("pageshow", (event) => event.persisted && this.refresh());
    }
    const source = new EventSource(this.streamUrl);
    this.source = source;
    let broken = false;
    source.addEventListener("floor", (event) => {
      try {
        this.accept(JSON.parse(event.data));
      } catch (error) {
        console.error("Hemicycle: unreadable floor message", error);
      }
    });
    source.addEventListener("open", () => {
      this.setConnected(true);
      // After a break, ask for the floor as it is now: it also refreshes the clock estimate.
      if (broken) this.refresh({ force: true });
      broken = false;
    });
    source.addEventListener("error", () => {
      broken = true;
      this.setConnected(false);
      if (source.readyState === EventSource.CLOSED) {
        // The server refused the stream (an error status): the browser will not retry on its own.
        this.source = null;
        window.setTimeout(() => this.connect(), 5000);
      }
    });
    return this;
  }

  setConnected(connected) {
    if (connected === this.connected) return;
    this.connected = connected;
    for (const listener of this.connectionListeners) listener(connected);
  }

  /** Fetches the floor now (GET /api/v1/meetings/<slug>/floor) and shows it. */
  async refresh({ force = false } = {}) {
    try {
      const response = await fetch(this.floorUrl, {
        headers: { Accept: "application/json" },
        cache: "no-store",
        credentials: "same-origin",
      });
      if (response.ok) this.accept(await response.json(), { force });
    } catch (error) {
      console.warn("Hemicycle: could not fetch the floor", error);
    }
  }
}

/** Reads a `{{ value|json_script:"id" }}` block. */
export function readJson(id, fallback = null) {
  const element = document.getElementById(id);
  if (!element) return fallback;
  try {
    return JSON.parse(element.textContent);
  } catch {
    return fallback;
  }
}
