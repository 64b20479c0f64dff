// The training page's steps through a recorded run: the network, a unit's update, the loss
// curve and the decision panel at each snapshot. The page's main module.
import { followAddress, readAddress, writeAddress } from "viz/address.js";
import { formatNumber, formatPercent } from "viz/format.js";
import { listenToKeys } from "viz/keys.js";
import { makeStepper } from "viz/stepper.js";
import { showBackwardLink } from "nn/backward_link.js";
import { drawBoundary } from "nn/boundary.js";
import { drawCurve } from "nn/curve.js";
import { drawNetwork } from "nn/network.js";
import { data, snapshots } from "nn/run.js";
import { showUpdate } from "nn/update.js";

const sampleSelect = document.getElementById("sample");
// Where the page is: the snapshot shown, the sample followed, the unit clicked ([layer, unit]).
let index = 0, sample = 0, chosenUnit = null;

// formatNumber with one argument, for .map (which would pass each index as the digits).
const fmt = (x) => formatNumber(x);

// Snapshot k: every panel at its step.
function show(k) {
  index = Math.max(0, Math.min(snapshots.length - 1, k));
  const snapshot = snapshots[index];
  const last = snapshots.at(-1).step;
  stepper.mark(`step ${snapshot.step} of ${last} (snapshot ${index + 1} of ${snapshots.length})`);
  document.getElementById("step-title").textContent = `Step ${snapshot.step}`;
  const s = data.samples[sample];
  document.getElementById("summary").textContent =
    `loss ${fmt(snapshot.loss)}, accuracy ${formatPercent(snapshot.accuracy)}; ` +
    `sample ${s.index}: x = (${s.x.map(fmt).join(", ")}), t = ${s.t.map(fmt).join(", ")}, ` +
    `its loss ${fmt(snapshot.units[sample].loss)}`;
  // The run's problem, from the step where it started: "step 40: 30 of 32 ReLU units ...".
  const problem = document.getElementById("problem");
  problem.hidden = !data.problem || snapshot.step < data.problem.from;
  problem.textContent = data.problem ? data.problem.text : "";
  drawNetwork(snapshot, sample, chooseUnit);
  showUpdate(snapshot, snapshots[index + 1], sample, chosenUnit);
  showBackwardLink(snapshot, sample, chosenUnit);
  drawCurve(snapshot);
  drawBoundary(snapshot, sample);
  writeAddress(address());
}

// A unit clicked: its numbers in words, its update and its backward-pass link.
function chooseUnit(unit, lines) {
  document.getElementById("unit").textContent = lines.join(", ");
  chosenUnit = unit;
  showUpdate(snapshots[index], snapshots[index + 1], sample, chosenUnit);
  showBackwardLink(snapshots[index], sample, chosenUnit);
}

// Where the page is: #step=30&sample=1.
function address() {
  return `#step=${snapshots[index].step}&sample=${sample}`;
}

// Controls (viz/stepper.js) and keys (viz/keys.js), as on the step-through page.
const stepper = makeStepper({ count: () => snapshots.length, current: () => index, show,
                              interval: 300 });

function chooseSample(k) {
  sample = ((k % data.samples.length) + data.samples.length) % data.samples.length;
  sampleSelect.value = sample;
  show(index);
}

// Open at the link's step (the last snapshot at or before it) and sample: #step=200&sample=1.
function openLink() {
  const link = readAddress();
  const step = Number.parseInt(link.get("step") ?? "0", 10);
  const linked = Number.parseInt(link.get("sample") ?? "0", 10);
  sample = Number.isFinite(linked) ? Math.max(0, Math.min(data.samples.length - 1, linked)) : 0;
  sampleSelect.value = sample;
  let k = 0;
  snapshots.forEach((s, n) => { if (Number.isFinite(step) && s.step <= step) k = n; });
  show(k);
}

sampleSelect.replaceChildren(...data.samples.map((s, k) => {
  const option = document.createElement("option");
  option.value = k;
  option.textContent = `#${s.index}: (${s.x.map(fmt).join(", ")})`;
  return option;
}));
sampleSelect.addEventListener("change", () => chooseSample(Number(sampleSelect.value)));
followAddress(openLink, address);
document.getElementById("edge-grads").addEventListener("change", () => show(index));
addEventListener("resize", () => {
  drawNetwork(snapshots[index], sample, chooseUnit);
  drawCurve(snapshots[index]);
});
listenToKeys(stepper, { s: () => chooseSample(sample + 1) });
openLink();
