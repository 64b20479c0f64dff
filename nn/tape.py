"""A compiled tape: trace a scalar function once, replay it over NumPy batches (value and grads).

`trace(f, *example)` calls `f` once on leaf Values and records `topological_order(output)` as a
flat list of steps. `tape(*columns)` and `tape.value_and_grad(*columns)` then run those steps
on arrays, one entry per sample, so one pass gives every sample's value and gradient; a dense
layer's steps (`nn.MLP`'s) run as matrix products (see `autograd_mini.nn.dense`). Leaf Values
that `f` reads without receiving them (a network's weights) are the tape's `parameters`: read
live at each replay, so an optimizer's updates are seen, and given per-sample gradients too.

Named `trace`, not `compile`, so that `from autograd_mini.nn import trace` shadows no builtin.

Limitation: the tape holds the graph of the traced sample only. If `f` branches on data (an
`if` on a Value, `max(x, 0)`, reading `.data`), other samples need another graph. A function
that read no Value's number while traced (ops only, as `nn.MLP` and the l2, squared and mse
losses) builds the same graph at every sample, so it is never traced again. Otherwise each
replay re-traces `f` on a few sample rows (the first and random ones) and raises
DataDependentError if any graph differs; rows not re-traced are not checked, so write branches
as ops (`relu`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from autograd_mini import OPS, DomainError, Value
from autograd_mini.nn import dense
from autograd_mini.nn.array_ops import ArrayOp, Operand, array_op
from autograd_mini.nn.dense import Dense, Plan, Run, StepByStep, find_layers
from autograd_mini.nn.record import Recording, check_row, input_array, record

Array = NDArray[np.float64]


def per_sample(x: Operand, n: int) -> Array:
    """`x` as an (N,) array: itself if it is one (ops return fresh arrays), else broadcast."""
    if isinstance(x, np.ndarray) and x.shape == (n,):
        return x
    return np.broadcast_to(x, (n,)).copy()


class Gradients(NamedTuple):
    """Per-sample results, each an (N,) array: f, df/d input, df/d parameter.

    The parameters' arrays are the rows of one (parameters, N) array.
    """

    value: Array
    inputs: list[Array]
    parameters: list[Array]


def trace(
    f: Callable[..., Value],
    *example: float,
    parameters: Sequence[Value] = (),
    rows_checked: int = 2,
) -> Tape:
    """The tape of `f(*Values)` traced at one sample `example` (one number per input).

    Args:
        f: a function of Values returning one Value, e.g. a sample's loss.
        *example: one number per argument of f, where it is traced.
        parameters: leaf Values f reads (e.g. `net.parameters()`), to fix the order of
            `tape.parameters` and of their gradients; others f reads are appended.
        rows_checked: if f read a Value's number while traced, each replay re-traces f on
            this many rows of its batch (the first, then random ones), raising
            DataDependentError if a graph differs; 0: no check.
    """
    if not example:
        raise ValueError("trace: give one example number per input of f, got none")
    return Tape(f, len(example), record(f, example, parameters), len(parameters), rows_checked)


class Tape:
    """A traced function: `tape(*columns)` gives f per sample, `value_and_grad` adds gradients.

    Each column is a number or a 1-D array over the batch (numbers broadcast to every sample).
    """

    def __init__(
        self,
        f: Callable[..., Value],
        n_inputs: int,
        recording: Recording,
        n_given: int = 0,
        rows_checked: int = 2,
    ) -> None:
        self.f = f
        self.n_inputs = n_inputs
        self.steps = steps = recording.steps
        self.parameters = recording.parameters
        self.n_given = n_given  # parameters[:n_given] were passed to trace, the rest captured
        # A function that read no number while traced has one graph for every sample.
        self.rows_checked = rows_checked if recording.read_numbers else 0
        self.rng = np.random.default_rng(0)  # seeded: the rows checked are reproducible
        self.rules: dict[str, ArrayOp] = {s.op: array_op(s.op) for s in steps if s.op in OPS}
        self.plan = find_layers(steps)
        self.step_by_step: Plan = list(range(len(steps)))  # for exact errors, see StepByStep
        self.constants = [step.op == "constant" for step in steps]
        found = {step.position: i for i, step in enumerate(steps) if step.op == "input"}
        self.input_steps = [found.get(k) for k in range(n_inputs)]

    def __repr__(self) -> str:
        return "\n".join(f"v{i} = {self.describe(i)}" for i in range(len(self.steps)))

    def describe(self, i: int) -> str:
        """Step i as text, e.g. `x[0]`, `hidden.w[0][1]`, `2.0`, `v3 * v4`."""
        step = self.steps[i]
        if step.op == "input":
            return f"x[{step.position}]"
        if step.op == "parameter":
            return self.parameters[step.position].label or f"parameter {step.position}"
        if step.op == "constant":
            return repr(step.constant)
        names = [f"v{j}" for j in step.operands]
        return f"{names[0]} {step.op} {names[1]}" if len(names) == 2 else f"{step.op}({names[0]})"

    def __call__(self, *columns: ArrayLike) -> Array:
        """The value of f at every sample, an (N,) array."""
        inputs, n = self._check_columns(columns)
        self._check_graph(inputs, n)
        values, _, _ = self._forward(inputs, n)
        return self._output(values, n)

    def value_and_grad(self, *columns: ArrayLike) -> Gradients:
        """f, df/d input and df/d parameter at every sample: the reverse sweep on arrays."""
        inputs, n = self._check_columns(columns)
        self._check_graph(inputs, n)
        values, run, plan = self._forward(inputs, n)
        try:  # NumPy flags overflow and 0 division for free; then a checked sweep names them
            with np.errstate(over="raise", divide="raise", invalid="raise"):
                adjoints, g = self._backward(values, run, n, plan, False, inputs)
        except FloatingPointError:
            # Step by step, raises DomainError naming the step if a gradient is not finite; if
            # all are, the flag came from a sample a rule masks out (`np.where`): the answer.
            values, run, plan = self._forward(inputs, n, self.step_by_step)
            with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
                adjoints, g = self._backward(values, run, n, plan, True, inputs)
        inputs_grads = [  # 0 for an input f does not use
            np.zeros(n) if i is None else per_sample(adjoints[i], n) for i in self.input_steps
        ]
        return Gradients(self._output(values, n), inputs_grads, list(g))

    def _output(self, values: list[Operand], n: int) -> Array:
        """The value of f per sample, copied if f returns a leaf (never aliasing a column)."""
        if self.steps[-1].op in self.rules:
            return per_sample(values[-1], n)
        return np.broadcast_to(values[-1], (n,)).copy()

    def _forward(
        self, inputs: list[Operand], n: int, plan: Plan | None = None
    ) -> tuple[list[Operand], Run, Plan]:
        """Each step's value over the batch (a layer's inner steps have none), the plan run.

        A layer that meets a number it cannot vouch for hands the batch to the plan of single
        steps, whose errors name the step and the sample.
        """
        data = np.array([p.data for p in self.parameters])  # finite: Value.data checks writes
        plan = self.plan if plan is None else plan
        values: list[Operand] = [None] * len(self.steps)
        run = Run()
        try:  # overflows are found by isfinite, after each step or layer, and refused
            with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
                self._run(plan, values, run, data, inputs, n)
        except StepByStep:
            return self._forward(inputs, n, self.step_by_step)
        return values, run, plan

    def _run(
        self,
        plan: Plan,
        values: list[Operand],
        run: Run,
        data: Array,
        inputs: list[Operand],
        n: int,
    ) -> None:
        """The forward pass of `plan`, into `values` (and `run`, for layers)."""
        for i in plan:
            if isinstance(i, Dense):
                dense.forward(i, run, values, data, n, self._activation(i))
                continue
            step = self.steps[i]
            if step.op == "input":
                values[i] = inputs[step.position]
            elif step.op == "parameter":
                values[i] = data[step.position]
            elif step.op == "constant":
                values[i] = step.constant  # a Python float marks a constant (see "**")
            else:
                values[i] = self._apply(i, [values[j] for j in step.operands], n, inputs)

    def _activation(self, layer: Dense) -> ArrayOp | None:
        """The rule of the op a layer applies to its sums, None for linear units."""
        return None if layer.activation is None else self.rules[layer.activation]

    def _apply(self, i: int, operands: list[Operand], n: int, inputs: list[Operand]) -> Operand:
        """Step i on arrays: refuse samples outside the op's domain, then compute."""
        step = self.steps[i]
        rule = self.rules[step.op]
        if rule.outside is not None:
            refused, why = rule.outside(*operands)
            if np.any(refused):
                self._refuse(i, operands, np.broadcast_to(refused, (n,)), why, inputs)
        result = rule.forward(*operands)
        finite = np.isfinite(result)
        if not np.all(finite):
            bad = ~np.broadcast_to(finite, (n,))
            self._refuse(i, operands, bad, "result overflows a float", inputs)
        return result

    def _refuse(
        self, i: int, operands: list[Operand], refused: Any, why: str, inputs: list[Operand]
    ) -> None:
        """Raise DomainError naming step i's op, its operands' values and the first bad sample."""
        k = int(np.argmax(refused))
        # A different graph at sample k explains more than a domain error does. If the engine
        # refuses sample k too, the message below says more (which step, which sample).
        with contextlib.suppress(DomainError):
            self._check_row(inputs, k)
        step = self.steps[i]
        at = ", ".join(
            f"v{j} = {self.describe(j)} = {float(np.broadcast_to(x, refused.shape)[k])!r}"
            for j, x in zip(step.operands, operands, strict=True)
        )
        raise DomainError(f"{step.op}: {why}, at sample {k} (step v{i}, operands {at})")

    def _backward(
        self,
        values: list[Operand],
        run: Run,
        n: int,
        plan: Plan,
        checked: bool,
        inputs: list[Operand],
    ) -> tuple[list[Any], Array]:
        """The adjoints df/d step, last step to first as the engine, and df/d parameter.

        Constants get none. df/d parameter is per sample, a (parameters, N) array.
        """
        adjoints: list[Any] = [None] * len(self.steps)
        adjoints[-1] = np.ones(n)
        g = np.zeros((len(self.parameters), n))
        for i in reversed(plan):
            if isinstance(i, Dense):
                dense.backward(i, run, adjoints, g, n, self._activation(i), self.constants)
                continue
            step, grad = self.steps[i], adjoints[i]
            rule = self.rules.get(step.op)
            if rule is None:  # a leaf: its adjoint is kept, it is a result
                if step.op == "parameter" and grad is not None:
                    g[step.position] += grad
                continue
            adjoints[i] = None  # frees the array early, for the next ones to reuse
            operands = [values[j] for j in step.operands]
            for j, d_operand in zip(step.operands, rule.grads, strict=True):
                if self.constants[j]:
                    continue  # constants get no gradient, so their derivative is not computed
                term = d_operand(*operands, values[i]) * grad
                adjoints[j] = term if adjoints[j] is None else adjoints[j] + term
                if checked and not np.all(np.isfinite(adjoints[j])):
                    bad = ~np.isfinite(np.broadcast_to(adjoints[j], (n,)))
                    self._refuse(i, operands, bad, "derivative is undefined or overflows", inputs)
        return adjoints, g

    def _check_columns(self, columns: Sequence[ArrayLike]) -> tuple[list[Operand], int]:
        """The inputs as float arrays of one batch size N; errors name the input and sample."""
        if len(columns) != self.n_inputs:
            raise TypeError(f"tape: f takes {self.n_inputs} inputs, got {len(columns)}")
        arrays = [input_array(column, position) for position, column in enumerate(columns)]
        for position, array in enumerate(arrays):
            if array.ndim > 1:
                raise ValueError(
                    f"tape: input x[{position}] must be a number or 1-D, got {array.shape}"
                )
            bad = ~np.isfinite(array)
            if np.any(bad):
                k = int(np.argmax(np.atleast_1d(bad)))
                raise ValueError(f"tape: input x[{position}] is not finite at sample {k}")
        try:
            (n,) = np.broadcast_shapes((1,), *(array.shape for array in arrays))
        except ValueError:
            sizes = ", ".join(str(array.shape) for array in arrays)
            raise ValueError(f"tape: inputs must share one batch size, got {sizes}") from None
        return arrays, n

    def _check_graph(self, inputs: list[Operand], n: int) -> None:
        """Re-trace f on the first row and random ones; DataDependentError if a graph differs."""
        if self.rows_checked < 1:
            return
        for k in sorted({0, *self.rng.integers(0, n, size=self.rows_checked - 1).tolist()}):
            self._check_row(inputs, k)

    def _check_row(self, inputs: list[Operand], k: int) -> None:
        """Re-trace f at sample k of `inputs` (see `record.check_row`)."""
        row = [float(x[k] if x.ndim else x) for x in inputs]
        check_row(self.f, row, k, self.steps, self.parameters, self.n_given)
