// The training page's steps through a recorded run: the network, a unit's update, the loss
// curve and the decision panel at each snapshot. The page's main module.
import { followAddress, readAddress, writeAddress } from "viz/address.js";
import { formatNumber } from "viz/format.js";
import { listenToKeys } from "viz/keys.js";
import { PALETTE } from "viz/palette.js";
import { makeStepper } from "viz/stepper.js";
import { drawBoundary } from "nn/boundary.js";
import { drawCurve } from "nn/curve.js";
import { data, snapshots } from "nn/run.js";
import { el } from "nn/svg.js";

const sampleSelect = document.getElementById("sample");
// Sign colours from viz/palette.js, as on the step-through page: red positive, blue negative.
const POSITIVE = PALETTE.positive.at(-1), NEGATIVE = PALETTE.negative.at(-1);
let index = 0, sample = 0, chosenUnit = null;

const fmt = (x) => formatNumber(x);  // viz/format.js; one argument, so safe in .map(fmt)

// Units' names as the model labels them, the delta-rule derivation's (docs/nn.md): h[j] or
// h1[j] hidden, y[k] outputs; the step-through pages name them the same.
const unitName = (layer, j) => data.names[layer][j];

// Largest |w| over the whole run: widths compare across snapshots.
const maxWeight = Math.max(1e-12, ...snapshots.flatMap((s) => s.layers.flatMap(
  (l) => l.w.flat().map(Math.abs))));

function drawNetwork(snapshot) {
  const svg = document.getElementById("net");
  const box = svg.getBoundingClientRect();
  const width = Math.max(box.width, 200), height = Math.max(box.height, 200);
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const widths = [snapshot.layers[0].w.length, ...snapshot.layers.map((l) => l.b.length)];
  const columns = widths.length, most = Math.max(...widths);
  const room = Math.max(8, Math.min(40, (height - 20) / most / 2 - 6, width / columns / 4.5));
  // Three lines of text need a circle of radius 34; smaller units get them beside instead.
  const small = room < 34, radius = small ? Math.min(room, 14) : room;
  const right = small ? 120 : 50;  // room for the text beside the last column's units
  const x = (c) => radius + 50 + (width - 2 * radius - 50 - right) * (columns === 1 ? 0.5
    : c / (columns - 1));
  const y = (c, j) => height / 2 + (j - (widths[c] - 1) / 2) * Math.min(
    (height - 2 * radius - 16) / Math.max(1, widths[c] - 1), radius * 4.2);
  const units = snapshot.units[sample];
  const spacing = Math.min(...widths.map((count, c) => count > 1 ? y(c, 1) - y(c, 0) : Infinity));
  const crowded = spacing < 40;
  const parts = [];
  // Edges show w, or with the toggle dL/dw, scaled by the largest |dL/dw| of this step.
  const grads = document.getElementById("edge-grads").checked ? snapshot.grads : null;
  const maxGrad = grads ? Math.max(1e-300, ...grads.flatMap((l) => l.w.flat().map(Math.abs))) : 0;
  snapshot.layers.forEach((layer, k) => layer.w.forEach((row, i) => row.forEach((w, j) => {
    const shown = grads ? grads[k].w[i][j] : w;
    parts.push(el("line", {
      x1: x(k), y1: y(k, i), x2: x(k + 1), y2: y(k + 1, j), class: "edge",
      stroke: shown >= 0 ? POSITIVE : NEGATIVE, "stroke-opacity": 0.75,
      "stroke-width": (0.5 + 6 * Math.abs(shown) / (grads ? maxGrad : maxWeight)).toFixed(2),
    }));
    const gradText = snapshot.grads ? `, dL/dw = ${fmt(snapshot.grads[k].w[i][j])}` : "";
    parts.at(-1).append(el("title", {}, `w = ${fmt(w)}${gradText}`));
  })));
  widths.forEach((count, c) => {
    for (let j = 0; j < count; j += 1) {
      const group = el("g", { class: c === 0 ? "unit input" : "unit", "data-layer": c,
                              "data-unit": j });
      group.append(el("circle", { cx: x(c), cy: y(c, j), r: radius, fill: "#fff",
                                  stroke: "#444", "stroke-width": 1.5 }));
      const name = c === 0 ? `x[${j}]` : unitName(c - 1, j);
      const value = c === 0 ? data.samples[sample].x[j] : units.h[c - 1][j];
      const lines = [name, c === 0 ? fmt(value) : `h ${fmt(value)}`];
      if (c > 0) lines.push(`δ ${fmt(units.delta[c - 1][j])}`);
      group.append(el("title", {}, lines.join("\n")));
      group.addEventListener("click", () => {
        document.getElementById("unit").textContent = lines.join(", ");
        chosenUnit = c > 0 ? [c, j] : null;
        showUpdate(snapshot);
        showBackwardLink(snapshot);
      });
      if (crowded) {
        // Units closer than three lines of text: their numbers show on hover and on a click.
      } else if (small) {
        lines.forEach((line, n) => group.append(el("text", {
          x: x(c) + radius + 3, y: y(c, j) + (n - (lines.length - 1) / 2) * 13 + 4,
          class: n === 1 ? "h" : n === 2 ? "delta" : "name" }, line)));
      } else {
        lines.forEach((line, n) => group.append(el("text", {
          x: x(c), y: y(c, j) + (n - (lines.length - 1) / 2) * 13 + 4, "text-anchor": "middle",
          class: n === 1 ? "h" : n === 2 ? "delta" : "name" }, line)));
      }
      parts.push(group);
    }
  });
  svg.replaceChildren(...parts);
}

// The chosen unit's incoming weights and bias at this step: each one's value, its gradient for
// the chosen sample (dLn/dw = h_i delta_j, dLn/db = delta_j) and for the batch (the mean, what
// the update uses), and its value after the update.
function showUpdate(snapshot) {
  const box = document.getElementById("update");
  if (!chosenUnit) return box.replaceChildren();
  const [c, j] = chosenUnit, k = c - 1;
  const units = snapshot.units[sample];
  const inputs = k === 0 ? data.samples[sample].x : units.h[k - 1];
  const delta = units.delta[k][j];
  const next = snapshots[index + 1];
  const oneStep = next && next.step === snapshot.step + 1;
  // After the update: the next snapshot's weights, or those recorded right after this step.
  const updated = oneStep ? next.layers[k] : snapshot.after?.[k];
  const after = (kind, i) => {
    if (!updated) return "–";
    return fmt(kind === "w" ? updated.w[i][j] : updated.b[j]);
  };
  const names = k === 0 ? inputs.map((_, i) => `x[${i}]`)
    : inputs.map((_, i) => unitName(k - 1, i));
  const rows = snapshot.layers[k].w.map((row, i) => {
    const g = snapshot.grads?.[k].w[i][j];
    return [names[i], fmt(row[j]), fmt(inputs[i] * delta),
            g === undefined ? "–" : fmt(g), after("w", i)];
  });
  if (snapshot.layers[k].b.length) {
    const g = snapshot.grads?.[k].b[j], b = snapshot.layers[k].b[j];
    rows.push(["bias", fmt(b), fmt(delta), g === undefined ? "–" : fmt(g), after("b", 0)]);
  }
  const table = document.createElement("table");
  const head = ["from", "w", "dLn/dw sample", "dL/dw batch", "w after"];
  table.append(...[head, ...rows].map((cells, r) => {
    const tr = document.createElement("tr");
    tr.append(...cells.map((text) => {
      const cell = document.createElement(r === 0 ? "th" : "td");
      cell.textContent = text;
      return cell;
    }));
    return tr;
  }));
  const lr = formatNumber(data.lr, 6);  // 6 digits, as the title: the learning rate as typed
  const rule = data.optimizer === "sgd" ? `SGD: w − lr·dL/dw, lr = ${lr}.`
    : `Adam, lr = ${lr} (its step depends on running averages of dL/dw).`;
  const how = !snapshot.grads ? "The trained model: no update follows."
    : !updated ? "w after: not recorded."
    : `w after: the weights at step ${snapshot.step + 1}, after this step's update; ${rule}`;
  const note = document.createElement("p");
  note.textContent = `${how} Sample: this sample's loss Ln; batch: the mean over all samples.`;
  box.replaceChildren(table, note);
}

// The step-through pages written beside this page (nn/backward_pages.py): one per sample, its
// graph at the snapshots it holds. A link opens it at this snapshot, at the chosen unit's
// weighted sum, whose gradient there is the unit's δ here; a snapshot it does not hold names
// the nearest ones that it does rather than open another step's numbers.
function showBackwardLink(snapshot) {
  const box = document.getElementById("backward");
  box.hidden = !data.backward;
  if (!data.backward) return;
  if (!data.backward.pages.length) return (box.textContent = `Backward-pass pages: ${data.backward.note}.`);
  const page = data.backward.pages.find((p) => p.sample === sample);
  const sum = chosenUnit ? data.sums[chosenUnit[0] - 1][chosenUnit[1]] : null;
  const link = (step, text) => {
    const a = document.createElement("a");
    const at = sum ? page.units[sum] : 0;
    a.href = `${encodeURIComponent(data.backward.folder)}/${page.file}`
      + `#snapshot=${step}&step=${at}&mode=backward`;
    a.textContent = text;
    return a;
  };
  if (page.steps.includes(snapshot.step)) {
    box.replaceChildren(link(snapshot.step, "Open this sample's backward pass"),
      ` at step ${snapshot.step}: its loss's graph, step by step` +
      (sum ? `, at ${sum} (its gradient is δ of ${unitName(chosenUnit[0] - 1, chosenUnit[1])}).`
        : "; click a unit first to open at its weighted sum."));
  } else {
    const before = page.steps.filter((step) => step < snapshot.step).slice(-1);
    const after = page.steps.filter((step) => step > snapshot.step).slice(0, 1);
    const near = [...before, ...after];
    box.replaceChildren(`No backward-pass page at step ${snapshot.step} (this sample's page holds `
      + `${page.steps.length} of the snapshots); the nearest: `,
      ...near.flatMap((step, n) => [n ? ", " : "", link(step, `step ${step}`)]), ".");
  }
}

function show(k) {
  index = Math.max(0, Math.min(snapshots.length - 1, k));
  const snapshot = snapshots[index];
  const last = snapshots.at(-1).step;
  stepper.mark(`step ${snapshot.step} of ${last} (snapshot ${index + 1} of ${snapshots.length})`);
  document.getElementById("step-title").textContent = `Step ${snapshot.step}`;
  const s = data.samples[sample];
  document.getElementById("summary").textContent =
    `loss ${fmt(snapshot.loss)}, accuracy ${(100 * snapshot.accuracy).toFixed(1)}%; ` +
    `sample ${s.index}: x = (${s.x.map(fmt).join(", ")}), t = ${s.t.map(fmt).join(", ")}, ` +
    `its loss ${fmt(snapshot.units[sample].loss)}`;
  // The run's problem, from the step where it started: "step 40: 30 of 32 ReLU units ...".
  const problem = document.getElementById("problem");
  problem.hidden = !data.problem || snapshot.step < data.problem.from;
  problem.textContent = data.problem ? data.problem.text : "";
  drawNetwork(snapshot);
  showUpdate(snapshot);
  showBackwardLink(snapshot);
  drawCurve(snapshot);
  drawBoundary(snapshot, sample);
  writeAddress(address());
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
  drawNetwork(snapshots[index]);
  drawCurve(snapshots[index]);
});
listenToKeys(stepper, { s: () => chooseSample(sample + 1) });
openLink();
