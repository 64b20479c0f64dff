// The step-through page's behaviour: steps that change only what they list, and a zoomable view.
"use strict";
const data = JSON.parse(document.getElementById("steps").textContent);
const slider = document.getElementById("slider");
const playButton = document.getElementById("play");
const pane = document.getElementById("graph");
const svg = pane.querySelector("svg");
svg.classList.add("drawing");

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

// ---- Steps: each lists what it changes, and remembers what it overwrote, so that a step
// forward or back costs only the nodes it changes.
function initial(mode, i) {
  const constant = data.constants[i];
  const fill = constant ? data.constantColour : data.zeroColour;
  if (mode === "backward") return { data: nodes[i].drawnData, grad: "grad 0", fill, pending: false };
  return { data: constant ? "?" : "data ?", grad: "grad ?", fill, pending: true };
}

function changed(state, [i, text, colour]) {
  const next = { ...state, pending: false };
  if (text.startsWith("grad ")) next.grad = text; else next.data = text;
  if (colour && !data.constants[i]) next.fill = colour;
  return next;
}

// undo[mode][s][c]: the state of the node that change c of step s overwrote.
const undo = {};
for (const mode of ["forward", "backward"]) {
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
}

let mode = "backward";
let step = 0;
let applied = -1; // steps 0..applied of `mode` are on the drawing
let timer = null;
let highlighted = [];

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
  for (const element of highlighted) element.classList.remove("current", "operand");
  const current = steps()[step];
  const node = nodes[current.node];
  highlighted = [node.group, ...current.operands.map((i) => nodes[i].group)];
  node.group.classList.add("current");
  if (node.op) {
    node.op.classList.add("current");
    highlighted.push(node.op);
  }
  for (const i of current.operands) nodes[i].group.classList.add("operand");
  if (follow) reveal(highlighted);

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

// ---- The view: a centre and a scale (screen px per drawing unit), applied as the viewBox,
// so text stays sharp at any zoom.
const box = svg.viewBox.baseVal;
const whole = { x: box.x, y: box.y, width: box.width, height: box.height };
svg.removeAttribute("width");
svg.removeAttribute("height");
const overview = document.getElementById("overview");
const viewport = document.getElementById("viewport");
overview.setAttribute("viewBox", `${whole.x} ${whole.y} ${whole.width} ${whole.height}`);
let view = { cx: 0, cy: 0, scale: 1 };
let fitted = true;
let animation = null;
let glideTarget = null;

function paneRect() {
  return pane.getBoundingClientRect();
}

function fitScale() {
  const rect = paneRect();
  return 0.97 * Math.min(rect.width / whole.width, rect.height / whole.height);
}

function setView(next, isFit = false) {
  const rect = paneRect();
  if (!(rect.width > 0 && rect.height > 0)) return; // not laid out yet (e.g. a hidden iframe)
  const least = Math.min(fitScale(), 1) * 0.5;
  const most = Math.max(fitScale() * 2, 4);
  view = { ...next, scale: Math.max(least, Math.min(most, next.scale)) };
  fitted = isFit;
  const width = rect.width / view.scale;
  const height = rect.height / view.scale;
  const x = view.cx - width / 2;
  const y = view.cy - height / 2;
  svg.setAttribute("viewBox", `${x} ${y} ${width} ${height}`);
  viewport.setAttribute("x", x);
  viewport.setAttribute("y", y);
  viewport.setAttribute("width", width);
  viewport.setAttribute("height", height);
  const inside = x <= whole.x && y <= whole.y && x + width >= whole.x + whole.width
    && y + height >= whole.y + whole.height;
  overview.classList.toggle("shown", !inside);
  const size = Math.min(rect.width / 4, 180);
  const ratio = whole.height / whole.width;
  overview.style.width = `${Math.min(size, (rect.height / 4) / ratio)}px`;
  overview.style.height = `${Math.min(size * ratio, rect.height / 4)}px`;
}

function fit() {
  stopAnimation();
  setView({ cx: whole.x + whole.width / 2, cy: whole.y + whole.height / 2, scale: fitScale() }, true);
}

// Drawing units under a point of the screen.
function toDrawing(clientX, clientY) {
  const rect = paneRect();
  return [view.cx + (clientX - rect.left - rect.width / 2) / view.scale,
          view.cy + (clientY - rect.top - rect.height / 2) / view.scale];
}

// Zoom by `factor`, keeping the drawing under the screen point (clientX, clientY) in place.
function zoomAt(factor, clientX, clientY) {
  stopAnimation();
  const [x, y] = toDrawing(clientX, clientY);
  const before = view.scale;
  setView({ ...view, scale: before * factor });
  const [x2, y2] = toDrawing(clientX, clientY);
  setView({ ...view, cx: view.cx + x - x2, cy: view.cy + y - y2 });
}

function centreOf(elements) {
  const boxes = elements.map((element) => element.getBoundingClientRect());
  const left = Math.min(...boxes.map((b) => b.left));
  const right = Math.max(...boxes.map((b) => b.right));
  const top = Math.min(...boxes.map((b) => b.top));
  const bottom = Math.max(...boxes.map((b) => b.bottom));
  return { left, right, top, bottom, x: (left + right) / 2, y: (top + bottom) / 2 };
}

// Zoom around this step's node: it is centred, then scaled.
function zoomAroundCurrent(factor) {
  const where = centreOf(highlighted.slice(0, 1));
  const [cx, cy] = toDrawing(where.x, where.y);
  stopAnimation();
  setView({ cx, cy, scale: view.scale * factor });
}

function stopAnimation() {
  if (animation) cancelAnimationFrame(animation);
  animation = null;
  delete pane.dataset.moving;
}

// Bring `elements` into view when zoomed in: a short glide, ending with all of them inside.
function reveal(elements) {
  if (fitted) return;
  if (animation) {  // a glide to an earlier step's node: end it there, then look from there
    setView(glideTarget);
    stopAnimation();
  }
  const rect = paneRect();
  const margin = 24;
  const span = centreOf(elements);
  if (span.left >= rect.left + margin && span.right <= rect.right - margin
      && span.top >= rect.top + margin && span.bottom <= rect.bottom - margin) return;
  const [cx, cy] = toDrawing(span.x, span.y);
  const room = Math.min((rect.width - 2 * margin) / (span.right - span.left),
                        (rect.height - 2 * margin) / (span.bottom - span.top));
  const target = { cx, cy, scale: Math.max(fitScale(), Math.min(view.scale, view.scale * room)) };
  stopAnimation();
  glideTarget = target;
  const start = { ...view };
  const began = performance.now();
  const reduced = matchMedia("(prefers-reduced-motion: reduce)").matches;
  const duration = reduced ? 0 : 250;
  pane.dataset.moving = "1";
  const frame = (now) => {
    const t = duration ? Math.min(1, (now - began) / duration) : 1;
    const ease = t * (2 - t);
    setView({ cx: start.cx + (target.cx - start.cx) * ease,
              cy: start.cy + (target.cy - start.cy) * ease,
              scale: start.scale + (target.scale - start.scale) * ease });
    if (t < 1) animation = requestAnimationFrame(frame);
    else stopAnimation();
  };
  animation = requestAnimationFrame(frame);
}

// Drag to pan, pinch (two pointers) to zoom, the wheel or a trackpad pinch to zoom.
const pointers = new Map();
pane.addEventListener("pointerdown", (event) => {
  if (event.target.closest("button, #overview")) return;
  stopAnimation();
  pane.setPointerCapture(event.pointerId);
  pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
});
pane.addEventListener("pointermove", (event) => {
  if (!pointers.has(event.pointerId)) return;
  const before = [...pointers.values()];
  pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
  const after = [...pointers.values()];
  if (after.length === 1) {
    setView({ ...view, cx: view.cx - (after[0].x - before[0].x) / view.scale,
              cy: view.cy - (after[0].y - before[0].y) / view.scale });
    return;
  }
  const distance = (p) => Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y);
  const middle = (p) => [(p[0].x + p[1].x) / 2, (p[0].y + p[1].y) / 2];
  const [x0, y0] = middle(before);
  const [x1, y1] = middle(after);
  zoomAt(distance(after) / Math.max(distance(before), 1), x1, y1);
  setView({ ...view, cx: view.cx - (x1 - x0) / view.scale, cy: view.cy - (y1 - y0) / view.scale });
});
for (const type of ["pointerup", "pointercancel"]) {
  pane.addEventListener(type, (event) => pointers.delete(event.pointerId));
}
pane.addEventListener("wheel", (event) => {
  event.preventDefault();
  const lines = event.deltaMode === 1 ? 20 : 1; // Firefox counts some wheels in lines
  const speed = event.ctrlKey ? 0.01 : 0.0015; // ctrl: a trackpad pinch, in small steps
  zoomAt(Math.exp(-event.deltaY * lines * speed), event.clientX, event.clientY);
}, { passive: false });
function overviewTo(event) {
  const rect = overview.getBoundingClientRect();
  stopAnimation();
  setView({ ...view, cx: whole.x + (event.clientX - rect.left) / rect.width * whole.width,
            cy: whole.y + (event.clientY - rect.top) / rect.height * whole.height });
}
overview.addEventListener("pointerdown", (event) => {
  overview.setPointerCapture(event.pointerId);
  overviewTo(event);
});
overview.addEventListener("pointermove", (event) => {
  if (overview.hasPointerCapture(event.pointerId)) overviewTo(event);
});
// A new window size, a phone turned, or an iframe laid out after the script ran.
new ResizeObserver(() => (fitted ? fit() : setView(view))).observe(pane);

// ---- Controls.
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
  const linkedMode = link.get("mode") === "forward" ? "forward" : "backward";
  setMode(linkedMode, Number.isFinite(linked) ? linked : 0);
}

document.getElementById("reset").addEventListener("click", () => { pause(); show(0); });
document.getElementById("prev").addEventListener("click", () => { pause(); show(step - 1); });
document.getElementById("next").addEventListener("click", () => { pause(); show(step + 1); });
document.getElementById("zoom-in").addEventListener("click", () => zoomAroundCurrent(1.5));
document.getElementById("zoom-out").addEventListener("click", () => zoomAroundCurrent(1 / 1.5));
document.getElementById("fit").addEventListener("click", fit);
playButton.addEventListener("click", togglePlay);
slider.addEventListener("input", () => { pause(); show(Number(slider.value)); });
for (const radio of document.querySelectorAll('input[name="mode"]')) {
  radio.addEventListener("change", () => setMode(radio.value));
}
addEventListener("hashchange", () => {
  if (location.hash !== `#step=${step}&mode=${mode}`) openLink();
});
document.addEventListener("keydown", (event) => {
  const actions = {
    ArrowRight: () => { pause(); show(step + 1); },
    ArrowLeft: () => { pause(); show(step - 1); },
    Home: () => { pause(); show(0); },
    End: () => { pause(); show(steps().length - 1); },
    " ": togglePlay,
    f: () => setMode("forward"),
    b: () => setMode("backward"),
    "+": () => zoomAroundCurrent(1.5),
    "=": () => zoomAroundCurrent(1.5),
    "-": () => zoomAroundCurrent(1 / 1.5),
    0: fit,
  };
  // The slider and the radio buttons use the arrow keys themselves; a focused button, Space.
  const own = event.target.matches("input") ? ["ArrowRight", "ArrowLeft", "Home", "End", " "]
    : event.target.matches("button") ? [" "] : [];
  if (own.includes(event.key)) return;
  if (event.ctrlKey || event.metaKey || event.altKey || !(event.key in actions)) return;
  event.preventDefault();
  actions[event.key]();
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
