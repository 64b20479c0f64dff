"""`autograd-mini demo`: the worked 2-2-1 exercise, its gradients checked three ways, a drawing."""

from __future__ import annotations

import argparse
import copy
import json
import os
from typing import TYPE_CHECKING, Any

from autograd_mini import Value, no_grad
from autograd_mini.cli import UsageError
from autograd_mini.files import check_output_path
from autograd_mini.nn.compare import GradientTable, compare
from autograd_mini.nn.data import EXERCISE
from autograd_mini.nn.layers import TwoLayerNet
from autograd_mini.nn.losses import l2_loss, squared_error
from autograd_mini.nn.module import parameter_groups
from autograd_mini.nn.optim import SGD

if TYPE_CHECKING:  # only the demo draws; nn's other names need no viz
    from autograd_mini.viz import SummaryTable


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `demo [--json] [--out DIR]`."""
    parser = subparsers.add_parser(
        "demo",
        help="the worked 2-2-1 exercise three ways, and its graph: autograd-mini demo --out out",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--out", default="out", metavar="DIR", help="where the graph files go")
    parser.set_defaults(run=run_demo)


def exercise_nodes(net: TwoLayerNet, x: list[Value]) -> tuple[list[Value], list[Value], Value]:
    """h, y and E = sum (y - t)^2 of the exercise at inputs x, labelled h[j], y[k], E to draw."""
    h = net.hidden(x)
    y = net.output(h)
    for name, values in (("h", h), ("y", y)):
        for j, value in enumerate(values):
            value.label = f"{name}[{j}]"
    loss = squared_error(y, EXERCISE.t)
    loss.label = "E"
    return h, y, loss


def exercise_report(out_dir: str) -> dict[str, Any]:
    """Run the exercise on the engine, check it three ways, draw it into `out_dir`, step once."""
    net = EXERCISE.network()
    h, y, loss = exercise_nodes(net, [Value(x_i, f"x[{i}]") for i, x_i in enumerate(EXERCISE.x)])
    loss.backward()  # fills .grad of every node, intermediates h and y included
    table = compare(net, EXERCISE.x, EXERCISE.t, loss="squared")
    # The step is taken on a copy (.grad included), so the drawing shows the net before it.
    stepped = copy.deepcopy(net)
    SGD(stepped.parameters(), EXERCISE.lr).step()
    with no_grad():
        loss_after = squared_error(stepped(EXERCISE.x), EXERCISE.t).data
    steps = {
        name: {"before": p.data, "after": q.data}
        for (name, p), q in zip(net.named_parameters(), stepped.parameters(), strict=True)
    }
    summary = summary_tables(table, net, stepped, (loss.data, loss_after))
    files = draw_exercise(loss, parameter_groups(net), out_dir, summary)
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


def summary_tables(
    table: GradientTable, net: TwoLayerNet, stepped: TwoLayerNet, losses: tuple[float, float]
) -> list[SummaryTable]:
    """The page's summary card: the gradients three ways, and one SGD step with its numbers."""
    from autograd_mini.viz import SummaryTable
    from autograd_mini.viz.look import exact_number, format_number

    check = SummaryTable(  # numbers in the page's one rule: 7 digits, differences to 2
        "∂E/∂p three ways: engine, δ rule (× 2 for E), NumPy",
        ["parameter", "engine", "δ rule", "NumPy", "max diff"],
        [
            [
                row.name,
                *(format_number(x, 7) for x in (row.engine, row.closed_form, row.numpy)),
                format_number(row.difference, 2),
            ]
            for row in table.rows
        ],
        f"largest difference {format_number(table.largest_difference, 2)}",
    )
    lr = EXERCISE.lr
    rows = []  # every digit of w, η and w after (and of E): the step is exact
    for (name, p), after in zip(net.named_parameters(), stepped.parameters(), strict=True):
        w, w_after = exact_number(p.data), exact_number(after.data)
        rows.append([name, w, format_number(p.grad, 7), exact_number(lr), w_after])
    sgd = SummaryTable(
        f"One SGD step: w ← w - η·∂E/∂w, η = {exact_number(lr)}",
        ["parameter", "w", "∂E/∂w", "η", "w after"],
        rows,
        f"E {exact_number(losses[0])} → {exact_number(losses[1])}",
    )
    return [check, sgd]


def draw_exercise(
    loss: Value, groups: dict[Value, str], out_dir: str, summary: list[SummaryTable]
) -> dict[str, str]:
    """Write the graph as SVG and step-through HTML (`summary` on its card), or DOT source."""
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
    viz.save(loss, html, groups=groups, summary=summary)  # laid out as the SVG
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
    try:  # before the work, not after
        check_output_path(os.path.join(args.out, "exercise.html"))
    except ValueError as error:  # a path too deep
        raise UsageError(f"--out: {error}") from None
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
