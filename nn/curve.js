// The training page's loss curve: the whole run in grey, drawn in black up to this snapshot.
import { formatNumber } from "viz/format.js";
import { PALETTE } from "viz/palette.js";
import { data } from "nn/run.js";
import { el } from "nn/svg.js";

export function drawCurve(snapshot) {
  const svg = document.getElementById("curve");
  const positive = data.curve.every(([, loss]) => loss > 0);
  const f = positive ? Math.log10 : (v) => v;
  const values = data.curve.map(([, loss]) => f(loss));
  const lo = Math.min(...values), hi = Math.max(...values);  // labelled as they are
  const last = data.curve.at(-1)[0] || 1;
  const px = (step) => 56 + 334 * step / last;
  const py = (loss) => 10 + 165 * (hi - f(loss)) / (hi - lo || 1);
  const line = (points) => points.map(([s, l]) => `${px(s).toFixed(1)},${py(l).toFixed(1)}`)
    .join(" ");
  const done = data.curve.filter(([step]) => step <= snapshot.step);
  svg.replaceChildren(
    el("line", { x1: 56, y1: 175, x2: 390, y2: 175, stroke: "#999" }),
    el("line", { x1: 56, y1: 10, x2: 56, y2: 175, stroke: "#999" }),
    el("polyline", { points: line(data.curve), fill: "none", stroke: "#ccc", "stroke-width": 1.5 }),
    el("polyline", { id: "done", points: line(done), fill: "none", stroke: PALETTE.loss,
                     "stroke-width": 2 }),
    el("circle", { id: "now", cx: px(snapshot.step), cy: py(snapshot.loss), r: 4.5,
                   fill: PALETTE.loss, stroke: "#fff" }),
    el("text", { x: 52, y: 16, "text-anchor": "end" }, formatNumber(positive ? 10 ** hi : hi)),
    el("text", { x: 52, y: 178, "text-anchor": "end" }, formatNumber(positive ? 10 ** lo : lo)),
    el("text", { x: 390, y: 195, "text-anchor": "end" }, `step ${last}`),
    el("text", { x: 60, y: 195 }, positive ? "loss, log scale" : "loss"));
  // The curve is drawn in a 400 x 200 box scaled to fit its panel (to 0.72 in a 9rem-high
  // one): its labels are sized to read 12.5 px on screen whatever the scale.
  const readable = () => {
    const size = (12.5 / (svg.getScreenCTM()?.a || 1)).toFixed(2);
    for (const label of svg.querySelectorAll("text")) label.setAttribute("font-size", size);
  };
  // Widen the view to the left when a label is longer than the margin, rather than clip it.
  const widen = () => {
    const left = Math.min(0, Math.floor(svg.getBBox().x) - 2);
    svg.setAttribute("viewBox", `${left} 0 ${400 - left} 200`);
  };
  svg.setAttribute("viewBox", "0 0 400 200");
  // Twice: widening shrinks the scale a little, and larger labels may need more room (the
  // 0.5 px over 12 covers the last widening's shrink).
  readable();
  widen();
  readable();
  widen();
}
