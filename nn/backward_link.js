// The training page's link to the chosen sample's step-through page (its backward pass).
import { data, unitName } from "nn/run.js";

// The step-through pages written beside this page (nn/backward_pages.py): one per sample, its
// graph at the snapshots it holds. A link opens it at this snapshot, at the chosen unit's
// weighted sum, whose gradient there is the unit's δ here; a snapshot it does not hold names
// the nearest ones that it does rather than open another step's numbers. `unit`: the chosen
// [layer, unit], or null for none.
export function showBackwardLink(snapshot, sample, unit) {
  const box = document.getElementById("backward");
  box.hidden = !data.backward;
  if (!data.backward) return;
  if (!data.backward.pages.length) return (box.textContent = `Backward-pass pages: ${data.backward.note}.`);
  const page = data.backward.pages.find((p) => p.sample === sample);
  const sum = unit ? data.sums[unit[0] - 1][unit[1]] : null;
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
      (sum ? `, at ${sum} (its gradient is δ of ${unitName(unit[0] - 1, unit[1])}).`
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
