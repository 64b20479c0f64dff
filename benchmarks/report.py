"""Medians, ratios against autograd_mini, the speed targets, and the printed/markdown tables."""

import math
import statistics

CASE_TITLES = {
    "ops": "1. Per-op cost, us per op: a wide graph ({ops_wide:,} ops on leaves, each result added "
    "to a running sum) and a deep chain ({ops_deep:,} steps y = op(y); the exp step is "
    "exp(y * -1.0))",
    "chain": "1b and 5. A chain of {chain:,} ops cycling + * ** relu - /, us per op; memory blocks "
    "per op (sys.getallocatedblocks) on {alloc:,} ops",
    "mlp": "2. micrograd's demo MLP(2, [16, 16, 1]) (relu), one training step on {batch} two-moons "
    "points: hinge loss, zero_grad, backward, SGD",
    "no_grad": "2b. The same MLP's forward and loss over the batch: recording vs no_grad",
    "net232": "3. The 2-3-2 sigmoid net, one full-batch SGD step on {batch} samples (L2 loss)",
    "deep": "4. A {deep:,}-op chain x * 1.0 * 1.0 ...: build + backward, memory per op",
    "small_mlp": "6. A small ReLU MLP 3-12-12-1 on {small_batch} points, squared loss (units built "
    "with sum((w * x for ...), bias)): forward and backward, medians of {small_reps}",
    "train": "8. autograd-mini train --data moons --model mlp --sizes 16,16,1 (sigmoid, l2, SGD lr "
    "5): {train_steps} full-batch steps on {train_batch} points, on the engine, the tape (before: "
    "the older version's tape) and the compiled code (loss curves cross-checked to 1e-9)",
    "tape": "8b. The same MLP 2-16-16-1's loss and per-sample gradients over a batch: the engine "
    "one graph per sample (timed on {tape_engine_samples} samples at most, scaled), the tape "
    "(before: the older version's), NumPy written by hand in the tape's layout; medians of "
    "{tape_reps}",
    "per_node": "9. Per-node cost as the graph grows: a chain x * 1.0 * 1.0 ... of 1e3 to 1e6 "
    "nodes (at most {per_node_max:,}), us per node, the collector at its defaults (its full "
    "collections timed apart, and the objects they walk per node); then with the loop inside "
    "`gc_paused()`, and by `grad(f)` (f builds the chain) with the collector left at its defaults",
    "wide_sum": "10. A wide sum: sum(w_i * x_i) over {wide:,} pairs of leaves made before it, "
    "backward with the collector on and off; the products listed first, or summed from a generator",
    "fan_in": "11. Fan-in: sum(w_i * x) over {wide:,} leaves w_i and one x, backward with the "
    "collector on and off; the products listed first, or summed from a generator",
    "diamond": "7. {diamonds:,} diamonds b = y + y; c = b * b; y = c**0.5 * 0.5 (each node used "
    "twice), us per op",
}


def medians(samples):
    """{case: {metric: {engine: median}}} from {case: {metric: {engine: [values]}}}."""
    return {
        case: {
            metric: {engine: statistics.median(values) for engine, values in by_engine.items()}
            for metric, by_engine in metrics.items()
        }
        for case, metrics in samples.items()
    }


def ratio(table, case, metric, baseline, engine="autograd_mini"):
    """baseline / engine on one metric (> 1: engine is faster or smaller), or None if missing."""
    row = table.get(case, {}).get(metric, {})
    if baseline not in row or engine not in row or row[engine] <= 0:
        return None
    return row[baseline] / row[engine]


def targets(table):
    """The speed targets: (name, measured, goal, met or None when it could not be measured)."""

    def at_least(value, goal):
        return None if value is None else value >= goal

    rows = []
    for case, metric in (
        ("chain", "backward"),
        ("mlp", "zero_grad + backward + SGD ms"),
        ("small_mlp", "backward ms"),
        ("diamond", "backward"),
        ("deep", "backward s"),
        *(
            (case, f"{shape}backward ms, GC {mode}")
            for case in ("wide_sum", "fan_in")
            for shape in ("", "sum() of a generator: ")
            for mode in ("on", "off")
        ),
    ):
        speedup = ratio(table, case, metric, "micrograd")
        shape, _, rest = metric.rpartition(": ")  # "sum() of a generator" for the wide cases
        gc_mode = rest.partition(",")[2]  # " GC on" or " GC off" for the wide cases
        label = f"{case}{f' ({shape})' * bool(shape)}: backward alone{',' * bool(gc_mode)}"
        label += f"{gc_mode}, x faster than micrograd"
        rows.append((label, speedup, "> 1", None if speedup is None else speedup > 1))
    for case, metric, goal in (
        ("small_mlp", "forward + backward ms", 3),
        ("chain", "forward + backward", 5),
        ("mlp", "step ms", 10),
    ):
        speedup = ratio(table, case, metric, "micrograd")
        label = f"{case}: forward + backward, x faster than micrograd"
        rows.append((label, speedup, f">= {goal}", at_least(speedup, goal)))
    row = table.get("small_mlp", {}).get("forward + backward ms", {})
    slower = row["compiled"] / row["by_hand"] if "compiled" in row and "by_hand" in row else None
    label = "small_mlp: compiled forward + backward, x the time of code written by hand"
    rows.append((label, slower, "<= 1.5", None if slower is None else slower <= 1.5))
    rows += tape_targets(table)
    seconds = table.get("deep", {}).get("build + backward s", {}).get("autograd_mini")
    met = None if seconds is None else seconds < 2.5
    rows.append(("1e6 chain: build + backward s", seconds, "< 2.5", met))
    memory = table.get("deep", {}).get("tracemalloc peak bytes per op", {}).get("autograd_mini")
    met = None if memory is None else memory <= 250
    rows.append(("x * 1.0 chain: tracemalloc peak bytes per op", memory, "<= 250", met))
    return rows


def tape_targets(table):
    """The tape beats the engine from batch 1, within 2x of NumPy by hand; train < 10 s."""
    rows = []
    for metric in table.get("tape", {}):
        if metric.startswith("batch"):
            faster = ratio(table, "tape", metric, "autograd_mini", engine="tape")
            label = f"tape, {metric[:-4]}: x faster than the engine"
            rows.append((label, faster, "> 1", None if faster is None else faster > 1))
            slower = ratio(table, "tape", metric, "tape", engine="numpy")
            label = f"tape, {metric[:-4]}: x the time of NumPy by hand"
            rows.append((label, slower, "<= 2", None if slower is None else slower <= 2))
    for metric, row in table.get("train", {}).items():
        seconds = row.get("tape")
        label = f"train moons MLP, {metric[:-2]} on the tape (train's default), s"
        rows.append((label, seconds, "< 10", None if seconds is None else seconds < 10))
    return rows


def number(x):
    """Three significant digits, no exponent for everyday sizes."""
    if x is None:
        return "n/a"
    if x == 0 or 0.01 <= abs(x) < 1e6:
        digits = max(0, 2 - math.floor(math.log10(abs(x)))) if x else 0
        return f"{x:,.{digits}f}"
    return f"{x:.2e}"


def case_table(case, rows, engines, sizes):
    """A markdown table of one case: a row per metric, a column per engine, then ratios."""
    present = [e for e in engines if any(e in row for row in rows.values())]
    baselines = [e for e in present if e != "autograd_mini"]
    header = ["metric", *present, *(f"{e} / autograd_mini" for e in baselines)]
    lines = [f"**{CASE_TITLES[case].format(**sizes)}**", "", "| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join([" --- "] + [" ---: "] * (len(header) - 1)) + "|")
    for metric, row in rows.items():
        cells = [metric]
        for engine in present:
            cells.append(number(row.get(engine)))
        for engine in baselines:
            value = (
                row[engine] / row["autograd_mini"]
                if engine in row and row.get("autograd_mini")
                else None
            )
            cells.append("n/a" if value is None else f"{number(value)}x")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def markdown(table, engines_by_case, notes, command, sizes):
    """results.md: the command, a table per case, the targets table, and notes."""
    parts = [
        f"Produced by `{command}` (medians over rounds; CPU time; each engine in its own process "
        "per round; "
        "ratio columns are baseline / autograd_mini, so above 1 means autograd_mini is faster "
        "or smaller).",
    ]
    for case, rows in table.items():
        parts.append(case_table(case, rows, engines_by_case[case], sizes))
    lines = ["**Speed targets**", "", "| target | measured | goal | met |"]
    lines.append("| --- | ---: | --- | --- |")
    for name, value, goal, met in targets(table):
        verdict = {True: "yes", False: "**no**", None: "n/a"}[met]
        lines.append(f"| {name} | {number(value)} | {goal} | {verdict} |")
    parts.append("\n".join(lines))
    if notes:
        parts.append("Notes:\n\n" + "\n".join(f"- {note}" for note in notes))
    return "\n\n".join(parts) + "\n"
