"""Where the time goes: the cyclic GC's share, and instructions per op (a deterministic count).

    python -m benchmarks.profile gc [--source DIR] [--quick]
    python -m benchmarks.profile instructions [--source DIR] [--quick]

gc: the forward pass of micrograd's demo MLP on 100 points with the cyclic GC on and off, and
the time each GC generation took while it ran; then a 1,000,000-op chain y = y * 1.0, built
and backpropagated, and the time its full (generation 2) collections took.

instructions: CPU instructions per op (valgrind's callgrind, which must be installed) to build
the chain y = y * 1.0 and to backpropagate it, with the GC off and on: the count at 20,000 ops
minus the count at 10,000 ops, over 10,000, so that start-up cancels out.

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

CHAIN = """
import gc, sys
if sys.argv[2] == "off":
    gc.disable()
from autograd_mini import Value
y = Value(1.0)
for _ in range(int(sys.argv[1])):
    y = y * 1.0
if sys.argv[3] == "backward":
    y.backward()
"""


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
    """Print callgrind's instructions per op for building and for backpropagating the chain."""
    found = run_python(source, ["-c", "import autograd_mini; print(autograd_mini.__file__)"])
    print("autograd_mini from", found.stdout.strip())
    for gc_mode in ("off", "on"):
        per_op = {}
        for part in ("build", "backward"):
            small, large = 10_000 // scale, 20_000 // scale
            per_op[part] = (
                count_instructions(source, large, gc_mode, part)
                - count_instructions(source, small, gc_mode, part)
            ) / small
        backward = per_op["backward"] - per_op["build"]
        print(
            f"GC {gc_mode}: build {per_op['build']:,.0f}, backward {backward:,.0f}, "
            f"total {per_op['backward']:,.0f} instructions per op"
        )


def count_instructions(source, n, gc_mode, part):
    """The instructions callgrind counts in a whole run of CHAIN (n ops, GC "on" or "off")."""
    callgrind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    run = run_python(source, ["-c", CHAIN, str(n), gc_mode, part], under=callgrind)
    return int(re.search(r"Collected : (\d+)", run.stderr).group(1))


def run_python(source, args, under=()):
    """`python *args` (under a tool such as valgrind), importing `source`'s autograd_mini."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    if source:
        env["PYTHONPATH"] = source
    # From `source` or a neutral folder: `python -c` puts the working folder first on the path.
    where = source or tempfile.gettempdir()
    command = [*under, sys.executable, *args]
    return subprocess.run(command, env=env, cwd=where, capture_output=True, text=True, check=True)


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
