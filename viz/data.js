// The step-through page's data, written by viz/html.py into the page's JSON script: each node's
// id and tooltip, each pass's steps, the legend's colours and, for nn's networks, the neuron
// view's steps and units; on a page of many snapshots, the chosen snapshot's (snapshots.js).
import { atSnapshot } from "viz/snapshots.js";

export const data = atSnapshot(JSON.parse(document.getElementById("steps").textContent));
