"""The benchmarks still run: every case once on tiny sizes (timings are not checked here)."""

import json
import math
import shutil
import sys
from pathlib import Path

import pytest

# benchmarks/ is not installed; appended, not prepended, so the installed autograd_mini wins.
sys.path.append(str(Path(__file__).resolve().parent.parent))

from autograd_mini.viz import available_renderers
from benchmarks import floor, profile, render
from benchmarks.__main__ import CASES, CrossCheckError, cross_check, main

pytestmark = pytest.mark.benchmark


def test_every_case_runs_once_on_tiny_sizes(tmp_path, capsys):
    # torch is skipped here even where it is installed: importing it costs seconds per process.
    assert main(["--quick", "--rounds", "1", "--out", str(tmp_path), "--python-torch", "none"]) == 0
    document = json.loads((tmp_path / "results.json").read_text())
    assert set(document["medians"]) == set(CASES)
    for case, metrics in document["medians"].items():
        assert metrics, case
        for metric, row in metrics.items():
            assert all(value > 0 or "collections" in metric for value in row.values())
    assert {"compiled", "by_hand"} <= set(document["medians"]["small_mlp"]["forward + backward ms"])
    table = (tmp_path / "results.md").read_text()
    assert "| target | measured | goal | met |" in table
    assert table in capsys.readouterr().out


def test_cross_check_fails_loudly_when_engines_disagree():
    with pytest.raises(CrossCheckError, match=r"chain \[x\]: floor disagrees"):
        cross_check("chain", "floor", {"x": [1.0, 2.0 + 1e-6]}, {"x": [1.0, 2.0]})
    cross_check("chain", "floor", {"x": [1.0, 2.0 + 1e-12]}, {"x": [1.0, 2.0]})


def test_floor_engine_gradients_match_the_derivatives_by_hand():
    x, w = floor.Value(0.5), floor.Value(-1.5)
    out = (x * w + x**2.0).tanh() + x.exp() + (x - w / 2.0).relu()
    out.backward()
    a = 0.5 * -1.5 + 0.25
    slope = 1 - math.tanh(a) ** 2
    assert x.grad == pytest.approx(slope * (-1.5 + 1.0) + math.exp(0.5) + 1.0, rel=1e-12)
    assert w.grad == pytest.approx(slope * 0.5 - 0.5, rel=1e-12)


def test_small_mlp_by_hand_and_compiled_give_the_engines_loss_and_gradients():
    from benchmarks import graph_cases
    from benchmarks.engines import adapter

    sizes = {"small_batch": 3, "small_reps": 1}
    _, expected = graph_cases.small_mlp(adapter("autograd_mini"), sizes)
    for name in ("by_hand", "compiled"):
        metrics, check = graph_cases.small_mlp_straight(name, sizes)
        assert check == pytest.approx(expected, rel=1e-12, abs=1e-15)
        assert metrics["forward + backward ms"] > 0


def test_render_benchmark_runs_once_on_small_graphs(capsys):
    using = available_renderers()[0]
    render.main(["--using", using, "--runs", "1", "--quick"])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [using] * 6
    assert "first render" in lines[0]
    assert "summary view" in lines[4]
    assert "full draw refused" in lines[5]  # the batch-10 MLP is too big to draw node by node


def test_gc_profile_runs_once_on_small_sizes(capsys):
    profile.main(["gc", "--quick"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("autograd_mini from")
    assert "GC on" in lines[1]
    assert "GC off" in lines[1]
    assert "gen0" in lines[2]
    assert "gen2" in lines[2]
    assert lines[3].startswith("10,000-op chain: build")


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind is not installed")
@pytest.mark.parametrize(("case", "nodes_per_step"), [("chain", 1), ("diamond", 4)])
def test_instruction_count_grows_with_the_graph(case, nodes_per_step):
    # A node costs thousands of instructions; a run is about 5 s under callgrind.
    short, long = (profile.count_instructions(None, case, n, "off", "backward") for n in (0, 200))
    nodes = 200 * nodes_per_step
    assert nodes * 1_000 < long - short < nodes * 100_000


@pytest.mark.skipif(not shutil.which("chromium"), reason="no chromium on PATH")
def test_page_benchmark_runs_once_on_a_small_graph(capsys):
    from benchmarks import page  # imports playwright: not while collecting, in every worker

    page.main(["--nodes", "60"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("graph: ")
    assert [line.split(" page at ")[1].split(":")[0] for line in lines[1:]] == [
        "1280x800",
        "390x844",
    ]


def test_tape_case_numpy_by_hand_and_the_tape_give_the_engines_losses_and_gradients():
    from benchmarks import tape_cases

    sizes = {"tape_batches": [3], "tape_reps": 1, "tape_engine_samples": 3, "tape_loop_samples": 1}
    _, expected = tape_cases.tape_mlp("autograd_mini", sizes)
    for name in ("numpy", "tape"):
        metrics, check = tape_cases.tape_mlp(name, sizes)
        assert check == pytest.approx(expected, rel=1e-12, abs=1e-14)
        assert metrics["batch 3: ms"] > 0
