// One diverging palette for sign, on every page, drawing and plot (docs/viz.md, "One palette"):
// ColorBrewer RdBu, blue for negative, red for positive, white for zero, each side light to
// strong. Classes (0, 1: ColorBrewer PRGn's ends) and the loss and accuracy curves have no
// sign, so they get colours of their own. Pages import this module; autograd_mini.viz.look
// holds the same colours for drawings and plots, and a test keeps the two equal.
export const PALETTE = {
  negative: ["#d1e5f0", "#92c5de", "#4393c3"],
  positive: ["#fddbc7", "#f4a582", "#d6604d"],
  zero: "#ffffff",
  constant: "#e8e8e8",
  classes: ["#7b3294", "#008837"],
  loss: "#1a1a1a",
  accuracy: "#888888",
};
