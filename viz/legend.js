// What the drawing's marks mean: hovering names what a node is (not its SVG id), and the
// legend lists the highlights and gradient colours of the pass shown.
import { data } from "viz/data.js";
import { shownDrawing } from "viz/view.js";

// Hover titles of the op view (shown first): the graph's is the page's title, a cluster's its
// label, an edge's none.
const opsDrawing = shownDrawing();
const title = opsDrawing.querySelector(":scope > g > title");
if (title) title.textContent = document.title;
for (const cluster of opsDrawing.querySelectorAll("g.cluster")) {
  const label = cluster.querySelector("text");
  cluster.querySelector("title").textContent = label ? label.textContent : "";
}
for (const edge of opsDrawing.querySelectorAll("g.edge")) {
  edge.querySelector("title").textContent = "";
}

// The legend of pass `key` ("backward", "units backward") of `steps`: its highlights, and the
// gradient colours its steps use (none going forward; constants only where `drawn(i)` has
// some, node i being in the drawing shown).
export function showLegend(key, steps, drawn) {
  const pass = key.replace(" ", "-");
  for (const item of document.querySelectorAll("#highlights li[data-passes]")) {
    item.hidden = !item.dataset.passes.split(" ").includes(pass);
  }
  const used = new Set(steps.flatMap((s) => s.changes.map((change) => change[2])));
  used.delete("");
  if (used.size && data.constants.some((constant, i) => constant && drawn(i))) {
    used.add(data.constantColour);
  }
  const entries = data.legend.filter(([, colour]) => used.has(colour));
  const heading = document.getElementById("legend-title");
  heading.textContent = data.legendTitle;
  heading.hidden = !entries.length;
  document.getElementById("colours").replaceChildren(...entries.map(([text, colour]) => {
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.style.background = colour;
    item.append(swatch, text);
    return item;
  }));
}
