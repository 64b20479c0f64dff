"""`autograd-mini demo`: the worked 2-2-1 exercise, its gradients checked three ways, a drawing."""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from autograd_mini import Value, no_grad
from autograd_mini.files import check_output_path
from autograd_mini.nn.compare import compare
from autograd_mini.nn.data import EXERCISE
from autograd_mini.nn.layers import TwoLayerNet
from autograd_mini.nn.losses import l2_loss, squared_error
from autograd_mini.nn.module import parameter_groups
from autograd_mini.nn.optim import SGD


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `demo [--json] [--out DIR]`."""
    parser = subparsers.add_parser(
        "demo",
        help="the worked 2-2-1 exercise three ways, and its graph: autograd-mini demo --out out",
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
    derivation = os.path.join(out_dir, "derivation.html")
    viz.save(derivation_loss(), derivation)
    return {"svg": svg, "html": html, "derivation_html": derivation, "renderer": renderer}


def derivation_loss() -> Value:
    """L of the derivation's 2-3-2 network on one sample (its text gives no numbers: ours).

    Each hidden unit feeds both outputs, so naive recursion passes on a hidden unit's gradient
    before both outputs have added to it: the page's naive mode shows where it goes wrong.
    """
    net = TwoLayerNet.from_weights(
        w=[[0.1, -0.4, 0.3], [0.5, 0.2, -0.6]], u=[[0.7, -0.2], [0.1, 0.4], [-0.3, 0.8]]
    )
    loss = l2_loss(net([0.9, -0.3]), [1.0, 0.0])
    loss.label = "L"
    return loss


def run_demo(args: argparse.Namespace) -> None:
    """Print the exercise report, as text or as JSON."""
    check_output_path(os.path.join(args.out, "exercise.html"))  # before the work, not after
    report = exercise_report(args.out)
    if args.json:
        del report["table"]
        print(json.dumps(report, indent=1))
        return
    print(f"The worked exercise: {report['network']}, x = {report['x']}, t = {report['t']}")
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
        derivation = files["derivation_html"]
        print(f"The derivation's 2-3-2 network (press N: naive recursion fails): {derivation}")
    else:
        print(f"\nGraph as DOT source: {files['dot']} ({files['note']})")
