// One diverging palette for sign, on every page, drawing and plot (docs/viz.md, "One palette"):
// ColorBrewer RdBu, blue for negative, red for positive, white for zero, each side light to
// strong. Pages include this file; autograd_mini.viz.look holds the same colours for drawings,
// and a test keeps the two equal.
const PALETTE = {
  negative: ["#d1e5f0", "#92c5de", "#4393c3"],
  positive: ["#fddbc7", "#f4a582", "#d6604d"],
  zero: "#ffffff",
  constant: "#e8e8e8",
};
