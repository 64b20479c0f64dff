// The step-through page's main module: where the page is (pass, view, step), a step shown with
// its highlights, explanation and quiz, and the controls, keys and address that move it. The
// nodes' states are passes.js's, the view's fit, zoom and follow view.js's, the neuron view
// units.js's, the legend legend.js's.
import { followAddress, readAddress, writeAddressSoon } from "viz/address.js";
import { cardTable, lineItem } from "viz/aside.js";
import { data } from "viz/data.js";
import { listenToKeys } from "viz/keys.js";
import "viz/gestures.js";  // drag, pinch, wheel, overview and zoom buttons move the view
import { showLegend } from "viz/legend.js";
import { MODES, changed, initial, nodes, paint, passes, states, undo } from "viz/passes.js";
import { answerInput, makeQuiz } from "viz/quiz.js";
import { makeStepper } from "viz/stepper.js";
import {
  followSteps, graphView, paintInsides, passKey, setGraphView, toggleInside, unitsDrawing,
} from "viz/units.js";
import {
  fit, focus, markNode, refit, reveal, showing, shownDrawing, toggleFit, zoomAroundCurrent,
} from "viz/view.js";

// An open unit of the neuron view follows its node's state (units.js).
followSteps((g) => {
  const i = data.ids.indexOf(`u${g}`);
  return i < 0 || !states[i] ? null : { state: states[i], mode };
});

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
  markNode(node.group);
  paintInsides(); // an open unit shows this step's numbers

  document.getElementById("step-title").textContent = current.title;
  quiz.begin();
  showLines();
  quiz.ask();
  stepper.mark(`${mode} step ${step} of ${steps().length - 1}`);
  writeAddressSoon(address()); // a link to this step, e.g. for a slide
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
  showLegend(passKey(mode, graphView), steps(), (i) => shownDrawing().contains(nodes[i].group));
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

fit();
openLink();
focus(highlighted); // open readable: this step's node and operands, text >= READABLE_PX
