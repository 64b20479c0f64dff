// The training page's decision panel: the network's probability of class 1 over the data's
// box, shaded from class 0's colour to class 1's, with the data points and the chosen sample.
import { PALETTE } from "viz/palette.js";
import { data } from "nn/run.js";
import { el } from "nn/svg.js";

// Classes have no sign: their own colours, class 0 purple and class 1 green (docs/viz.md).
const CLASSES = PALETTE.classes;

// The network's forward pass from a snapshot's weights, as the engine computes it (w[i][j]:
// input i to unit j); the probability of class 1: the sigmoid output, or softmax's p_1.
const ACT = { sigmoid: (a) => 1 / (1 + Math.exp(-a)), tanh: Math.tanh,
              relu: (a) => Math.max(a, 0), linear: (a) => a };
export function probability(snapshot, point) {
  return forwardPass(snapshot)(point);
}

// probability(snapshot, ·) as a function made once: the panel calls it at each of its 14,400
// points, each time with the same weights, so its sums run in plain loops over arrays made
// once (map and reduce there, an array per layer and point, cost ~12 ms of a step's CPU).
function forwardPass(snapshot) {
  const layers = snapshot.layers.map((layer, k) => ({
    w: Float64Array.from(layer.w.flat()), b: Float64Array.from(layer.b, (b) => b || 0),
    act: ACT[data.activations[k]], out: new Float64Array(layer.b.length),
  }));
  return (point) => {
    let input = point;
    for (let l = 0; l < layers.length; l += 1) {
      const { w, b, act, out } = layers[l], units = b.length;
      for (let j = 0; j < units; j += 1) {
        let sum = b[j];  // the bias first, then each input in order, as the engine adds them
        for (let i = 0; i < input.length; i += 1) sum += input[i] * w[i * units + j];
        out[j] = act(sum);
      }
      input = out;
    }
    return input.length === 1 ? input[0] : 1 / (1 + Math.exp(input[0] - input[1]));
  };
}

export const SHADE = 120;  // the probability is drawn on SHADE x SHADE points
// The panel at `snapshot`, the sample at index `sample` of the page's samples ringed.
export function drawBoundary(snapshot, sample) {
  const svg = document.getElementById("boundary");
  if (!data.box) {
    svg.style.display = "none";
    document.getElementById("boundary-title").style.display = "none";
    return;
  }
  const [x0, x1, y0, y1] = data.box;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = SHADE;
  const context = canvas.getContext("2d"), image = context.createImageData(SHADE, SHADE);
  // Shading: class 0's colour, white at p = 0.5, class 1's colour.
  const [zero, one] = CLASSES.map((c) => [1, 3, 5].map((k) => parseInt(c.slice(k, k + 2), 16)));
  const probabilityAt = forwardPass(snapshot), point = new Float64Array(2), pixels = image.data;
  for (let r = 0; r < SHADE; r += 1) {
    for (let c = 0; c < SHADE; c += 1) {
      point[0] = x0 + (x1 - x0) * (c + 0.5) / SHADE;
      point[1] = y1 - (y1 - y0) * (r + 0.5) / SHADE;
      const p = probabilityAt(point);
      const end = p >= 0.5 ? one : zero, strength = 0.7 * Math.abs(2 * p - 1);
      const at = 4 * (r * SHADE + c);
      for (let k = 0; k < 3; k += 1) pixels[at + k] = 255 + (end[k] - 255) * strength;
      pixels[at + 3] = 255;
    }
  }
  context.putImageData(image, 0, 0);
  const parts = [el("image", { id: "shading", href: canvas.toDataURL(), x: 0, y: 0, width: 300,
                               height: 300, preserveAspectRatio: "none" })];
  const sx = (v) => 300 * (v - x0) / (x1 - x0), sy = (v) => 300 * (y1 - v) / (y1 - y0);
  data.points.forEach(([a, b, t]) => parts.push(el("circle", {
    // r 6 of 300 units: 4.8 px on the 240 px phone panel, big enough to see each class.
    cx: sx(a), cy: sy(b), r: 6, fill: CLASSES[Number(t > 0.5)], stroke: "#fff", "stroke-width": 1.5 })));
  const chosen = data.samples[sample].x;
  parts.push(el("circle", { id: "chosen", cx: sx(chosen[0]), cy: sy(chosen[1]), r: 11,
                            fill: "none", stroke: "#111", "stroke-width": 2 }));
  svg.replaceChildren(...parts);
}
