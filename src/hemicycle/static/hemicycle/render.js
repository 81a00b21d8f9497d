// Small helpers the pages share: who a speech or a request is (in the words of the labels), the
// translated strings a template hands to its script, and DOM building without innerHTML.

/** The page's translated strings: the data-* attributes of #page-strings (data-paused → paused). */
export function pageStrings(id = "page-strings") {
  const element = document.getElementById(id);
  return element ? { ...element.dataset } : {};
}

/**
 * "on behalf of {name}" + {name: "EU"} → "on behalf of EU". Each value is set in a Unicode
 * isolate (FSI … PDI), so that a Latin name inside Arabic text keeps its own direction.
 */
export function format(template, values) {
  return String(template ?? "").replace(/\{(\w+)\}/g, (match, name) =>
    name in values ? `\u2068${values[name]}\u2069` : match,
  );
}

/** The label of a code in one of the label tables (kinds, levels, reasons, categories). */
export function label(labels, table, code) {
  return (labels && labels[table] && labels[table][code]) || code || "";
}

let names = null;

/** A delegation's name in the page's language (CLDR, from the labels' "delegations" table). */
function localName(code) {
  if (names === null) {
    const element = document.getElementById("floor-labels");
    names = element ? JSON.parse(element.textContent).delegations || {} : {};
  }
  return names[code];
}

/**
 * How to name a speech, a request to speak or an invited speaker:
 * headline — the delegation, or the person when they speak for no delegation (a panellist);
 * person — the speaker and their title (or title and organisation for a panellist).
 */
export function describe(item) {
  if (!item) return { headline: "", person: "" };
  const speaker = item.speaker ?? item.name ?? "";
  const organisation = item.delegation_name ?? item.organisation ?? "";
  if (item.delegation) {
    return {
      headline: localName(item.delegation) || organisation || item.delegation,
      person: [speaker, item.title].filter(Boolean).join(", "),
    };
  }
  return {
    headline: speaker || organisation,
    person: [speaker ? item.title : "", speaker ? organisation : ""].filter(Boolean).join(", "),
  };
}

/** Builds an element: h("li", {className: "x", dataset: {id: 3}}, "text", child). */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === "dataset") Object.assign(element.dataset, value);
    else if (key in element && key !== "list") element[key] = value;
    else element.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child == null || child === false || child === "") continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** Sets the text of `[data-field=name]` under `root`, hiding it when empty. */
export function fill(root, name, text) {
  for (const element of root.querySelectorAll(`[data-field="${name}"]`)) {
    const value = text ?? "";
    if (element.textContent !== value) element.textContent = value;
    element.hidden = value === "";
  }
}

/** Shows the children of `root` marked data-when="state" and hides the other states. */
export function showState(root, state) {
  for (const element of root.querySelectorAll("[data-when]")) {
    element.hidden = !element.dataset.when.split(" ").includes(state);
  }
}

/** The state of the floor that the pages show: who has it, or why nobody does. */
export function floorState(head) {
  if (head.speech) return "speech";
  if (head.invited && head.invited.length) return "invited";
  return "idle";
}

/** The page's language for Intl: English as the UN writes it (day before month). */
export function intlLanguage() {
  const language = document.documentElement.lang || undefined;
  return language === "en" ? "en-GB" : language;
}

/** Formats <time data-local> elements in the meeting's time zone and the page's language. */
export function localTimes(root, timeZone) {
  const language = intlLanguage();
  let formatter;
  try {
    formatter = new Intl.DateTimeFormat(language, {
      timeZone,
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
  } catch {
    return;
  }
  for (const element of root.querySelectorAll("time[data-local]")) {
    const moment = new Date(element.getAttribute("datetime"));
    if (Number.isNaN(moment.getTime())) continue;
    element.textContent = formatter.format(moment);
    element.title = element.getAttribute("datetime");
  }
}
