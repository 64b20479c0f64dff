"""The small MLP's loss and gradients written by hand on floats: the floor for compiled code.

No nodes and no graph: forward keeps each layer's sums and outputs in lists, then the reverse
pass runs the chain rule layer by layer (relu' is 1 where the sum was > 0), as a person writes
backpropagation for one known network. `autograd_mini.compile` is measured against this.
"""


def loss_and_grads(layers, points, targets):
    """(sum_n (y_n - t_n)^2, [(d/dw per unit, d/db per unit) per layer]) of a relu MLP.

    `layers` is [(weights of each unit, bias of each unit)] per layer; the last is linear.
    """
    last = len(layers) - 1
    grads = [([[0.0] * len(w) for w in ws], [0.0] * len(bs)) for ws, bs in layers]
    loss = 0.0
    for point, target in zip(points, targets, strict=True):
        inputs, sums = [], []  # each layer's input and sums, kept for the reverse pass
        h = point
        for k, (ws, bs) in enumerate(layers):
            a = []
            for w, b in zip(ws, bs, strict=True):
                s = b
                for w_i, h_i in zip(w, h, strict=True):
                    s += w_i * h_i
                a.append(s)
            inputs.append(h)
            sums.append(a)
            h = a if k == last else [s if s > 0.0 else 0.0 for s in a]
        error = h[0] - target
        loss += error * error
        delta = [2.0 * error]  # d loss / d sum of the output unit
        for k in range(last, -1, -1):
            if k < last:
                delta = [d if s > 0.0 else 0.0 for d, s in zip(delta, sums[k], strict=True)]
            h = inputs[k]
            d_h = [0.0] * len(h)
            ws, _ = layers[k]
            d_ws, d_bs = grads[k]
            for j, d in enumerate(delta):
                d_bs[j] += d
                w, d_w = ws[j], d_ws[j]
                for i, h_i in enumerate(h):
                    d_w[i] += d * h_i
                    d_h[i] += d * w[i]
            delta = d_h
    return loss, grads
