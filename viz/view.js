// The step-through page's view of the drawing: a centre and a scale, fitted to the whole graph,
// zoomed, panned, or gliding to follow the steps. page.js (the steps) tells it each step's
// nodes (`showing`, `focus`, `reveal`); units.js switches the drawing shown (`useDrawing`);
// gestures.js moves it as the reader drags, pinches and clicks; overview.js places the controls.
import { controlsBeside, markInOverview, overviewOf, placeControls } from "viz/overview.js";

const pane = document.getElementById("graph");
// Node text is drawn at this size in drawing units (Graphviz points); on screen it must be at
// least READABLE_PX CSS px, the smallest text a phone shows comfortably.
const READABLE_PX = 12.5;
// The drawing shown (the op view's, or the neuron view's from units.js), its whole extent and
// its node text size. The view is a centre and a scale (screen px per drawing unit), applied
// as the viewBox, so text stays sharp at any zoom.
let svg = null;
let whole = null;
let nodeFont = 11;
const extents = new Map(); // each drawing's own viewBox, read before the view changes it

export function useDrawing(next) {
  if (!extents.has(next)) {
    const box = next.viewBox.baseVal;
    extents.set(next, { x: box.x, y: box.y, width: box.width, height: box.height });
    next.removeAttribute("width");
    next.removeAttribute("height");
    next.classList.add("drawing");
  }
  if (svg) svg.style.display = "none";
  svg = next;
  svg.style.display = "";
  whole = extents.get(svg);
  nodeFont = Math.min(11, ...[...svg.querySelectorAll("g.node text")]
    .map((text) => parseFloat(text.getAttribute("font-size")) || 11));
  overviewOf(svg, whole);
}
useDrawing(pane.querySelector("svg"));

// The drawing shown: the op view's, or the neuron view's.
export function shownDrawing() {
  return svg;
}

let view = { cx: 0, cy: 0, scale: 1 };
let fitted = true;
let laidOut = false;
let animation = null;
let glideTarget = null;
let laidOutIn = null; // the pane's size the view was last laid out in (its box, px)

// The drawing's own box: the pane less the controls beside and under it.
function paneRect() {
  return svg.getBoundingClientRect();
}

function fitScale() {
  const rect = paneRect();
  return 0.97 * Math.min(rect.width / whole.width, rect.height / whole.height);
}

// Screen px per drawing unit at which node text is READABLE_PX.
function readableScale() {
  return READABLE_PX / nodeFont;
}

function setView(next, isFit = false) {
  const rect = paneRect();
  if (!(rect.width > 0 && rect.height > 0)) return; // not laid out yet (e.g. a hidden iframe)
  // Read before anything is written: a box read after a write lays the page out again.
  const paneBox = pane.getBoundingClientRect();
  laidOut = true;
  laidOutIn = { width: paneBox.width, height: paneBox.height };
  const least = Math.min(fitScale(), 1) * 0.5;
  const most = Math.max(fitScale() * 2, readableScale() * 5);
  view = { ...next, scale: Math.max(least, Math.min(most, next.scale)) };
  fitted = isFit;
  const width = rect.width / view.scale;
  const height = rect.height / view.scale;
  svg.setAttribute("viewBox", `${view.cx - width / 2} ${view.cy - height / 2} ${width} ${height}`);
  // The controls go under the drawing or back beside it, so its box changes: again.
  if (placeControls(view, whole, rect, paneBox, fitted)) setView(view, isFit);
}

export function fit() {
  stopAnimation();
  controlsBeside();
  setView({ cx: whole.x + whole.width / 2, cy: whole.y + whole.height / 2, scale: fitScale() }, true);
}

// Drawing units under a point of the screen.
function toDrawing(clientX, clientY) {
  const rect = paneRect();
  return [view.cx + (clientX - rect.left - rect.width / 2) / view.scale,
          view.cy + (clientY - rect.top - rect.height / 2) / view.scale];
}

// Zoom by `factor`, keeping the drawing under the screen point (clientX, clientY) in place.
export function zoomAt(factor, clientX, clientY) {
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

// This step's node, then its operands (page.js tells the view with `showing` at each step):
// what zoom and fit centre on.
let shownNodes = [];
export function showing(elements) {
  shownNodes = elements;
}

// Zoom around this step's node: it is centred, then scaled.
export function zoomAroundCurrent(factor) {
  const where = centreOf(shownNodes.slice(0, 1));
  const [cx, cy] = toDrawing(where.x, where.y);
  stopAnimation();
  setView({ cx, cy, scale: view.scale * factor });
}

export function stopAnimation() {
  if (animation) cancelAnimationFrame(animation);
  animation = null;
  delete pane.dataset.moving;
}

// The view a step opens with: its node and operands at readable size, centred (the node kept
// in view); the whole graph instead when that is readable too (a small graph).
export function focus(elements) {
  stopAnimation();
  // Where the elements are is read through the view, so first have one (none before layout).
  if (!laidOut) fit();
  if (!laidOut) return;
  if (fitScale() >= readableScale()) return fit();
  // Twice: zooming in moves the controls from beside the drawing to under it, a new box.
  for (let pass = 0; pass < 2; pass += 1) setView(around(elements, readableScale(), 24));
}

// The view at `scale` centred on `elements` (this step's node, then its operands), moved
// towards the node until its box is `margin` px inside the drawing: operands too far apart to
// fit at this scale are left to panning and the overview, never shrunk to unreadable.
function around(elements, scale, margin) {
  const rect = paneRect();
  const span = centreOf(elements);
  const node = centreOf(elements.slice(0, 1));
  const [x, y] = toDrawing(span.x, span.y);
  const [left, top] = toDrawing(node.left, node.top);
  const [right, bottom] = toDrawing(node.right, node.bottom);
  const halfWidth = (rect.width / 2 - margin) / scale;
  const halfHeight = (rect.height / 2 - margin) / scale;
  return { cx: Math.min(Math.max(x, right - halfWidth), left + halfWidth),
           cy: Math.min(Math.max(y, bottom - halfHeight), top + halfHeight), scale };
}

// The overview marks where this step's node is in the whole graph.
export function markNode(element) {
  if (!laidOut) return;
  const span = centreOf([element]);
  markInOverview(...toDrawing(span.left, span.top), ...toDrawing(span.right, span.bottom));
}

// Key 0 and the Fit button: the whole graph, or back to this step at readable size.
export function toggleFit() {
  if (fitted && fitScale() < readableScale()) focus(shownNodes);
  else fit();
}

// The scale a summary step zoomed out from, to return to at the next step.
let beforeAll = null;

// Bring `elements` into view when zoomed in: a short glide, ending with this step's node inside
// at readable size, and its operands too where they fit. `all` (the summary step, whose
// operands are every input): all of them, however small.
export function reveal(elements, all = false) {
  if (fitted) return;
  if (animation) {  // a glide to an earlier step's node: end it there, then look from there
    setView(glideTarget);
    stopAnimation();
  }
  const rect = paneRect();
  const margin = 24;
  const span = centreOf(elements);
  const back = all ? null : beforeAll;
  if (!all) beforeAll = null;
  if (back === null && span.left >= rect.left + margin && span.right <= rect.right - margin
      && span.top >= rect.top + margin && span.bottom <= rect.bottom - margin) return;
  // The scale at which they all fit: zoom out to it, but not below readable (nor the whole graph).
  const fits = view.scale * Math.min((rect.width - 2 * margin) / (span.right - span.left),
                                     (rect.height - 2 * margin) / (span.bottom - span.top));
  let target;
  if (all) {
    beforeAll ??= view.scale;
    const [cx, cy] = toDrawing(span.x, span.y);
    target = { cx, cy, scale: Math.max(fitScale(), Math.min(view.scale, fits)) };
  } else {
    const base = back ?? view.scale;
    target = around(elements, Math.max(fitScale(), Math.min(base, readableScale()),
                                       Math.min(base, fits)), margin);
  }
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

// Move the view by (dx, dy) screen px: a drag, a swipe.
export function pan(dx, dy) {
  stopAnimation();
  setView({ ...view, cx: view.cx + dx / view.scale, cy: view.cy + dy / view.scale });
}

// Centre the view on the point at fractions (fx, fy) of the whole drawing's width and height.
export function lookAt(fx, fy) {
  stopAnimation();
  setView({ ...view, cx: whole.x + fx * whole.width, cy: whole.y + fy * whole.height });
}

// The pane's new size: the whole graph again if it was shown, else the same centre and scale.
export function refit() {
  if (fitted) fit();
  else setView(view);
}

// An element put over the drawing (an opened unit) in view: at most the present zoom, at least
// readable.
export function showReadable(element) {
  stopAnimation();
  const span = centreOf([element]);
  const [left, top] = toDrawing(span.left, span.top);
  const [right, bottom] = toDrawing(span.right, span.bottom);
  const rect = paneRect();
  const room = Math.min((rect.width - 24) / (right - left), (rect.height - 24) / (bottom - top));
  setView({ cx: (left + right) / 2, cy: (top + bottom) / 2,
            scale: Math.max(readableScale(), Math.min(view.scale, room)) });
}

// A new window size, a phone turned, or an iframe laid out after the script ran.
// The first time the pane has a size, open at the step (focus); later keep the view.
// Its first call comes when it starts observing, in the first frame: a pane the view was laid
// out in already needs nothing (laying it out again cost ~3 ms of each load).
new ResizeObserver(([entry]) => {
  const [box] = entry.borderBoxSize;
  if (!laidOut) focus(shownNodes);
  else if (box.inlineSize !== laidOutIn.width || box.blockSize !== laidOutIn.height) refit();
}).observe(pane);

