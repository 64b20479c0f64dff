"""Where the time goes: the cyclic GC's share, and instructions per op (a deterministic count).

    python -m benchmarks.profile gc [--source DIR] [--quick]
    python -m benchmarks.profile instructions [--source DIR] [--quick]

gc: the forward pass of micrograd's demo MLP on 100 points with the cyclic GC on and off, and
the time each GC generation took while it ran; then a 1,000,000-op chain y = y * 1.0, built
and backpropagated, and the time its full (generation 2) collections took.

instructions: CPU instructions per node (valgrind's callgrind, which must be installed) to build
and to backpropagate each case: the chain y = y * 1.0, a chain of diamonds (b = y + y;
c = b * b; ...), a small ReLU MLP 3-12-12-1 on a batch, a wide sum sum(w_i * x_i) and fan-in
sum(w_i * x) over leaves made first, with the GC off and on: the count at
about 20,000 nodes minus the count at about 10,000, over the difference, so start-up cancels.

--source DIR puts DIR's autograd_mini first on the path: an older checkout (`git worktree add
DIR REV`) against this one gives before and after. --quick: a hundredth of the sizes (a smoke run).
"""

import argparse
import gc
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

# One case's graph at size n, built and (part "backward") backpropagated; part "count" prints
# its number of nodes. Plain code, so that it runs on older checkouts too (--source).
CASE = """
import gc, random, sys
case, n, part = sys.argv[1], int(sys.argv[2]), sys.argv[4]
if sys.argv[3] == "off":
    gc.disable()
from autograd_mini import Value, topological_order
if case == "chain":  # y = y * 1.0
    y = Value(1.0)
    for _ in range(n):
        y = y * 1.0
elif case == "diamond":  # b = y + y; c = b * b; y = c**0.5 * 0.5
    y = Value(0.7)
    for _ in range(n):
        b = y + y
        c = b * b
        y = c**0.5 * 0.5
elif case in ("wide_sum", "fan_in"):  # sum(w_i * x_i), sum(w_i * x): leaves made first
    rng = random.Random(5)
    ws = [Value(rng.uniform(-1, 1)) for _ in range(n)]
    xs = [Value(rng.uniform(-1, 1)) for _ in range(n)] if case == "wide_sum" else [Value(0.5)] * n
    y = ws[0] * xs[0]
    for w, x in zip(ws[1:], xs[1:]):
        y = y + w * x
else:  # small_mlp: n points through a 3-12-12-1 ReLU MLP, squared loss
    rng = random.Random(24)
    sizes = (3, 12, 12, 1)
    layers = [
        [([Value(rng.uniform(-1, 1)) for _ in range(a)], Value(0.0)) for _ in range(b)]
        for a, b in zip(sizes, sizes[1:])
    ]
    y = Value(0.0)
    for _ in range(n):
        h = [Value(rng.uniform(-1, 1)) for _ in range(3)]
        for k, layer in enumerate(layers):
            h = [sum((w * x for w, x in zip(ws, h)), b) for ws, b in layer]
            if k < 2:
                h = [a.relu() for a in h]
        error = h[0] - rng.uniform(-1, 1)
        y = y + error * error
if part == "backward":
    y.backward()
if part == "count":
    print(len(topological_order(y, constants=False)))
"""
# Sizes n and 2n per case, about 10,000 and 20,000 nodes.
INSTRUCTION_CASES = {
    "chain": 10_000,
    "diamond": 2_500,
    "small_mlp": 24,
    "wide_sum": 2_500,
    "fan_in": 3_300,
}


def gc_share(scale=1):
    """Print the MLP forward with the GC on and off, and the GC's time by generation."""
    from autograd_mini import Value
    from benchmarks.engines import Adapter
    from benchmarks.nn_cases import build_mlp, hinge_loss, moons

    print(f"autograd_mini from {os.path.dirname(sys.modules['autograd_mini'].__file__)}")
    xs, ys = moons(100)
    forward, _ = build_mlp(Adapter(Value))  # plain Values: the same code for any checkout
    spent = {0: [0, 0.0], 1: [0, 0.0], 2: [0, 0.0]}
    started = [0.0]

    def clock(phase, info):
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            spent[info["generation"]][0] += 1
            spent[info["generation"]][1] += time.perf_counter() - started[0]

    def timed(run):
        gc.collect()
        start = time.perf_counter()
        result = run()
        return time.perf_counter() - start, result

    on, off = [], []
    for _ in range(5 if scale == 1 else 1):
        gc.enable()
        on.append(timed(lambda: hinge_loss(forward, xs, ys))[0])
        gc.disable()
        off.append(timed(lambda: hinge_loss(forward, xs, ys))[0])
    gc.enable()
    gc.callbacks.append(clock)
    forward_s, loss = timed(lambda: hinge_loss(forward, xs, ys))
    del loss
    print(
        f"MLP forward, medians of 5: GC on {statistics.median(on) * 1e3:.1f} ms, "
        f"GC off {statistics.median(off) * 1e3:.1f} ms"
    )
    by_generation = ", ".join(f"gen{g} {n} runs {s * 1e3:.1f} ms" for g, (n, s) in spent.items())
    print(f"one more forward with the GC on: {forward_s * 1e3:.1f} ms, of which {by_generation}")
    for g in spent:
        spent[g] = [0, 0.0]
    build_s, y = timed(lambda: chain(Value(1.0), 1_000_000 // scale))
    backward_s, _ = timed(y.backward)
    gc.callbacks.remove(clock)
    print(
        f"{1_000_000 // scale:,}-op chain: build {build_s:.2f} s, backward {backward_s:.2f} s; "
        f"full collections during both {spent[2][0]} runs {spent[2][1]:.2f} s"
    )


def chain(y, n):
    for _ in range(n):
        y = y * 1.0
    return y


def instructions(source, scale=1):
    """Print callgrind's instructions per node for building and backpropagating each case.

    Each count is the difference between a run at 2n and one at n, over the nodes added, so
    that start-up (imports, compiling) cancels out.
    """
    found = run_python(source, ["-c", "import autograd_mini; print(autograd_mini.__file__)"])
    print("autograd_mini from", found.stdout.strip())
    for case, n in INSTRUCTION_CASES.items():
        n = max(2, n // scale)
        small, large = (
            int(run_python(source, ["-c", CASE, case, str(m), "on", "count"]).stdout)
            for m in (n, 2 * n)
        )
        added = large - small
        for gc_mode in ("off", "on"):
            counts = {
                part: [count_instructions(source, case, m, gc_mode, part) for m in (n, 2 * n)]
                for part in ("build", "backward")
            }
            per_node = {part: (b - a) / added for part, (a, b) in counts.items()}
            backward = per_node["backward"] - per_node["build"]
            print(
                f"{case} ({added:,} nodes), GC {gc_mode}: build {per_node['build']:,.0f},"
                f" backward {backward:,.0f}, total {per_node['backward']:,.0f} instructions a node"
            )


def count_instructions(source, case, n, gc_mode, part):
    """The instructions callgrind counts in a whole run of CASE (size n, GC "on" or "off")."""
    callgrind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    # A plain run first, so that the counted one finds the modules compiled: the first run
    # after an edit compiles them and writes their .pyc, 429M instructions for the chain at
    # n=0 against 216M once they are written (more than 200 nodes cost). Where no .pyc can
    # be written (PYTHONDONTWRITEBYTECODE), every run compiles, and the counts still compare.
    run_python(source, ["-c", CASE, case, str(n), gc_mode, part])
    run = run_python(source, ["-c", CASE, case, str(n), gc_mode, part], under=callgrind)
    return int(re.search(r"Collected : (\d+)", run.stderr).group(1))


def run_python(source, args, under=()):
    """`python *args` (under a tool such as valgrind), importing `source`'s autograd_mini."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    if source:
        env["PYTHONPATH"] = source
    command = [*under, sys.executable, *args]
    # From `source` or an empty folder: `python -c` puts the working folder first on the path,
    # and imports list it (a shared /tmp, changing, moved counts by up to 25M instructions).
    with tempfile.TemporaryDirectory() as empty:
        where = source or empty
        return subprocess.run(
            command, env=env, cwd=where, capture_output=True, text=True, check=True
        )


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("what", choices=["gc", "instructions"])
    parser.add_argument("--source", help="a checkout whose autograd_mini to measure instead")
    parser.add_argument("--quick", action="store_true", help="a hundredth of the sizes")
    args = parser.parse_args(argv)
    scale = 100 if args.quick else 1
    if args.what == "instructions":
        instructions(args.source, scale)
        return
    if args.source:
        sys.path.insert(0, args.source)
    gc_share(scale)


if __name__ == "__main__":
    main()
