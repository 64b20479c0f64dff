// The training page's network: units as circles (name, output h or y, δ for the chosen sample), weights as
// lines whose colour is the sign and whose width is |w| (or, with the toggle, |dL/dw|).
import { formatNumber } from "viz/format.js";
import { PALETTE } from "viz/palette.js";
import { data, snapshots, unitName } from "nn/run.js";
import { el } from "nn/svg.js";

// Sign colours from viz/palette.js, as on the step-through page: red positive, blue negative.
const POSITIVE = PALETTE.positive.at(-1), NEGATIVE = PALETTE.negative.at(-1);

// Largest |w| over the whole run: widths compare across snapshots.
const maxWeight = Math.max(1e-12, ...snapshots.flatMap((s) => s.layers.flatMap(
  (l) => l.w.flat().map(Math.abs))));

// The network at `snapshot`, its units' h and δ for the sample at index `sample`; a click on a
// unit calls `choose` with its [layer, unit] (null for an input) and its lines of text.
export function drawNetwork(snapshot, sample, choose) {
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
    const gradText = snapshot.grads ? `, dL/dw = ${formatNumber(snapshot.grads[k].w[i][j])}` : "";
    parts.at(-1).append(el("title", {}, `w = ${formatNumber(w)}${gradText}`));
  })));
  widths.forEach((count, c) => {
    for (let j = 0; j < count; j += 1) {
      const group = el("g", { class: c === 0 ? "unit input" : "unit", "data-layer": c,
                              "data-unit": j });
      group.append(el("circle", { cx: x(c), cy: y(c, j), r: radius, fill: "#fff",
                                  stroke: "#444", "stroke-width": 1.5 }));
      const name = c === 0 ? `x[${j}]` : unitName(c - 1, j);
      const value = c === 0 ? data.samples[sample].x[j] : units.h[c - 1][j];
      // A unit's output by the derivation's letter, its name's (h[0]: h, y[0]: y): y_k, h_j.
      const symbol = name.replace(/\[.*$/, "");
      const lines = [name, c === 0 ? formatNumber(value) : `${symbol} ${formatNumber(value)}`];
      if (c > 0) lines.push(`δ ${formatNumber(units.delta[c - 1][j])}`);
      group.append(el("title", {}, lines.join("\n")));
      group.addEventListener("click", () => choose(c > 0 ? [c, j] : null, lines));
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
