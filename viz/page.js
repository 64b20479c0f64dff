// The step-through page's steps and controls: a step changes only what it lists. The page's
// main module: it imports the view (view.js: fit, zoom, follow) and the neuron view (units.js).
import { followAddress, readAddress, writeAddress } from "viz/address.js";
import { cardTable, lineItem } from "viz/aside.js";
import { data } from "viz/data.js";
import { listenToKeys } from "viz/keys.js";
import { answerInput, makeQuiz } from "viz/quiz.js";
import { makeStepper } from "viz/stepper.js";
import {
  followSteps, graphView, paintInsides, passKey, setGraphView, toggleInside, unitsDrawing,
} from "viz/units.js";
import {
  fit, focus, markInOverview, refit, reveal, showing, shownDrawing, toggleFit, zoomAroundCurrent,
} from "viz/view.js";

// The passes: forward, backward in topological order, and backward by naive recursion.
const MODES = ["forward", "backward", "naive", "quiz"];

// Hovering names what a node is, not its SVG id (in the op view, shown first).
const opsDrawing = shownDrawing();
const title = opsDrawing.querySelector(":scope > g > title");
if (title) title.textContent = document.title;
for (const cluster of opsDrawing.querySelectorAll("g.cluster")) {
  const label = cluster.querySelector("text");
  cluster.querySelector("title").textContent = label ? label.textContent : "";
}
for (const edge of opsDrawing.querySelectorAll("g.edge")) {
  edge.querySelector("title").textContent = "";
}

// Each node's drawn parts. A box reads name | data | grad, so data and grad are its last two
// texts, whatever its name says (a name may itself start with "data " or "grad ").
const nodes = data.ids.map((id, i) => {
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

// Steps: each lists what it changes, and remembers what it overwrote, so that a step
// forward or back costs only the nodes it changes.
function initial(mode, i) {
  const constant = data.constants[i];
  const fill = constant ? data.constantColour : data.zeroColour;
  // Backward, a node no step has reached shows no gradient (not 0, which would be a value).
  const word = nodes[i].gradWord;
  if (mode !== "forward") return { data: nodes[i].drawnData, grad: `${word} –`, fill, pending: false };
  return { data: constant ? "?" : "data ?", grad: `${word} ?`, fill, pending: true };
}

// A change [node, text, colour, final]: final false marks a gradient still partial (more of
// the node's users will add to it), drawn dashed.
function changed(state, [i, text, colour, final]) {
  const next = { ...state, pending: false, partial: final === false };
  if (/^(grad|δ) /.test(text)) next.grad = text; else next.data = text;
  if (colour && !data.constants[i]) next.fill = colour;
  return next;
}

// Each view's passes: the op view's, and the neuron view's where there is one (units.js).
// Quiz mode steps the backward pass with each new gradient hidden until the learner gives it.
const passes = Object.fromEntries(MODES.map((m) => [m, data[m === "quiz" ? "backward" : m]]));
for (const m in data.units ?? {}) passes[passKey(m, "units")] = data.units[m];

// undo[pass][s][c]: the state of the node that change c of step s overwrote.
const undo = {};
for (const [key, pass] of Object.entries(passes)) {
  const states = nodes.map((_, i) => initial(key.split(" ").pop(), i));
  undo[key] = pass.map((s) => s.changes.map((change) => {
    const before = states[change[0]];
    states[change[0]] = changed(before, change);
    return before;
  }));
}

const states = [];
// An open unit of the neuron view follows its node's state (units.js).
followSteps((g) => {
  const i = data.ids.indexOf(`u${g}`);
  return i < 0 || !states[i] ? null : { state: states[i], mode };
});

function paint(i, state) {
  const node = nodes[i];
  states[i] = state;
  node.dataText.textContent = state.data;
  if (node.gradText) node.gradText.textContent = state.grad;
  node.shape.setAttribute("fill", state.fill);
  node.group.classList.toggle("pending", state.pending);
  node.group.classList.toggle("partial", Boolean(state.partial));
}

let mode = "backward";
let step = 0;
let applied = -1; // steps 0..applied of `mode` are on the drawing
let highlighted = [];
let flowing = [];

function steps() {
  return passes[passKey(mode, graphView)];
}

function reset() {
  nodes.forEach((_, i) => paint(i, initial(mode, i)));
  applied = -1;
}

function show(k, { follow = true } = {}) {
  if (applied === step) quiz.revealRest(); // a step left unanswered: its gradients shown first
  step = Math.max(0, Math.min(k, steps().length - 1));
  while (applied < step) {
    applied += 1;
    for (const change of steps()[applied].changes) paint(change[0], changed(states[change[0]], change));
  }
  while (applied > step) {
    const s = steps()[applied];
    const undone = undo[passKey(mode, graphView)][applied];
    for (let c = s.changes.length - 1; c >= 0; c -= 1) paint(s.changes[c][0], undone[c]);
    applied -= 1;
  }
  for (const element of highlighted) element.classList.remove("current", "operand", "diverged");
  for (const edge of flowing) edge.classList.remove("flow");
  const current = steps()[step];
  const node = nodes[current.node];
  highlighted = [node.group, ...current.operands.map((i) => nodes[i].group)];
  showing(highlighted); // the view centres zoom and fit on these (more are pushed below)
  node.group.classList.add("current");
  if (node.op) {
    node.op.classList.add("current");
    highlighted.push(node.op);
  }
  for (const i of current.operands) nodes[i].group.classList.add("operand");
  // The edges the gradient flows along at this step: from the node back to its operands.
  const flowIds = current.flow ? ["out", "a", "b"].map((end) => `${data.ids[current.node]}_${end}`)
    : current.edges ?? [];
  flowing = flowIds.map((id) => document.getElementById(id)).filter((edge) => edge);
  for (const edge of flowing) edge.classList.add("flow");
  // Naive mode's last step: the first node whose gradient differs from the correct one.
  if (current.diverged !== undefined) {
    nodes[current.diverged].group.classList.add("diverged");
    highlighted.push(nodes[current.diverged].group);
  }
  // The summary card widens the explanation (on a wide screen), so the view is first applied
  // to the narrower pane (as the ResizeObserver would, but later), then it follows.
  const main = document.querySelector("main");
  if (main.classList.contains("card") !== Boolean(current.tables)) {
    main.classList.toggle("card");
    refit();
  }
  if (follow) reveal(highlighted, Boolean(current.tables)); // the summary: every input in view
  markInOverview(node.group);
  paintInsides(); // an open unit shows this step's numbers

  document.getElementById("step-title").textContent = current.title;
  quiz.begin();
  showLines();
  quiz.ask();
  stepper.mark(`${mode} step ${step} of ${steps().length - 1}`);
  writeAddress(address()); // a link to this step, e.g. for a slide
}

// The step's explanation; in quiz mode, until its questions are answered, only the upstream
// gradient (the first line), since the others give the answers away.
function showLines() {
  const current = steps()[step];
  const open = quiz.done();
  const lines = open ? current.lines : current.lines.slice(0, 1);
  document.getElementById("lines").replaceChildren(...lines.map(lineItem));
  const tables = (open && current.tables) || [];
  document.getElementById("card").replaceChildren(...tables.flatMap(cardTable));
  const code = (open && current.code) || [];
  document.getElementById("code").textContent = code.join("\n")
    || (open ? "(no line of its own)" : "(shown once you answer)");
}

// The code panel (key C): this step's lines of the code autograd_mini.compile writes.
const codePanel = document.getElementById("code-panel");
function toggleCode() {
  codePanel.open = !codePanel.open;
}

// Quiz mode (viz/quiz.js): this step's questions, each the gradient one of its changes gives.
const quiz = makeQuiz({
  on: () => mode === "quiz",
  questions: () => (mode === "quiz" && steps()[step].quiz) || [],
  hide: (c) => {
    const i = steps()[step].changes[c][0];
    paint(i, { ...states[i], grad: "grad ?", fill: data.zeroColour, partial: false });
  },
  reveal: (c) => {
    const change = steps()[step].changes[c];
    paint(change[0], changed(states[change[0]], change));
  },
  last: () => step === steps().length - 1,
  answered: (right) => {
    showLines();
    if (right && step < steps().length - 1) show(step + 1);
    else quiz.ask();
  },
});

// Controls (viz/stepper.js) and keys (viz/keys.js), as on the training page.
const stepper = makeStepper({ count: () => steps().length, current: () => step, show,
                              interval: 900 });

// Key U and the toggle: the other view, at the first step there on this step's unit (the
// backward pass when the other view has no such pass).
function toggleView() {
  if (!unitsDrawing) return;
  const next = graphView === "units" ? "ops" : "units";
  const pass = passes[passKey(mode, next)] ? mode : "backward";
  const here = steps()[step].node;
  const unit = graphView === "units" ? here : data.unitOf[here];
  const found = passes[passKey(pass, next)].findIndex((s) =>
    (next === "units" ? s.node : data.unitOf[s.node]) === unit);
  setMode(pass, Math.max(found, 0), next);
}

// Enter: open or close this step's unit.
function toggleCurrentInside() {
  if (graphView === "units") toggleInside(nodes[steps()[step].node].group);
}

// A pass of the op view or, where it has one, of the neuron view (naive and quiz have none).
function setMode(newMode, k = 0, newView = graphView) {
  stepper.pause();
  if (applied === step) quiz.revealRest();
  if (newMode === "quiz" && mode !== "quiz") quiz.resetScore();
  const moved = setGraphView(passes[passKey(newMode, newView)] ? newView : "ops");
  if (moved) fit(); // the other drawing: read where this step's node is from the whole of it
  mode = newMode;
  document.querySelector(`input[value="${mode}"]`).checked = true;
  reset();
  showLegend();
  show(k);
  if (moved) focus(highlighted);
}

// Open at the step, pass and view the address names: page.html#step=12&mode=forward, or
// #view=units&step=3 for the neuron view.
function openLink() {
  const link = readAddress();
  const linked = Number.parseInt(link.get("step") ?? "0", 10);
  const linkedMode = MODES.includes(link.get("mode")) ? link.get("mode") : "backward";
  const linkedView = link.get("view") === "units" ? "units" : "ops";
  setMode(linkedMode, Number.isFinite(linked) ? linked : 0, linkedView);
}

function address() {
  const at = data.snapshot === undefined ? "" : `snapshot=${data.snapshot}&`; // viz/snapshots.js
  return `#${at}${graphView === "units" ? "view=units&" : ""}step=${step}&mode=${mode}`;
}

for (const radio of document.querySelectorAll('input[name="mode"]')) {
  radio.addEventListener("change", () => setMode(radio.value));
}
for (const radio of document.querySelectorAll('input[name="view"]')) {
  radio.addEventListener("change", toggleView);
}
followAddress(openLink, address);
listenToKeys(stepper, {
  f: () => setMode("forward"),
  b: () => setMode("backward"),
  n: () => setMode("naive"),
  q: () => setMode("quiz"),
  u: toggleView,
  Enter: toggleCurrentInside,
  c: toggleCode,
  "+": () => zoomAroundCurrent(1.5),
  "=": () => zoomAroundCurrent(1.5),
  "-": () => zoomAroundCurrent(1 / 1.5),
  0: toggleFit,
}, { ignore: (target) => target === answerInput }); // an answer's keys are the learner's

// The legend lists what this pass shows: its highlights, and the gradient colours its steps
// use (none going forward; constants only where the drawing has some).
function showLegend() {
  const pass = passKey(mode, graphView).replace(" ", "-");
  for (const item of document.querySelectorAll("#highlights li[data-passes]")) {
    item.hidden = !item.dataset.passes.split(" ").includes(pass);
  }
  const used = new Set(steps().flatMap((s) => s.changes.map((change) => change[2])));
  used.delete("");
  const drawn = (i) => shownDrawing().contains(nodes[i].group);
  if (used.size && data.constants.some((constant, i) => constant && drawn(i))) {
    used.add(data.constantColour);
  }
  const entries = data.legend.filter(([, colour]) => used.has(colour));
  const title = document.getElementById("legend-title");
  title.textContent = data.legendTitle;
  title.hidden = !entries.length;
  document.getElementById("colours").replaceChildren(...entries.map(([text, colour]) => {
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.style.background = colour;
    item.append(swatch, text);
    return item;
  }));
}
fit();
openLink();
focus(highlighted); // open readable: this step's node and operands, text >= READABLE_PX
