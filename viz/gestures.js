// What the reader does to the view of the drawing (view.js): drag to pan, pinch (two pointers)
// to zoom, the wheel or a trackpad, the overview under the drawing, and the zoom buttons.
import { lookAt, pan, stopAnimation, toggleFit, zoomAroundCurrent, zoomAt } from "viz/view.js";

const pane = document.getElementById("graph");
const overview = document.getElementById("overview");

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
  if (after.length === 1) return pan(before[0].x - after[0].x, before[0].y - after[0].y);
  const distance = (p) => Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y);
  const middle = (p) => [(p[0].x + p[1].x) / 2, (p[0].y + p[1].y) / 2];
  const [x0, y0] = middle(before);
  const [x1, y1] = middle(after);
  zoomAt(distance(after) / Math.max(distance(before), 1), x1, y1);
  pan(x0 - x1, y0 - y1);
});
for (const type of ["pointerup", "pointercancel"]) {
  pane.addEventListener(type, (event) => pointers.delete(event.pointerId));
}

// The wheel. Inside an iframe (a notebook, a tour) it scrolls the host page, as a reader
// scrolling past expects, until the graph is clicked or Ctrl is held (a trackpad pinch sends
// Ctrl). A trackpad's two-finger swipe pans; a mouse wheel's notch, or a pinch, zooms.
const embedded = window.self !== window.top;
let engaged = !embedded;
pane.addEventListener("pointerdown", () => { engaged = true; });
pane.addEventListener("wheel", (event) => {
  if (!engaged && !event.ctrlKey) return; // not prevented: the host page scrolls
  event.preventDefault();
  const lines = event.deltaMode === 1 ? 20 : 1; // Firefox counts some wheels in lines
  // A swipe moves in both directions in small, uneven amounts; a mouse notch is one large
  // vertical step (100 or 120 px in Chromium, 3 lines in Firefox).
  const swipe = !event.ctrlKey && event.deltaMode === 0
    && (event.deltaX !== 0 || Math.abs(event.deltaY) < 50);
  if (swipe) return pan(event.deltaX, event.deltaY);
  const speed = event.ctrlKey ? 0.01 : 0.0015; // ctrl: a trackpad pinch, in small steps
  zoomAt(Math.exp(-event.deltaY * lines * speed), event.clientX, event.clientY);
}, { passive: false });

// A press or drag on the overview: the view centred there.
function overviewTo(event) {
  const rect = overview.getBoundingClientRect();
  lookAt((event.clientX - rect.left) / rect.width, (event.clientY - rect.top) / rect.height);
}
overview.addEventListener("pointerdown", (event) => {
  overview.setPointerCapture(event.pointerId);
  overviewTo(event);
});
overview.addEventListener("pointermove", (event) => {
  if (overview.hasPointerCapture(event.pointerId)) overviewTo(event);
});

document.getElementById("zoom-in").addEventListener("click", () => zoomAroundCurrent(1.5));
document.getElementById("zoom-out").addEventListener("click", () => zoomAroundCurrent(1 / 1.5));
document.getElementById("fit").addEventListener("click", toggleFit);
