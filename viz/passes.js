// The passes as changes to the drawing's nodes: each node's drawn texts and shape, its state
// before any step, and for every step of every pass the states it overwrote, so that a step
// forward or back (page.js) costs only the nodes it changes.
import { data } from "viz/data.js";
import { passKey } from "viz/units.js";

// The passes: forward, backward in topological order, and backward by naive recursion.
export const MODES = ["forward", "backward", "naive", "quiz"];

// Each node's drawn parts. A box reads name | data | grad, so data and grad are its last two
// texts, whatever its name says (a name may itself start with "data " or "grad ").
export const nodes = data.ids.map((id, i) => {
  const group = document.getElementById(id);
  const texts = group.querySelectorAll("text");
  const constant = data.constants[i];
  const op = document.getElementById(id + "_op");
  group.querySelector("title").textContent = data.tooltips[i];
  if (op) op.querySelector("title").textContent = data.tooltips[i];
  const dataText = constant ? texts[0] : texts[texts.length - 2];
  const gradText = constant ? null : texts[texts.length - 1];
  return { group, op, shape: group.querySelector("polygon"), dataText, gradText,
           drawnData: dataText.textContent,
           gradWord: gradText ? gradText.textContent.split(" ")[0] : "" }; // "grad", or a unit's "δ"
});

// Node i's state before the first step of a pass in `mode`.
export function initial(mode, i) {
  const constant = data.constants[i];
  const fill = constant ? data.constantColour : data.zeroColour;
  // Backward, a node no step has reached shows no gradient (not 0, which would be a value).
  const word = nodes[i].gradWord;
  if (mode !== "forward") return { data: nodes[i].drawnData, grad: `${word} –`, fill, pending: false };
  return { data: constant ? "?" : "data ?", grad: `${word} ?`, fill, pending: true };
}

// A change [node, text, colour, final]: final false marks a gradient still partial (more of
// the node's users will add to it), drawn dashed.
export function changed(state, [i, text, colour, final]) {
  const next = { ...state, pending: false, partial: final === false };
  if (/^(grad|δ) /.test(text)) next.grad = text; else next.data = text;
  if (colour && !data.constants[i]) next.fill = colour;
  return next;
}

// Each view's passes: the op view's, and the neuron view's where there is one (units.js).
// Quiz mode steps the backward pass with each new gradient hidden until the learner gives it.
export const passes = Object.fromEntries(
  MODES.map((m) => [m, data[m === "quiz" ? "backward" : m]]));
for (const m in data.units ?? {}) passes[passKey(m, "units")] = data.units[m];

// undo[pass][s][c]: the state of the node that change c of step s overwrote.
export const undo = {};
for (const [key, pass] of Object.entries(passes)) {
  const states = nodes.map((_, i) => initial(key.split(" ").pop(), i));
  undo[key] = pass.map((s) => s.changes.map((change) => {
    const before = states[change[0]];
    states[change[0]] = changed(before, change);
    return before;
  }));
}

// Each node's state as drawn now.
export const states = [];

export function paint(i, state) {
  const node = nodes[i];
  states[i] = state;
  node.dataText.textContent = state.data;
  if (node.gradText) node.gradText.textContent = state.grad;
  node.shape.setAttribute("fill", state.fill);
  node.group.classList.toggle("pending", state.pending);
  node.group.classList.toggle("partial", Boolean(state.partial));
}
