"""`python -m benchmarks`: every case, every engine side by side, medians and ratios.

Each engine runs each case in a fresh process per round (CPython's cyclic GC makes an engine
slower in a process that has imported torch), rounds interleaved across engines. Every engine's
results are cross-checked against autograd_mini's (1e-9 relative) and the run stops loudly if
they differ. Writes results.json and results.md (the table README.md shows) to --out.
"""

import argparse
import json
import math
import platform
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

from tqdm import tqdm

from benchmarks import report
from benchmarks.engines import ENGINES, installed

GRAPH = ("autograd_mini", "before", "floor", "micrograd", "torch")
CASES = {
    "ops": GRAPH,
    "chain": GRAPH,
    "mlp": GRAPH,
    "small_mlp": (*GRAPH, "compiled", "by_hand"),
    "diamond": GRAPH,
    "no_grad": ("autograd_mini", "torch"),
    "net232": ("autograd_mini", "closed_form", "numpy"),
    "deep": ("autograd_mini", "before", "floor", "micrograd"),
    "train": ("autograd_mini", "before", "tape", "compiled"),
    "tape": ("autograd_mini", "before", "tape", "numpy"),
    "per_node": ("autograd_mini", "before"),
    "wide_sum": ("autograd_mini", "before", "micrograd"),
    "fan_in": ("autograd_mini", "before", "micrograd"),
}
SIZES = {
    "ops_wide": 20_000,
    "ops_deep": 20_000,
    "chain": 20_000,
    "alloc": 100_000,
    "deep": 1_000_000,
    # tracemalloc walks the whole stack per allocation: quadratic in micrograd's recursion depth.
    "deep_memory": 20_000,
    "batch": 100,
    "steps": 3,
    "small_batch": 24,
    "small_reps": 15,
    "diamonds": 5_000,
    "net232_reps": {"autograd_mini": 5, "closed_form": 20, "numpy": 2000},
    "train_batch": 100,
    "train_steps": 500,
    "tape_batches": [1, 100, 10_000],
    "tape_reps": 7,
    "tape_engine_samples": 100,  # the engine's time on more samples is scaled from these
    "tape_loop_samples": 1000,  # batches smaller than this are timed over several calls
    "per_node_max": 1_000_000,
    "wide": 100_000,
}
QUICK = {
    "ops_wide": 40,
    "ops_deep": 40,
    "chain": 60,
    "alloc": 300,
    "deep": 2000,
    "deep_memory": 2000,
    "batch": 4,
    "steps": 1,
    "small_batch": 2,
    "small_reps": 1,
    "diamonds": 20,
    "net232_reps": {"autograd_mini": 1, "closed_form": 1, "numpy": 5},
    "train_batch": 4,
    "train_steps": 3,
    "tape_batches": [1, 4],
    "tape_reps": 1,
    "tape_engine_samples": 2,
    "tape_loop_samples": 2,
    "per_node_max": 2_000,
    "wide": 200,
}
ROOT = Path(__file__).resolve().parent.parent


class CrossCheckError(RuntimeError):
    """Two engines computed different numbers for the same work."""


def cross_check(case, engine, check, expected):
    """CrossCheckError unless `check` equals `expected` (autograd_mini's) to 1e-9 relative."""
    for key in check.keys() & expected.keys():
        ours, theirs = expected[key], check[key]
        if len(ours) != len(theirs) or not all(
            math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
            for a, b in zip(ours, theirs, strict=True)
        ):
            worst = max(
                zip(ours, theirs, strict=True),
                key=lambda pair: abs(pair[0] - pair[1]),
                default=(None, None),
            )
            raise CrossCheckError(
                f"{case} [{key}]: {engine} disagrees with autograd_mini "
                f"(e.g. {worst[1]!r} vs {worst[0]!r}; {len(theirs)} vs {len(ours)} numbers)"
            )


def run_worker(python, case, engine, sizes):
    """(result dict, error reason or None) of one fresh worker process."""
    job = json.dumps({"case": case, "engine": engine, "sizes": sizes})
    # -I keeps the working folder off sys.path and ROOT goes last: the installed autograd_mini
    # (with its nn subpackage) wins over the repository's source folder of the same name.
    code = f"import sys; sys.path.append({str(ROOT)!r}); from benchmarks.worker import main; main()"
    done = subprocess.run([python, "-I", "-c", code, job], capture_output=True, text=True)
    if done.returncode != 0:
        code = done.returncode
        reason = f"killed by {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
        tail = done.stderr.strip().splitlines()[-1:] or [""]
        return None, f"{reason} {tail[0]}".strip()[:200]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result, result.get("error")


def torch_python(option, notes):
    """The interpreter to run torch in: --python-torch, else this one if it has torch, else None."""
    if option == "none":
        notes.append("torch: skipped (--python-torch none)")
        return None
    if option:
        probe = subprocess.run([option, "-c", "import torch"], capture_output=True)
        if probe.returncode == 0:
            return option
        notes.append(f"torch: cannot import torch with {option}; skipped")
        return None
    if installed("torch"):
        return sys.executable
    notes.append("torch: not installed here (pip install '.[torch]' or --python-torch); skipped")
    return None


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="rounds per case (default 5)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes (a smoke run)")
    parser.add_argument(
        "--cases", default=",".join(CASES), help=f"comma-separated, from {','.join(CASES)}"
    )
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument(
        "--python-torch", metavar="PATH", help="a Python that has torch, or none to skip torch"
    )
    parser.add_argument(
        "--python-before",
        metavar="PATH",
        help="a Python with an older autograd_mini installed: measured as engine 'before'",
    )
    args = parser.parse_args(argv)
    args.cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = [c for c in args.cases if c not in CASES]
    if unknown or args.rounds < 1:
        parser.error(f"unknown cases {unknown}" if unknown else "--rounds must be >= 1")
    return args


def main(argv=None):
    args = parse_args(argv)
    sizes = QUICK if args.quick else SIZES
    notes = []
    pythons = {engine: sys.executable for engine in ENGINES if engine not in ("torch", "before")}
    pythons["before"] = args.python_before
    if any("torch" in CASES[case] for case in args.cases):
        pythons["torch"] = torch_python(args.python_torch, notes)
    if not installed("micrograd"):
        notes.append("micrograd: not installed (pip install '.[bench]'); skipped")
    available = {e: p for e, p in pythons.items() if p and (e == "torch" or installed(e))}
    if "micrograd" in available:
        notes.append("micrograd 0.1.0 has no exp and no tanh: n/a in those rows")
    if "deep" in args.cases:
        notes.append(
            "deep: tracemalloc runs once, in a separate process, on a chain of "
            f"{sizes['deep_memory']:,} ops (it slows allocation several times over; bytes per op "
            "do not depend on the length); bytes per op count everything an op leaves: "
            "micrograd and the floor make a node for the constant 1.0 too, autograd_mini keeps "
            "it as a float"
        )

    jobs = []
    for round_index in range(args.rounds):
        for case in args.cases:
            engines = [e for e in CASES[case] if e in available]
            shift = round_index % len(engines)  # alternate who goes first
            for engine in engines[shift:] + engines[:shift]:
                jobs.append((round_index, case, engine))
                if case == "deep" and round_index == 0:
                    jobs.append((round_index, "deep_memory", engine))

    samples = {case: {} for case in args.cases}
    expected = {}
    failed = {}
    started = time.perf_counter()
    for round_index, job_case, engine in tqdm(jobs, desc="benchmarks", unit="run"):
        case = "deep" if job_case == "deep_memory" else job_case
        if (case, engine) in failed:
            continue
        result, error = run_worker(available[engine], job_case, engine, sizes)
        if error:
            failed[case, engine] = error
            tqdm.write(f"{case}: {engine} failed: {error}")
            continue
        check = result["check"] if isinstance(result["check"], dict) else {"": result["check"]}
        key = (round_index, job_case)
        if engine == "autograd_mini":
            expected[key] = check
        elif key in expected:
            cross_check(case, engine, check, expected[key])
        for metric, value in result["metrics"].items():
            samples[case].setdefault(metric, {}).setdefault(engine, []).append(value)
    notes += [f"{case}: {engine} n/a: {error}" for (case, engine), error in failed.items()]

    table = report.medians(samples)
    command = "python -m benchmarks " + shlex.join(argv if argv is not None else sys.argv[1:])
    text = report.markdown(table, CASES, notes, command.strip(), sizes)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.md").write_text(text, encoding="utf-8")
    document = {
        "command": command.strip(),
        "python": sys.version.split()[0],
        "machine": platform.platform(),
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "seconds": round(time.perf_counter() - started, 1),
        "rounds": args.rounds,
        "sizes": sizes,
        "notes": notes,
        "medians": table,
        "samples": samples,
        "targets": [
            {"target": name, "measured": value, "goal": goal, "met": met}
            for name, value, goal, met in report.targets(table)
        ],
    }
    (args.out / "results.json").write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out / 'results.md'} and {args.out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
