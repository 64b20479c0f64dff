// A step-through page of many snapshots of one graph (viz/snapshots.py): where its texts differ
// between snapshots they hold slots, which this fills from the chosen snapshot's row before
// the other modules read the page. #snapshot=STEP in the address chooses the snapshot (the
// training page links it); the header's menu switches to another, reloading the page there.
import { goToAddress, readAddress, reloadOnChange } from "viz/address.js";

// `data` (the page's JSON) as the chosen snapshot has it, its drawings' texts and fills filled
// in too; a page of one graph is returned as it is.
export function atSnapshot(data) {
  if (!data.snapshots) return data;
  const { steps, rows } = data.snapshots;
  const asked = readAddress().get("snapshot");
  const found = steps.indexOf(Number(asked));
  // A step this page has no snapshot of: the last one before it, as train --backward-steps
  // rounds (and the menu says so); none named: the first.
  const before = steps.filter((step) => step <= Number(asked)).length - 1;
  const k = found >= 0 ? found : Math.max(before, 0);
  const row = rows[k];
  // A text slot is \ue000 column \ue003; a slot holding a whole JSON value (a number, or a
  // part whose shape differs between snapshots) is \ue001 column \ue003.
  const fill = (text) => text.replace(/\ue000(\d+)\ue003/g, (_, column) => row[column]);
  const filled = (value) => {
    if (typeof value === "string") {
      const whole = /^\ue001(\d+)\ue003$/.exec(value);
      return whole ? JSON.parse(row[whole[1]]) : fill(value);
    }
    if (Array.isArray(value)) return value.map(filled);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, filled(item)]));
    }
    return value;
  };
  const { snapshots, ...rest } = data;
  for (const text of document.querySelectorAll("#graph svg text")) {
    text.textContent = fill(text.textContent);
  }
  for (const shape of document.querySelectorAll("#graph svg [fill]")) {
    shape.setAttribute("fill", fill(shape.getAttribute("fill")));
  }
  showMenu(steps, k, asked !== null && found < 0 ? asked : null);
  return { ...filled(rest), snapshot: steps[k] };
}

// The header's menu of snapshots; `missing`: a step the address asked for that has none here.
function showMenu(steps, k, missing) {
  const label = document.createElement("label");
  label.id = "snapshot-choice";
  label.title = "The network's weights after this many training steps";
  const menu = document.createElement("select");
  menu.id = "snapshot";
  menu.append(...steps.map((step) => new Option(String(step), String(step))));
  menu.selectedIndex = k;
  label.append("Training step ", menu);
  if (missing !== null) label.append(` (none at ${missing} on this page)`);
  document.querySelector("header fieldset").after(label);
  menu.addEventListener("change", () => {
    const link = readAddress();
    link.set("snapshot", menu.value);
    goToAddress(link); // the page reloads at it (reloadOnChange)
  });
  reloadOnChange("snapshot", String(steps[k]));
}
