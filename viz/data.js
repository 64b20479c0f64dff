// The step-through page's data, written by viz/html.py into the page's JSON script: each node's
// id and tooltip, each pass's steps, the legend's colours and, for nn's networks, the neuron
// view's steps and units.
export const data = JSON.parse(document.getElementById("steps").textContent);
