// The neuron view (key U, #view=units): one node per unit of an nn network, drawn and stepped
// by viz/unit_view.py, beside the op view. page.js steps through whichever view is shown.
const opsDrawing = svg; // view.js shows the op view first
const unitsDrawing = document.getElementById("units")?.closest("svg") ?? null;
const viewChoice = document.getElementById("views");
let graphView = "ops";
if (unitsDrawing) {
  unitsDrawing.style.display = "none";
  viewChoice.hidden = false; // a graph with no unit names has no neuron view, and no toggle
  document.getElementById("units-key").hidden = false;
  for (const radio of viewChoice.querySelectorAll("input")) {
    radio.addEventListener("change", () => toggleView());
  }
}

// The key of a view's pass in page.js's `passes`: "backward", or "units backward".
function passKey(pass, view) {
  return view === "units" ? `units ${pass}` : pass;
}

// Show the op view's drawing or the neuron view's; whether that changed the drawing.
function setGraphView(next) {
  const before = graphView;
  graphView = next === "units" && unitsDrawing ? "units" : "ops";
  useDrawing(graphView === "units" ? unitsDrawing : opsDrawing);
  viewChoice.querySelector(`input[value="${graphView}"]`).checked = true;
  return graphView !== before;
}

// Key U and the toggle: the other view, at its first step of this pass (or of backward).
function toggleView() {
  if (!unitsDrawing) return;
  const next = graphView === "units" ? "ops" : "units";
  setMode(passes[passKey(mode, next)] ? mode : "backward", 0, next);
}
