"""Median SVG render times per renderer: a 10-node graph, ~1,000-node graphs, the MLP summary.

Run: python -m benchmarks.render [--using dot|wasm] [--runs 3] [--quick]. The first wasm render
in a process compiles Graphviz: it is timed on its own, before the medians. --quick draws
tenth-size graphs (a smoke run).
"""

import argparse
import random
import statistics
import time

from autograd_mini import Value, topological_order
from autograd_mini.nn import MLP, batch_loss, parameter_groups, two_moons
from autograd_mini.viz import available_renderers, draw, draw_summary, to_svg
from autograd_mini.viz.dot import MAX_NODES


def mlp_loss(sizes=(2, 16, 16, 1), batch=10, seed=0):
    """A tanh MLP's mean squared error on `batch` two-moons samples, and {parameter: layer}."""
    net = MLP(sizes[0], sizes[1:], ["tanh"] * (len(sizes) - 2) + ["linear"], seed=seed)
    xs, ts = two_moons(batch, seed=seed)
    return batch_loss(net, xs, ts, "squared"), parameter_groups(net)


def random_graph(n_values, seed=0):
    """About n_values Values, each op reading a recent and a random earlier one (long edges)."""
    rng = random.Random(seed)
    pool = [Value(rng.uniform(0.5, 1.5), f"x{i}") for i in range(max(2, n_values // 10))]
    while len(pool) < n_values:
        a, b = rng.choice(pool[-20:]), rng.choice(pool)
        pool.append(rng.choice([a * b, a + b, (a * 0.5).tanh()]))
    return sum(pool[-10:], 0.0)


def median_seconds(run, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_renderer(using, runs, quick=False):
    """Print the median render time of each case with one renderer."""
    start = time.perf_counter()
    to_svg(draw(Value(1.0) * 2), using=using)  # wasm compiles Graphviz on a process's first render
    first = time.perf_counter() - start
    print(f"{using}: first render in this process (3 drawn nodes): {first:.3f} s")
    x, y = Value(2.0, "x"), Value(-3.0, "y")
    sizes, n_random = ((2, 3, 3, 1), 100) if quick else ((2, 16, 16, 1), 1000)
    loss, groups = mlp_loss(sizes)
    loss.backward()
    mlp = "-".join(map(str, sizes))
    cases = {
        "small expression": ((x * y + 1).tanh() * x).exp(),
        f"MLP {mlp}, 1 sample": mlp_loss(sizes, batch=1)[0],
        f"random {n_random:,} Values": random_graph(n_random),
    }
    for name, root in cases.items():
        order = topological_order(root)
        drawn = len(order) + sum(1 for v in order if v.parents)
        seconds = median_seconds(lambda r=root: to_svg(draw(r, max_nodes=None), using=using), runs)
        print(f"{using}: {name} ({drawn} drawn nodes): {seconds:.3f} s")
    seconds = median_seconds(lambda: to_svg(draw_summary(loss, groups), using=using), runs)
    print(f"{using}: MLP {mlp} batch 10, summary view: {seconds:.3f} s")
    start = time.perf_counter()
    try:
        draw(loss, max_nodes=50 if quick else MAX_NODES)  # quick: its graph is small, so is this
    except ValueError as error:
        refused = time.perf_counter() - start
        print(f"{using}: MLP {mlp} batch 10, full draw refused in {refused:.3f} s: {error}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--using", choices=["dot", "wasm"], default=None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="tenth-size graphs (a smoke run)")
    args = parser.parse_args(argv)
    for using in [args.using] if args.using else available_renderers():
        time_renderer(using, args.runs, args.quick)


if __name__ == "__main__":
    main()
