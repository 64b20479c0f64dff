// The graph pane's controls, placed never over a node: the zoom buttons in a column at the
// drawing's right while the whole graph is shown; zoomed in, a strip under the drawing with the
// buttons and the overview (the whole graph small, the view's part of it and this step's node
// marked). view.js says where the view is; this places and draws the controls for it.
const pane = document.getElementById("graph");
const overview = document.getElementById("overview");
const viewport = document.getElementById("viewport");
const marker = document.getElementById("overview-current");
const fitButton = document.getElementById("fit");
const picture = overview.querySelector("use");
let pictured = "";  // the drawing's graph the overview shows: "#graph0"
let besideWidth = 0;  // the zoom buttons' column beside the drawing, measured while it is there

// The overview shows `drawing`, whose whole extent is `whole`.
export function overviewOf(drawing, whole) {
  overview.setAttribute("viewBox", `${whole.x} ${whole.y} ${whole.width} ${whole.height}`);
  pictured = `#${drawing.querySelector("g").id}`;
  showOverview(overview.classList.contains("shown"));
}

// The overview shown or hidden. Its picture is a <use> of the drawing, which the browser copies
// anew at every change to the drawing (each step), even while the overview is hidden: so it
// refers to the drawing only while shown (hidden, a step cost 6 ms more of CPU).
function showOverview(shown) {
  overview.classList.toggle("shown", shown);
  if (shown) picture.setAttribute("href", pictured);
  else picture.removeAttribute("href");
}

// The whole graph shown: the buttons beside it, no overview.
export function controlsBeside() {
  showOverview(false);
  pane.classList.remove("zoomed");
}

// The controls for the view `view` ({cx, cy, scale}) of a drawing of extent `whole`, shown in
// `rect` (the drawing's box) in `paneBox` (the pane's, read with it), `fitted` whether it is the
// whole graph: the Fit button's word, the overview's viewport and size, and the strip under the
// drawing or the column beside it. Whether the controls moved (then the drawing's box changed:
// lay the view out again). It reads no box itself: the page is laid out once per view.
export function placeControls(view, whole, rect, paneBox, fitted) {
  // One short word, to fit the narrow column of buttons on a phone; the full words are read out.
  fitButton.textContent = fitted ? "Step" : "Fit";
  fitButton.setAttribute("aria-label", fitted ? "Zoom to step" : "Fit all");
  const width = rect.width / view.scale;
  const height = rect.height / view.scale;
  viewport.setAttribute("x", view.cx - width / 2);
  viewport.setAttribute("y", view.cy - height / 2);
  viewport.setAttribute("width", width);
  viewport.setAttribute("height", height);
  // Whether the whole graph is in view, judged with the buttons beside the drawing whichever
  // way they are now, so that moving them never changes the answer (no back and forth).
  if (!pane.classList.contains("zoomed")) besideWidth = paneBox.width - rect.width;
  const besideX = view.cx - (paneBox.width - besideWidth) / view.scale / 2;
  const besideY = view.cy - paneBox.height / view.scale / 2;
  const inside = besideX <= whole.x && besideY <= whole.y
    && 2 * view.cx - besideX >= whole.x + whole.width
    && 2 * view.cy - besideY >= whole.y + whole.height;
  // Big enough to see the graph's shape and to aim a click: 40% of the pane's width, at least
  // 220 px (60% of a narrow pane). Short where that leaves it so: the strip it sits in under
  // the drawing is as tall as it and holds only it and the buttons, so a tenth of the pane's
  // height, at least 60 px (72 px of a laptop's 720 px pane, where up to 30% made a strip of
  // 119 px, mostly empty); a squarer graph's may be taller, up to 30% of the pane and 140 px.
  const size = Math.min(Math.max(paneBox.width * 0.4, 220), paneBox.width * 0.6, 360);
  const ratio = whole.height / whole.width;
  const short = Math.max(paneBox.height * 0.1, 60) / ratio;  // widths at these heights
  const tallest = Math.min(paneBox.height * 0.3, 140) / ratio;
  const across = Math.min(Math.max(Math.min(size, 220), Math.min(size, short)), tallest);
  overview.style.width = `${across}px`;
  overview.style.height = `${across * ratio}px`;
  if (overview.classList.contains("shown") !== inside) return false;
  showOverview(!inside);
  pane.classList.toggle("zoomed", !inside);
  return true;
}

// This step's node in the overview: its box in drawing units.
export function markInOverview(left, top, right, bottom) {
  marker.setAttribute("x", left);
  marker.setAttribute("y", top);
  marker.setAttribute("width", right - left);
  marker.setAttribute("height", bottom - top);
}
