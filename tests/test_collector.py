"""The cyclic collector stays off the engine's passes, and is left as the user had it."""

from __future__ import annotations

import gc
import re
import sys
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


@pytest.mark.parametrize("enabled", [True, False])
def test_blocks_overlapping_in_threads_leave_the_collector_as_the_user_had_it(
    enabled: bool, in_threads
):
    (gc.enable if enabled else gc.disable)()
    start = threading.Barrier(4)

    def work() -> None:
        start.wait()
        for _ in range(2_000):
            with gc_paused(), gc_paused():
                pass

    try:
        in_threads(*[work] * 4)
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def engine_lines(call) -> int:
    """How many lines of autograd_mini `call()` runs (what a trace function sees)."""
    lines = 0

    def count(frame, event, arg):
        nonlocal lines
        if event == "line":
            lines += 1
        return count

    previous = sys.gettrace()  # coverage's or a debugger's: put back after
    sys.settrace(lambda frame, *_: count if "autograd_mini" in frame.f_code.co_filename else None)
    try:
        call()
    finally:
        sys.settrace(previous)
    return lines


def interrupted_at(line: int, call) -> bool:
    """Run `call()` with KeyboardInterrupt raised at its `line`-th line of autograd_mini."""
    left = line

    def interrupt(frame, event, arg):
        nonlocal left
        if event == "line":
            left -= 1
            if left == 0:
                raise KeyboardInterrupt  # Python unsets a trace function that raises
        return interrupt

    previous = sys.gettrace()  # coverage's or a debugger's: put back after
    sys.settrace(
        lambda frame, *_: interrupt if "autograd_mini" in frame.f_code.co_filename else None
    )
    try:
        call()
    except KeyboardInterrupt:
        return True
    finally:
        sys.settrace(previous)
    return False


def small_backward() -> None:
    x = Value(0.5, "x")
    ((x * 2.0 + x).tanh() * x).backward()


def nested_blocks() -> None:
    with gc_paused():
        with gc_paused():
            pass
        small_backward()


@pytest.mark.parametrize("enabled", [True, False])
@pytest.mark.parametrize("call", [small_backward, nested_blocks])
def test_ctrl_c_at_any_line_leaves_the_collector_as_the_user_had_it(call, enabled: bool):
    (gc.enable if enabled else gc.disable)()
    try:
        lines = engine_lines(call)
        assert lines > 20
        for line in range(1, lines + 1):
            assert interrupted_at(line, call), line
            assert gc.isenabled() is enabled, line
        assert not interrupted_at(lines + 1, call)
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


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
