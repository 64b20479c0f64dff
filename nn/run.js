// The training page's data, written by nn/training_page.py into the page's JSON script: the
// recorded run's snapshots, its loss curve, the data points and the samples the page follows.
export const data = JSON.parse(document.getElementById("data").textContent);
export const snapshots = data.snapshots;

// Units' names as the model labels them, the delta-rule derivation's (docs/nn.md): h[j] or
// h1[j] hidden, y[k] outputs; the step-through pages name them the same.
export const unitName = (layer, j) => data.names[layer][j];
