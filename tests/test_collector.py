"""The cyclic collector stays off the engine's passes, and is left as the user had it."""

from __future__ import annotations

import gc
import re
import threading
from pathlib import Path

import pytest

import autograd_mini
from autograd_mini import DomainError, Value, gc_paused, grad, gradcheck, hessian


@pytest.fixture
def collections():
    """A list that gets one entry per collection started while the test runs."""
    started: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            started.append(info["generation"])

    gc.callbacks.append(count)
    yield started
    gc.callbacks.remove(count)


def wide_sum(n: int) -> tuple[Value, list[Value]]:
    """sum(w_i * x_i) over leaves made first: the sweep meets each leaf far back."""
    leaves = [Value(i / n) for i in range(2 * n)]
    out = leaves[0] * leaves[n]
    for i in range(1, n):
        out = out + leaves[i] * leaves[n + i]
    return out, leaves


@pytest.mark.parametrize("enabled", [True, False])
def test_the_block_restores_the_collector_as_it_was_even_on_error(enabled: bool):
    (gc.enable if enabled else gc.disable)()
    seen = []

    def fails() -> None:
        with gc_paused():
            seen.append(gc.isenabled())
            with gc_paused():  # nested: the outer block still holds it
                pass
            seen.append(gc.isenabled())
            raise KeyError("boom")

    try:
        with pytest.raises(KeyError):
            fails()
        assert seen == [False, False]
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_overlapping_blocks_in_two_threads_restore_it_when_the_last_ends():
    inside, leave = threading.Event(), threading.Event()

    def other() -> None:
        with gc_paused():
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=other)
    with gc_paused():
        thread.start()
        inside.wait(5)
    assert not gc.isenabled()  # the other thread's block is still open
    leave.set()
    thread.join()
    assert gc.isenabled()


def test_backward_grad_hessian_gradcheck_and_compile_run_no_collection(collections):
    out, leaves = wide_sum(20_000)  # 20,000 far leaves: thousands of heap entries
    gc.collect()
    collections.clear()
    out.backward()
    grad(out, leaves[:3])
    hessian(lambda a, b: (a * b).tanh() * a, [0.5, 0.25])
    gradcheck(lambda a: (a * a).sigmoid(), [0.5])
    autograd_mini.compile(lambda a, b: a * b + b, 0.5, 2.0)(1.0, 3.0)
    # At most a young collection as a call returns (what the pass allocated still counts): the
    # wide sum's backward alone set off 17, full ones among them, walking all 60,000 nodes.
    assert len(collections) <= 5
    assert set(collections) <= {0}
    assert gc.isenabled()
    assert leaves[0].grad == leaves[20_000].data  # d/dw_0 = x_0: the pass really ran


def test_a_failed_backward_leaves_the_collector_on(collections):
    y = Value(1e-300) / Value(1e-310)
    with pytest.raises(DomainError, match="backward: the gradient overflows"):
        y.backward()
    assert gc.isenabled()


def test_the_speed_docs_block_runs(capsys):
    doc = (Path(__file__).resolve().parent.parent / "docs" / "speed.md").read_text()
    (block,) = re.findall(r"```python\n(.*?)```", doc, flags=re.DOTALL)
    exec(compile(block, "docs/speed.md", "exec"), {})  # our own doc
    assert capsys.readouterr().out == "0.333333\n"
    assert gc.isenabled()
