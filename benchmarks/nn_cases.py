"""Cases on networks: micrograd's demo MLP training step, no_grad forward, the 2-3-2 net's step,
and `autograd-mini train`'s moons MLP on the engine and on the tape.

Each case function returns (metrics, check) like those in `graph_cases`.
"""

import itertools
import random
import statistics

from autograd_mini.nn import two_moons
from benchmarks import clock
from benchmarks.graph_cases import total

MLP_SIZES = [2, 16, 16, 1]  # micrograd's demo: MLP(2, [16, 16, 1]), relu, linear output
LR = 0.05


def mlp_weights():
    """[(weights, bias) per neuron] per layer, uniform in +-1 as micrograd's, biases 0."""
    rng = random.Random(1337)
    return [
        [([rng.uniform(-1.0, 1.0) for _ in range(n_in)], 0.0) for _ in range(n_out)]
        for n_in, n_out in itertools.pairwise(MLP_SIZES)
    ]


def build_mlp(engine):
    """(forward(x) -> score, parameters in a fixed order) holding `mlp_weights()`."""
    weights = mlp_weights()
    if engine.name in ("autograd_mini", "before"):
        from autograd_mini.nn import MLP

        model = MLP(2, MLP_SIZES[1:], ["relu", "relu", "linear"], seed=0)
        neurons = [n for layer in model.layers for n in layer.neurons]
        forward = lambda x: model(x)[0]  # noqa: E731
    elif engine.name == "micrograd":
        from micrograd.nn import MLP

        model = MLP(2, MLP_SIZES[1:])
        neurons = [n for layer in model.layers for n in layer.neurons]
        forward = model
    else:
        layers = [
            [([engine.leaf(w) for w in ws], engine.leaf(b)) for ws, b in layer] for layer in weights
        ]
        params = [p for layer in layers for ws, b in layer for p in (*ws, b)]

        def forward(x):
            for k, layer in enumerate(layers):
                x = [
                    total([w_i * x_i for w_i, x_i in zip(ws, x, strict=True)]) + b
                    for ws, b in layer
                ]
                if k < len(layers) - 1:
                    x = [a.relu() for a in x]
            return x[0]

        return forward, params
    for neuron, (ws, b) in zip(neurons, (n for layer in weights for n in layer), strict=True):
        for w, number in zip(neuron.w, ws, strict=True):
            w.data = number
        neuron.b.data = b
    return forward, [p for n in neurons for p in (*n.w, n.b)]


def hinge_loss(forward, xs, ys):
    """1/N sum_n relu(1 - y_n score_n), micrograd demo's max-margin loss (no regularisation)."""
    return total([(forward(x) * -y + 1.0).relu() for x, y in zip(xs, ys, strict=True)]) * (
        1.0 / len(xs)
    )


def moons(n):
    xs, ts = two_moons(n)
    return xs, [2.0 * t[0] - 1.0 for t in ts]


def mlp_step(engine, sizes):
    """One training step (forward, zero_grad, backward, SGD) in ms, split and whole."""
    xs, ys = moons(sizes["batch"])
    forward, params = build_mlp(engine)
    if engine.name in ("autograd_mini", "before"):
        from autograd_mini.nn import SGD

        optimizer = SGD(params, LR)
        zero_grad, update = optimizer.zero_grad, optimizer.step
    else:
        zero_grad = lambda: engine.zero_grad(params)  # noqa: E731
        update = lambda: engine.sgd(params, LR)  # noqa: E731
    check, times = None, []
    for _ in range(sizes["steps"]):
        start = clock()
        loss = hinge_loss(forward, xs, ys)
        mid = clock()
        zero_grad()
        loss.backward()
        update()
        end = clock()
        times.append((end - start, mid - start, end - mid))
        if check is None:  # the first step, from the shared weights: loss, grads, new weights
            check = [engine.data(loss), *map(engine.grad, params), *map(engine.data, params)]
        del loss
    step, fwd, rest = (statistics.median(t) * 1e3 for t in zip(*times, strict=True))
    return {"step ms": step, "forward + loss ms": fwd, "zero_grad + backward + SGD ms": rest}, check


def no_grad_forward(engine, sizes):
    """The MLP's forward over the batch, recording the graph and under no_grad, in ms."""
    xs, ys = moons(sizes["batch"])
    forward, _ = build_mlp(engine)
    times = {"recording": [], "no_grad": []}
    for _ in range(sizes["steps"]):
        for mode in times:
            start = clock()
            if mode == "no_grad":
                with engine.no_grad():
                    loss = hinge_loss(forward, xs, ys)
            else:
                loss = hinge_loss(forward, xs, ys)
            times[mode].append(clock() - start)
    metrics = {f"{mode} forward ms": statistics.median(t) * 1e3 for mode, t in times.items()}
    return metrics, [engine.data(loss)]


def net232_data(n):
    rng = random.Random(0)
    xs = [[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(n)]
    ts = [[rng.random(), rng.random()] for _ in range(n)]
    return xs, ts


def net232_step(engine_name, sizes):
    """One full-batch SGD step of the 2-3-2 sigmoid net (L2 loss, mean), in ms per step."""
    from autograd_mini.nn import SGD, TwoLayerNet, batch_loss, closed_form, reference

    xs, ts = net232_data(sizes["batch"])
    state = TwoLayerNet(2, 3, 2, seed=0).state_dict()
    start_params = {key.split(".")[1]: value for key, value in state.items()}
    lr = 0.5

    # Each step() updates its own parameters; the first one, from the shared start, is checked.
    if engine_name == "autograd_mini":
        net = TwoLayerNet.from_weights(**start_params)
        optimizer = SGD(net.parameters(), lr)

        def step():
            optimizer.zero_grad()
            batch_loss(net, xs, ts).backward()
            optimizer.step()
            state = {key.split(".")[1]: value for key, value in net.state_dict().items()}
            return [state[k] for k in sorted(state)]

    elif engine_name == "closed_form":
        p = dict(start_params)

        def step():
            sums = None
            for x, t in zip(xs, ts, strict=True):
                g = closed_form.gradients(x, t, p["w"], p["u"], p["b1"], p["b2"])
                sums = g if sums is None else {k: add(sums[k], g[k]) for k in g}
            p.update({k: update(p[k], sums[k], lr / len(xs)) for k in p})
            return [p[k] for k in sorted(p)]

    else:
        import numpy as np

        arrays = {key: np.array(value) for key, value in start_params.items()}
        x, t = np.array(xs), np.array(ts)

        def step():
            arrays.update(reference.sgd_step(arrays, reference.gradients(arrays, x, t), lr))
            return [arrays[k].tolist() for k in sorted(arrays)]

    check = flatten(step())
    reps = sizes["net232_reps"][engine_name]
    start = clock()
    for _ in range(reps):
        step()
    return {"step ms": (clock() - start) / reps * 1e3}, check


def add(a, b):
    """Elementwise a + b of nested lists."""
    return [add(x, y) for x, y in zip(a, b, strict=True)] if isinstance(a, list) else a + b


def update(p, g, scale):
    """Elementwise p - scale * g of nested lists."""
    return (
        [update(x, y, scale) for x, y in zip(p, g, strict=True)]
        if isinstance(p, list)
        else p - scale * g
    )


def flatten(nested):
    return [y for x in nested for y in flatten(x)] if isinstance(nested, list) else [nested]


def train_moons(engine_name, sizes):
    """`train --data moons --model mlp --sizes 16,16,1`'s training: its seconds on the engine
    ("autograd_mini"), the tape (also "before"'s) or the compiled code (with the trace and the
    writing of the code); the check is the whole loss curve."""
    from autograd_mini.nn import MLP, fit

    xs, ts = two_moons(sizes["train_batch"], seed=0)
    model = MLP(2, [16, 16, 1], ["sigmoid"] * 3, seed=0)  # train's default units and SGD lr 5
    backend = {"autograd_mini": "engine", "before": "tape"}.get(engine_name, engine_name)
    start = clock()
    losses = fit(model, xs, ts, 5.0, sizes["train_steps"], "l2", backend=backend)
    return {f"{sizes['train_steps']} steps s": clock() - start}, losses
