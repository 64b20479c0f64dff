"""Per-op cost (forward + backward) on a chain, autograd_mini vs micrograd, and a 1e6-node chain.

Run: python -m benchmarks.chain [--ops 20000] [--rounds 7] [--deep 1000000]
Both engines run in this one process, rounds interleaved; medians and the ratio are printed.
"""

import argparse
import statistics
import sys
import time
import tracemalloc

from autograd_mini import Value


def chain_ops(value_cls, n):
    """n user ops cycling through + * ** relu - / (micrograd 0.1.0 has no tanh or exp), forward
    then backward; returns (seconds, d out / d x)."""
    start = time.perf_counter()
    x = value_cls(0.3)
    y = x
    for i in range(n):
        k = i % 6
        if k == 0:
            y = y + 0.1
        elif k == 1:
            y = y * 0.9
        elif k == 2:
            y = y**1
        elif k == 3:
            y = y.relu()
        elif k == 4:
            y = y - 0.05
        else:
            y = y / 1.01
    y.backward()
    return time.perf_counter() - start, x.grad


def deep_chain(n, trace_memory):
    """Build x * 1.0 * 1.0 ... (n ops) and backpropagate: (build s, backward s, peak bytes).

    tracemalloc slows allocation several times over, so time and memory are separate runs.
    """
    if trace_memory:
        tracemalloc.start()
    start = time.perf_counter()
    x = Value(1.0)
    y = x
    for _ in range(n):
        y = y * 1.0
    built = time.perf_counter()
    y.backward()
    done = time.perf_counter()
    peak = tracemalloc.get_traced_memory()[1] if trace_memory else 0
    tracemalloc.stop()
    assert x.grad == 1.0
    return built - start, done - built, peak


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ops", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--deep", type=int, default=1_000_000)
    args = parser.parse_args()

    engines = {"autograd_mini": Value}
    try:
        from micrograd.engine import Value as MicrogradValue

        engines["micrograd"] = MicrogradValue
        sys.setrecursionlimit(max(sys.getrecursionlimit(), 4 * args.ops + 100))
    except ImportError:
        print("micrograd not installed (pip install '.[bench]'): autograd_mini only")

    times = {name: [] for name in engines}
    grads = {}
    for _ in range(args.rounds):
        for name, cls in engines.items():
            seconds, grads[name] = chain_ops(cls, args.ops)
            times[name].append(seconds)
    if len(grads) == 2:
        a, b = grads.values()
        assert abs(a - b) <= 1e-12 * max(1.0, abs(b)), grads
    print(
        f"chain of {args.ops} ops (+ * ** relu - /), forward + backward, "
        f"median of {args.rounds} rounds:"
    )
    per_op = {name: statistics.median(t) / args.ops * 1e6 for name, t in times.items()}
    for name, us in per_op.items():
        print(f"  {name:<14} {us:7.2f} us/op")
    if "micrograd" in per_op:
        ratio = per_op["micrograd"] / per_op["autograd_mini"]
        print(f"  autograd_mini is {ratio:.2f}x faster than micrograd")

    build, backward, _ = deep_chain(args.deep, trace_memory=False)
    peak = deep_chain(args.deep, trace_memory=True)[2]
    nodes = 2 * args.deep + 1  # each op node plus its constant 1.0, plus x
    print(
        f"{args.deep}-op chain ({nodes} nodes): build {build:.2f} s, backward {backward:.2f} s; "
        f"tracemalloc peak {peak / 2**20:.0f} MiB = {peak / args.deep:.0f} bytes per op"
    )


if __name__ == "__main__":
    main()
