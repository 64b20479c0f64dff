"""`autograd-mini demo` (the seeds' exercise, checked three ways) and `autograd-mini train`."""

from __future__ import annotations

import argparse
import json
import math
import os
from collections.abc import Callable
from typing import Any

import numpy as np

from autograd_mini import Value, no_grad
from autograd_mini.cli import UsageError
from autograd_mini.nn import reference
from autograd_mini.nn.compare import compare, from_reference, to_reference
from autograd_mini.nn.data import EXERCISE, two_moons, xor
from autograd_mini.nn.layers import ACTIVATIONS, MLP, TwoLayerNet
from autograd_mini.nn.losses import LOSSES, squared_error
from autograd_mini.nn.module import Module, parameter_groups
from autograd_mini.nn.optim import SGD
from autograd_mini.nn.train import Batch, accuracy, batch_loss, fit


def register_demo(subparsers: argparse._SubParsersAction) -> None:
    """Add `demo [--json] [--out DIR]`."""
    parser = subparsers.add_parser(
        "demo",
        help="the seeds' exercise, gradients three ways, an SVG: autograd-mini demo --out out",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--out", default="out", metavar="DIR", help="where the graph files go")
    parser.set_defaults(run=run_demo)


def exercise_report(out_dir: str) -> dict[str, Any]:
    """Run the exercise on the engine, check it three ways, draw it into `out_dir`, step once."""
    net = EXERCISE.network()
    x = [Value(x_i, f"x[{i}]") for i, x_i in enumerate(EXERCISE.x)]
    h = net.hidden(x)
    y = net.output(h)
    loss = squared_error(y, EXERCISE.t)
    for name, values in (("h", h), ("y", y)):  # labels for the drawing
        for j, value in enumerate(values):
            value.label = f"{name}[{j}]"
    loss.label = "E"
    loss.backward()  # fills .grad of every node, intermediates h and y included
    files = draw_exercise(loss, parameter_groups(net), out_dir)  # before the step changes data

    table = compare(net, EXERCISE.x, EXERCISE.t, loss="squared")
    before = [p.data for p in net.parameters()]
    SGD(net.parameters(), EXERCISE.lr).step()  # uses the .grad that loss.backward() filled in
    with no_grad():
        loss_after = squared_error(net(EXERCISE.x), EXERCISE.t).data
    steps = {
        name: {"before": old, "after": p.data}
        for (name, p), old in zip(net.named_parameters(), before, strict=True)
    }
    return {
        "network": "2-2-1 sigmoid, E = sum (y - t)^2",
        "x": EXERCISE.x,
        "t": EXERCISE.t,
        "lr": EXERCISE.lr,
        "h": [h_j.data for h_j in h],
        "y": [y_k.data for y_k in y],
        "E": loss.data,
        "dE/dy": [y_k.grad for y_k in y],
        "dE/dh": [h_j.grad for h_j in h],
        "gradients": table.to_dict(),
        "table": str(table),
        "sgd_step": steps,
        "E_after_step": loss_after,
        "files": files,
    }


def draw_exercise(loss: Value, groups: dict[Value, str], out_dir: str) -> dict[str, str]:
    """Write the graph as SVG and step-through HTML, or as DOT source when no renderer is here."""
    from autograd_mini import viz  # only the demo draws; nn's other names need no viz

    os.makedirs(out_dir, exist_ok=True)
    try:
        viz.renderer()
    except RuntimeError as missing:  # no Graphviz here: DOT source needs no layout
        dot = os.path.join(out_dir, "exercise.dot")
        viz.save(loss, dot, groups=groups)
        return {"dot": dot, "renderer": "none", "note": str(missing)}
    svg = os.path.join(out_dir, "exercise.svg")
    html = os.path.join(out_dir, "exercise.html")
    renderer = viz.save(loss, svg, groups=groups)
    viz.save(loss, html)  # the step-through page takes no groups
    return {"svg": svg, "html": html, "renderer": renderer}


def run_demo(args: argparse.Namespace) -> None:
    """Print the exercise report, as text or as JSON."""
    report = exercise_report(args.out)
    if args.json:
        del report["table"]
        print(json.dumps(report, indent=1))
        return
    print(f"The seeds' exercise: {report['network']}, x = {report['x']}, t = {report['t']}")
    print("\nForward")
    print(f"  h = {report['h']}")
    print(f"  y = {report['y']}")
    print(f"  E = {report['E']!r}")
    print("\nBackward on the engine (loss.backward() fills .grad of every node)")
    print(f"  dE/dy = {report['dE/dy']}")
    print(f"  dE/dh = {report['dE/dh']}")
    print("\ndE/dparameter three ways: engine, closed-form delta equations (x2 for E), NumPy")
    print(report["table"])
    print(f"\nOne SGD step, p <- p - {report['lr']} * dE/dp")
    for name, step in report["sgd_step"].items():
        print(f"  {name:<15} {step['before']!r:>6} -> {step['after']!r}")
    print(f"  E: {report['E']!r} -> {report['E_after_step']!r}")
    files = report["files"]
    if "svg" in files:
        print(f"\nGraph: {files['svg']} (laid out by {files['renderer']})")
        print(f"Step-through page: {files['html']}")
    else:
        print(f"\nGraph as DOT source: {files['dot']} ({files['note']})")


DEFAULT_STEPS = {"xor": 2000, "moons": 500}
"""Enough for 100% on XOR and about 90% on the moons; the engine takes ~1 s and ~25 s."""


def register_train(subparsers: argparse._SubParsersAction) -> None:
    """Add `train`: fit a small network to XOR or two moons on the engine or with NumPy."""
    parser = subparsers.add_parser(
        "train", help="train a net on XOR or two moons: autograd-mini train --data xor"
    )
    parser.add_argument("--data", choices=["xor", "moons"], default="xor")
    parser.add_argument("--model", choices=["twolayer", "mlp"], default="twolayer")
    parser.add_argument("--hidden", type=int, default=4, help="hidden units of TwoLayerNet")
    parser.add_argument("--sizes", default="8,1", help="MLP layer sizes, e.g. 8,8,1")
    parser.add_argument("--activation", choices=list(ACTIVATIONS), default="sigmoid")
    parser.add_argument(
        "--backend",
        choices=["engine", "numpy", "tape"],
        default="engine",
        help="tape: the engine's graph traced once, replayed over the batch with NumPy",
    )
    parser.add_argument("--loss", choices=list(LOSSES), default="l2")
    parser.add_argument("--steps", type=int, help="SGD steps (default: xor 2000, moons 500)")
    parser.add_argument("--lr", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=0, help="initial weights and moons noise")
    parser.add_argument("--save", metavar="PATH", help="write the trained model as JSON")
    parser.set_defaults(run=run_train)


def build_model(args: argparse.Namespace, n_in: int) -> Module:
    """The network the arguments describe; UsageError for an impossible one."""
    if args.model == "twolayer":
        if args.hidden < 1:
            raise UsageError(f"--hidden must be >= 1, got {args.hidden}")
        return TwoLayerNet(n_in, args.hidden, 1, seed=args.seed)
    try:
        sizes = [int(size) for size in args.sizes.split(",")]
    except ValueError:
        raise UsageError(f"--sizes {args.sizes!r}: expected numbers like 8,8,1") from None
    if any(size < 1 for size in sizes) or sizes[-1] != 1:
        raise UsageError(f"--sizes {args.sizes!r}: sizes must be >= 1, the last one 1")
    activations = [args.activation] * (len(sizes) - 1) + ["sigmoid"]  # output in (0, 1)
    return MLP(n_in, sizes, activations, seed=args.seed)


def train_numpy(
    model: TwoLayerNet,
    xs: Batch,
    ts: Batch,
    args: argparse.Namespace,
    show: Callable[[int, float], None],
) -> TwoLayerNet:
    """`model` trained by the NumPy reference from the same starting weights, as a new net."""
    params, inputs, targets = to_reference(model), np.array(xs), np.array(ts)
    for step in range(args.steps):
        show(step, reference.batch_loss(params, inputs, targets, args.loss))
        grads = reference.gradients(params, inputs, targets, args.loss)
        params = reference.sgd_step(params, grads, args.lr)
    return from_reference(params)


def run_train(args: argparse.Namespace) -> None:
    """Train, showing a progress bar with the loss, then print final loss and accuracy."""
    from tqdm import tqdm

    if args.steps is None:
        args.steps = DEFAULT_STEPS[args.data]
    if args.steps < 1:
        raise UsageError(f"--steps must be >= 1, got {args.steps}")
    if not 0 < args.lr < math.inf:
        raise UsageError(f"--lr must be a finite number > 0, got {args.lr}")
    if args.backend == "numpy" and args.model != "twolayer":
        raise UsageError("--backend numpy trains the TwoLayerNet only (--model twolayer)")
    xs, ts = xor() if args.data == "xor" else two_moons(seed=args.seed)
    model = build_model(args, len(xs[0]))
    bar = tqdm(total=args.steps, desc=f"{args.data} on {args.backend}", unit="step")

    def show(step: int, loss: float) -> None:
        bar.set_postfix(loss=f"{loss:.6f}", refresh=False)
        bar.update()

    if args.backend == "numpy":
        model = train_numpy(model, xs, ts, args, show)
    else:
        fit(model, xs, ts, args.lr, args.steps, args.loss, on_step=show, backend=args.backend)
    bar.close()
    with no_grad():
        final = batch_loss(model, xs, ts, args.loss).data
    hits = accuracy(model, xs, ts)
    print(f"final loss {final:.6f}, accuracy {hits:.1%} on {len(xs)} {args.data} samples")
    if args.save:
        model.save(args.save)
        print(f"saved {args.save}")
