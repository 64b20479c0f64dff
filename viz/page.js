// The step-through page's steps and controls: a step changes only what it lists. The view
// (view.js, which runs before this) defines `pane`, `svg`, `fit`, `reveal` and the zoom.
const data = JSON.parse(document.getElementById("steps").textContent);
const slider = document.getElementById("slider");
const playButton = document.getElementById("play");
// The passes: forward, backward in topological order, and backward by naive recursion.
const MODES = ["forward", "backward", "naive"];

// Hovering names what a node is, not its SVG id.
const title = svg.querySelector(":scope > g > title");
if (title) title.textContent = document.title;
for (const cluster of svg.querySelectorAll("g.cluster")) {
  const label = cluster.querySelector("text");
  cluster.querySelector("title").textContent = label ? label.textContent : "";
}
for (const edge of svg.querySelectorAll("g.edge")) edge.querySelector("title").textContent = "";

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
  return { group, op, shape: group.querySelector("polygon"), dataText,
           gradText: constant ? null : texts[texts.length - 1], drawnData: dataText.textContent };
});

// Steps: each lists what it changes, and remembers what it overwrote, so that a step
// forward or back costs only the nodes it changes.
function initial(mode, i) {
  const constant = data.constants[i];
  const fill = constant ? data.constantColour : data.zeroColour;
  // Backward, a node no step has reached shows no gradient (not 0, which would be a value).
  if (mode !== "forward") return { data: nodes[i].drawnData, grad: "grad –", fill, pending: false };
  return { data: constant ? "?" : "data ?", grad: "grad ?", fill, pending: true };
}

// A change [node, text, colour, final]: final false marks a gradient still partial (more of
// the node's users will add to it), drawn dashed.
function changed(state, [i, text, colour, final]) {
  const next = { ...state, pending: false, partial: final === false };
  if (text.startsWith("grad ")) next.grad = text; else next.data = text;
  if (colour && !data.constants[i]) next.fill = colour;
  return next;
}

// undo[mode][s][c]: the state of the node that change c of step s overwrote.
const undo = {};
for (const mode of MODES) {
  const states = nodes.map((_, i) => initial(mode, i));
  undo[mode] = data[mode].map((s) => s.changes.map((change) => {
    const before = states[change[0]];
    states[change[0]] = changed(before, change);
    return before;
  }));
}

const states = [];
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
let timer = null;
let highlighted = [];
let flowing = [];

function steps() {
  return data[mode];
}

function reset() {
  nodes.forEach((_, i) => paint(i, initial(mode, i)));
  applied = -1;
}

function show(k, { follow = true } = {}) {
  step = Math.max(0, Math.min(k, steps().length - 1));
  while (applied < step) {
    applied += 1;
    for (const change of steps()[applied].changes) paint(change[0], changed(states[change[0]], change));
  }
  while (applied > step) {
    const s = steps()[applied];
    for (let c = s.changes.length - 1; c >= 0; c -= 1) paint(s.changes[c][0], undo[mode][applied][c]);
    applied -= 1;
  }
  for (const element of highlighted) element.classList.remove("current", "operand", "diverged");
  for (const edge of flowing) edge.classList.remove("flow");
  const current = steps()[step];
  const node = nodes[current.node];
  highlighted = [node.group, ...current.operands.map((i) => nodes[i].group)];
  node.group.classList.add("current");
  if (node.op) {
    node.op.classList.add("current");
    highlighted.push(node.op);
  }
  for (const i of current.operands) nodes[i].group.classList.add("operand");
  // The edges the gradient flows along at this step: from the node back to its operands.
  flowing = !current.flow ? [] : ["out", "a", "b"]
    .map((end) => document.getElementById(`${data.ids[current.node]}_${end}`))
    .filter((edge) => edge);
  for (const edge of flowing) edge.classList.add("flow");
  // Naive mode's last step: the first node whose gradient differs from the correct one.
  if (current.diverged !== undefined) {
    nodes[current.diverged].group.classList.add("diverged");
    highlighted.push(nodes[current.diverged].group);
  }
  if (follow) reveal(highlighted);
  markInOverview(node.group);

  document.getElementById("step-title").textContent = current.title;
  document.getElementById("lines").replaceChildren(...current.lines.map((line) => {
    const item = document.createElement("li");
    item.textContent = line;
    return item;
  }));
  slider.max = steps().length - 1;
  slider.value = step;
  const label = `${mode} step ${step} of ${steps().length - 1}`;
  slider.setAttribute("aria-valuetext", label);
  document.getElementById("counter").textContent = label;
  const hash = `#step=${step}&mode=${mode}`;
  if (location.hash !== hash) {
    try {
      history.replaceState(null, "", hash); // a link to this step, e.g. for a slide
    } catch (error) {
      // A page shown from a string (an iframe's srcdoc) has no address to update.
    }
  }
}

// Controls.
function pause() {
  clearInterval(timer);
  timer = null;
  playButton.textContent = "Play";
  playButton.setAttribute("aria-pressed", "false");
}

function togglePlay() {
  if (timer) return pause();
  if (step === steps().length - 1) show(0);
  playButton.textContent = "Pause";
  playButton.setAttribute("aria-pressed", "true");
  timer = setInterval(() => (step < steps().length - 1 ? show(step + 1) : pause()), 900);
}

function setMode(newMode, k = 0) {
  pause();
  mode = newMode;
  document.querySelector(`input[value="${mode}"]`).checked = true;
  reset();
  show(k);
}

// Open at the step and pass the address names: page.html#step=12&mode=forward.
function openLink() {
  const link = new URLSearchParams(location.hash.slice(1));
  const linked = Number.parseInt(link.get("step") ?? "0", 10);
  const linkedMode = MODES.includes(link.get("mode")) ? link.get("mode") : "backward";
  setMode(linkedMode, Number.isFinite(linked) ? linked : 0);
}

document.getElementById("reset").addEventListener("click", () => { pause(); show(0); });
document.getElementById("prev").addEventListener("click", () => { pause(); show(step - 1); });
document.getElementById("next").addEventListener("click", () => { pause(); show(step + 1); });
document.getElementById("zoom-in").addEventListener("click", () => zoomAroundCurrent(1.5));
document.getElementById("zoom-out").addEventListener("click", () => zoomAroundCurrent(1 / 1.5));
fitButton.addEventListener("click", toggleFit);
playButton.addEventListener("click", togglePlay);
slider.addEventListener("input", () => { pause(); show(Number(slider.value)); });
for (const radio of document.querySelectorAll('input[name="mode"]')) {
  radio.addEventListener("change", () => setMode(radio.value));
}
addEventListener("hashchange", () => {
  if (location.hash !== `#step=${step}&mode=${mode}`) openLink();
});
// How the focused control was reached: a click or Tab (see the keys below).
let focusedBy = "keyboard";
document.addEventListener("pointerdown", () => { focusedBy = "pointer"; }, true);
document.addEventListener("keydown", (event) => {
  const actions = {
    ArrowRight: () => { pause(); show(step + 1); },
    ArrowLeft: () => { pause(); show(step - 1); },
    Home: () => { pause(); show(0); },
    End: () => { pause(); show(steps().length - 1); },
    " ": togglePlay,
    f: () => setMode("forward"),
    b: () => setMode("backward"),
    n: () => setMode("naive"),
    "+": () => zoomAroundCurrent(1.5),
    "=": () => zoomAroundCurrent(1.5),
    "-": () => zoomAroundCurrent(1 / 1.5),
    0: toggleFit,
  };
  // Letters work with Shift (the help shows capitals).
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  // The slider steps with the arrow keys itself. A control reached with Tab keeps its own keys
  // (arrows choose a radio button, Space presses a button); one just clicked does not, so
  // that → after clicking a pass steps, and Space after clicking Next plays.
  if (event.key === "Tab") focusedBy = "keyboard";
  const typed = event.target.matches("input[type=range]")
    || (event.target.matches("input, button") && focusedBy === "keyboard");
  const own = typed ? ["ArrowRight", "ArrowLeft", "ArrowUp", "ArrowDown", "Home", "End", " "] : [];
  if (own.includes(key)) return;
  if (event.ctrlKey || event.metaKey || event.altKey || !(key in actions)) return;
  event.preventDefault();
  actions[key]();
});

document.getElementById("legend-title").textContent = data.legendTitle;
document.getElementById("colours").replaceChildren(...data.legend.map(([text, colour]) => {
  const item = document.createElement("li");
  const swatch = document.createElement("span");
  swatch.style.background = colour;
  item.append(swatch, text);
  return item;
}));
fit();
openLink();
focus(highlighted); // open readable: this step's node and operands, text >= READABLE_PX
