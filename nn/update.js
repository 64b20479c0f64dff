// The training page's update table: how the chosen unit's incoming weights change at a step.
import { formatNumber } from "viz/format.js";
import { data, unitName } from "nn/run.js";

// A weight before and after its update, with as many digits as it takes to tell them apart
// (at least 4): a small update hides in the 4th digit (0.5123 -> 0.5123).
function beforeAfter(w, updated) {
  let digits = 4;
  const same = () => formatNumber(w, digits) === formatNumber(updated, digits);
  while (digits < 17 && w !== updated && same()) digits += 1;
  return [formatNumber(w, digits), formatNumber(updated, digits)];
}

// The chosen unit's incoming weights and bias at this step: each one's value, its gradient for
// the chosen sample (dLn/dw = h_i delta_j, dLn/db = delta_j) and for the batch (the mean, what
// the update uses), and its value after the update. `next`: the snapshot after this one, if
// any; `unit`: the chosen [layer, unit], or null for none.
export function showUpdate(snapshot, next, sample, unit) {
  const box = document.getElementById("update");
  if (!unit) return box.replaceChildren();
  const [c, j] = unit, k = c - 1;
  const units = snapshot.units[sample];
  const inputs = k === 0 ? data.samples[sample].x : units.h[k - 1];
  const delta = units.delta[k][j];
  const oneStep = next && next.step === snapshot.step + 1;
  // After the update: the next snapshot's weights, or those recorded right after this step.
  const updated = oneStep ? next.layers[k] : snapshot.after?.[k];
  // w and w after, as beforeAfter writes them; w alone when no update is recorded.
  const pair = (w, kind, i) => {
    if (!updated) return [formatNumber(w), "–"];
    return beforeAfter(w, kind === "w" ? updated.w[i][j] : updated.b[j]);
  };
  const names = k === 0 ? inputs.map((_, i) => `x[${i}]`)
    : inputs.map((_, i) => unitName(k - 1, i));
  const rows = snapshot.layers[k].w.map((row, i) => {
    const g = snapshot.grads?.[k].w[i][j];
    const [w, after] = pair(row[j], "w", i);
    return [names[i], w, formatNumber(inputs[i] * delta),
            g === undefined ? "–" : formatNumber(g), after];
  });
  if (snapshot.layers[k].b.length) {
    const g = snapshot.grads?.[k].b[j], b = snapshot.layers[k].b[j];
    const [w, after] = pair(b, "b", 0);
    rows.push(["bias", w, formatNumber(delta), g === undefined ? "–" : formatNumber(g), after]);
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
    : `w after: the weights at step ${snapshot.step + 1}, after this step's update; ${rule} `
      + "w and w after are written with the digits it takes to tell them apart.";
  const note = document.createElement("p");
  note.textContent = `${how} Sample: this sample's loss Ln; batch: the mean over all samples.`;
  box.replaceChildren(table, note);
}
