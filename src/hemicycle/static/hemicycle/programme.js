// The programme editor: "Add a segment" appends a blank segment form (Django formset) from the
// page's <template>, numbered after the forms already there.
const add = document.getElementById("add-segment");
const template = document.getElementById("segment-template");
const list = document.getElementById("segments");
const total = document.querySelector("input[name$='-TOTAL_FORMS']");

if (add && template && list && total) {
  add.addEventListener("click", () => {
    const index = Number(total.value);
    const html = template.innerHTML.replaceAll("__prefix__", String(index));
    list.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const added = list.lastElementChild;
    added.querySelector("select, input:not([type=hidden])")?.focus();
    added.scrollIntoView({ block: "start" });
  });
}
