// The neuron view (key U, #view=units): one node per unit of an nn network, drawn and stepped
// by viz/unit_view.py, beside the op view. This module switches between the two drawings and
// opens a unit to its ops; page.js steps through whichever view is shown.
import { data } from "viz/data.js";
import { shownDrawing, showReadable, useDrawing } from "viz/view.js";

const opsDrawing = shownDrawing(); // view.js shows the op view first
export const unitsDrawing = document.getElementById("units")?.closest("svg") ?? null;
const viewChoice = document.getElementById("views");
export let graphView = "ops";
if (unitsDrawing) {
  unitsDrawing.style.display = "none";
  viewChoice.hidden = false; // a graph with no unit names has no neuron view, and no toggle
  document.getElementById("units-key").hidden = false;
}

// The key of a view's pass in page.js's `passes`: "backward", or "units backward".
export function passKey(pass, view) {
  return view === "units" ? `units ${pass}` : pass;
}

// Show the op view's drawing or the neuron view's; whether that changed the drawing.
export function setGraphView(next) {
  const before = graphView;
  graphView = next === "units" && unitsDrawing ? "units" : "ops";
  useDrawing(graphView === "units" ? unitsDrawing : opsDrawing);
  viewChoice.querySelector(`input[value="${graphView}"]`).checked = true;
  return graphView !== before;
}

// How far the pass has reached a unit (page.js's state of its node u{g}, and the pass), which
// its open inside follows; page.js gives it (followSteps) and repaints at each step.
let reached = () => null;
export function followSteps(unitState) {
  reached = unitState;
}

// An open unit's boxes with this step's numbers: going forward its ops' values once the unit
// is computed ("data ?" before), going back their gradients once its δ is (grad – before).
// The drawing holds the whole pass's numbers; they are kept in each box's dataset.
function paintInside(holder) {
  const found = reached(holder.id.slice(4));
  if (!found) return;
  const { state, mode } = found;
  const computed = mode !== "forward" || !state.pending;
  const back = mode !== "forward" && !state.grad.endsWith(" –");
  for (const box of holder.querySelectorAll("g.node")) {
    const texts = box.querySelectorAll("text");
    const [dataText, gradText] = [...texts].slice(-2);
    const shape = box.querySelector("polygon");
    if (!gradText?.textContent.startsWith("grad ") && !box.dataset.grad) continue; // a source
    box.dataset.data ??= dataText.textContent;
    box.dataset.grad ??= gradText.textContent;
    box.dataset.fill ??= shape.getAttribute("fill");
    dataText.textContent = computed ? box.dataset.data : "data ?";
    gradText.textContent = back ? box.dataset.grad : mode === "forward" ? "grad ?" : "grad –";
    shape.setAttribute("fill", back ? box.dataset.fill : data.zeroColour);
    box.classList.toggle("pending", !computed);
  }
}

export function paintInsides() {
  for (const holder of document.querySelectorAll("g.inside")) paintInside(holder);
}

// A unit opens to show its ops (click it, or Enter at its step), drawn by viz/unit_insides.py,
// over the drawing below it, with this step's numbers; the same again closes it.
export function toggleInside(node) {
  const g = node.id.slice(1);
  const open = document.getElementById(`open${g}`);
  if (open) return open.remove();
  if (!data.insides[g]) return;
  const inside = new DOMParser().parseFromString(data.insides[g], "image/svg+xml").documentElement;
  const box = inside.viewBox.baseVal;
  const at = node.getBBox();
  const x = at.x + at.width / 2 - box.width / 2;
  const svgNS = "http://www.w3.org/2000/svg";
  const holder = document.createElementNS(svgNS, "g");
  holder.id = `open${g}`;
  holder.classList.add("inside");
  const frame = document.createElementNS(svgNS, "rect");
  for (const [key, value] of Object.entries({ x: x - 4, y: at.y - 4, width: box.width + 8,
                                              height: box.height + 8 })) {
    frame.setAttribute(key, value);
  }
  for (const [key, value] of Object.entries({ x, y: at.y, width: box.width, height: box.height })) {
    inside.setAttribute(key, value);
  }
  holder.append(frame, document.importNode(inside, true));
  node.closest("g.graph").append(holder);
  paintInside(holder);
  showReadable(holder);
}

// A click (a press that did not move: a drag pans) on a unit, or on an open one, toggles it.
let pressed = null;
if (unitsDrawing) {
  unitsDrawing.addEventListener("pointerdown", (event) => {
    pressed = { x: event.clientX, y: event.clientY, target: event.target };
  });
  document.getElementById("graph").addEventListener("click", (event) => {
    const press = pressed;
    pressed = null;
    if (!press || graphView !== "units") return;
    if (Math.hypot(event.clientX - press.x, event.clientY - press.y) > 5) return;
    const open = press.target.closest("g.inside");
    const node = open ? document.getElementById(`u${open.id.slice(4)}`)
      : press.target.closest("g.node");
    if (node && unitsDrawing.contains(node)) toggleInside(node);
  });
}
