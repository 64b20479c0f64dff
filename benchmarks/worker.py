"""One engine running one case in a fresh process: `python -m benchmarks.worker JSON`.

The JSON names the case, the engine and the sizes; the last line printed is the result as JSON
({"metrics": {...}, "check": [...]}). The harness in `__main__` starts one per engine and round.
"""

import json
import sys
import threading

from benchmarks import gc_cases, graph_cases, nn_cases, tape_cases
from benchmarks.engines import adapter

GRAPH_CASES = {
    "ops": graph_cases.ops,
    "chain": graph_cases.mixed_chain,
    "deep": graph_cases.deep_chain,
    "deep_memory": lambda engine, sizes: graph_cases.deep_chain(engine, sizes, memory=True),
    "mlp": nn_cases.mlp_step,
    "small_mlp": graph_cases.small_mlp,
    "diamond": graph_cases.diamond,
    "no_grad": nn_cases.no_grad_forward,
    "per_node": gc_cases.per_node,
    "wide_sum": gc_cases.wide_sum,
    "fan_in": gc_cases.fan_in,
}


def run(case, engine, sizes):
    """(metrics, check) of `case` on `engine`."""
    if case == "net232":  # its engines are not graph engines: closed form and NumPy too
        return nn_cases.net232_step(engine, sizes)
    if case == "train":  # the engine, tape and compiled backends of `fit`
        return nn_cases.train_moons(engine, sizes)
    if case == "tape":  # the engine, the tape and NumPy by hand, per-sample gradients
        return tape_cases.tape_mlp(engine, sizes)
    if engine in ("compiled", "by_hand"):  # straight-line float code, no graph engine
        return graph_cases.small_mlp_straight(engine, sizes)
    return GRAPH_CASES[case](adapter(engine), sizes)


def main():
    job = json.loads(sys.argv[1])
    outcome = {}

    def target():
        try:
            metrics, check = run(job["case"], job["engine"], job["sizes"])
            outcome.update(metrics=metrics, check=check)
        except Exception as error:  # reported by the harness as n/a with this reason
            outcome["error"] = f"{type(error).__name__}: {error}"[:300]

    if job["engine"] == "micrograd":
        # micrograd's build_topo recurses once per node: a deep chain needs a high limit, and a
        # big thread stack in case a C call sits in the recursion.
        largest = max(v for v in job["sizes"].values() if isinstance(v, int))
        sys.setrecursionlimit(10 * largest + 10_000)
        threading.stack_size(1 << 29)
    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    print(json.dumps(outcome))


if __name__ == "__main__":
    main()
