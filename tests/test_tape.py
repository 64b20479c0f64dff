"""The compiled tape against the scalar engine run sample by sample, and the NumPy reference."""

import json
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

import numpy as np
import pytest

from autograd_mini import DomainError, Value, apply, grad
from autograd_mini import cli as cli_module
from autograd_mini.nn import (
    MLP,
    DataDependentError,
    TwoLayerNet,
    fit,
    l2_loss,
    reference,
    to_reference,
    trace,
    two_moons,
)
from autograd_mini.nn.array_ops import ARRAY_OVERRIDES, NUMPY_FUNCTIONS
from autograd_mini.ops import OPS, compile_formula

RNG = np.random.default_rng(6)


def uniform(low, high, *special, n=40):
    """n samples uniform in [low, high), the `special` values first (kinks, limits)."""
    return np.concatenate([special, RNG.uniform(low, high, n - len(special))])


def on_engine(f, columns, parameters=()):
    """f and its gradient by inputs and parameters, one engine graph per sample."""
    values, grads = [], []
    rows = np.stack(np.broadcast_arrays(*(np.atleast_1d(c) for c in columns)), axis=1)
    for row in rows:
        inputs = [Value(float(x)) for x in row]
        output = f(*inputs)
        values.append(output.data)
        grads.append([g.data for g in grad(output, [*inputs, *parameters])])
    return np.array(values), np.array(grads).T


def assert_same_as_engine(f, columns, parameters=()):
    tape = trace(f, *(float(np.atleast_1d(c)[0]) for c in columns), parameters=parameters)
    result = tape.value_and_grad(*columns)
    value, grads = on_engine(f, columns, parameters)
    np.testing.assert_allclose(result.value, value, rtol=1e-12, atol=0)
    np.testing.assert_allclose(
        np.array([*result.inputs, *result.parameters]), grads, rtol=1e-12, atol=0
    )
    np.testing.assert_allclose(tape(*columns), value, rtol=1e-12, atol=0)
    return tape


def table_formulas_work_on_arrays(name):
    """Whether OPS' own formulas, with NumPy's functions, give the engine's numbers on arrays."""
    op = OPS[name]
    columns = [uniform(0.2, 2.0, n=8), uniform(-2.0, 2.0, n=8)][: op.arity]
    try:
        forward = compile_formula(op.formula, op.arity, False, NUMPY_FUNCTIONS)
        out = forward(*columns)
        grads = [
            compile_formula(f, op.arity, True, NUMPY_FUNCTIONS)(*columns, out)
            for f in op.derivatives.values()
        ]
    except (TypeError, ValueError):  # e.g. `if` on an array: "truth value ... is ambiguous"
        return False
    for k in range(8):
        xs = [Value(float(c[k])) for c in columns]
        y = apply(name, *xs)
        if not np.isclose(out[k], y.data, rtol=1e-13, atol=0):
            return False
        for g, x in zip(grads, grad(y, xs), strict=True):
            if not np.isclose(np.broadcast_to(g, (8,))[k], x.data, rtol=1e-13, atol=0):
                return False
    return True


def test_array_overrides_are_exactly_the_ops_that_need_one():
    """An op needs an override where its formulas fail on arrays or it checks its domain."""
    need = {
        name
        for name, op in OPS.items()
        if op.check is not None or not table_formulas_work_on_arrays(name)
    }
    assert set(ARRAY_OVERRIDES) == need
    assert need == {"/", "**", "log", "relu", "sqrt", "abs", "leaky_relu"}  # branches, domains


# Each engine op: functions using it on Values, with samples inside its domain.
CASES = {
    "+": [
        (lambda x, y: x + y, [uniform(-3, 3), uniform(-3, 3)]),
        (lambda x: x + 2.5, [uniform(-3, 3)]),
        (lambda x: 2.5 + x, [uniform(-3, 3)]),
    ],
    "-": [
        (lambda x, y: x - y, [uniform(-3, 3), uniform(-3, 3)]),
        (lambda x: 2.5 - x, [uniform(-3, 3)]),
    ],
    "*": [
        (lambda x, y: x * y, [uniform(-3, 3, 0.0), uniform(-3, 3)]),
        (lambda x: 3 * x * x, [uniform(-3, 3)]),
    ],
    "/": [
        (lambda x, y: x / y, [uniform(-3, 3), uniform(0.1, 3, -0.5)]),
        (lambda x: 1.5 / x, [uniform(0.2, 3, -2.0)]),
        (lambda x: x / 4, [uniform(-3, 3)]),
    ],
    "**": [
        (lambda x, y: x**y, [uniform(0.1, 3), uniform(-2, 2, 0.0)]),  # Value exponent
        (lambda y: 2**y, [uniform(-2, 2)]),
        (lambda x: x**3, [uniform(-3, 3, 0.0)]),  # negative bases: integer power
        (lambda x: x**0.5, [uniform(0.1, 3)]),
        (lambda x: x**0, [uniform(-3, 3, 0.0)]),  # slope 0 even at 0, as the engine
        (lambda x: x**-2, [uniform(0.1, 3, -1.5)]),
        # b = 0 at a tiny a: d/da is 0 (x**0 is constant) though a**(b - 1) overflows there
        (lambda x, y: x**y, [np.array([1e-320, 0.5, 2.0]), np.array([0.0, 0.0, 1.5])]),
    ],
    "neg": [(lambda x: -x, [uniform(-3, 3, 0.0)])],
    "exp": [(lambda x: x.exp(), [uniform(-20, 20, 0.0, -700.0)])],
    "log": [(lambda x: x.log(), [uniform(0.01, 50, 1.0, 1e-300)])],
    "tanh": [(lambda x: x.tanh(), [uniform(-5, 5, 0.0, 30.0, -30.0)])],
    "sigmoid": [(lambda x: x.sigmoid(), [uniform(-40, 40, 0.0, 800.0, -800.0, -30.0)])],
    "relu": [(lambda x: x.relu(), [uniform(-3, 3, 0.0, -0.0)])],
    "sqrt": [(lambda x: x.sqrt(), [uniform(1e-6, 9, 1.0)])],
    "abs": [(lambda x: abs(x), [uniform(-3, 3, 0.0, -0.0)])],
    "square": [(lambda x: x.square(), [uniform(-3, 3, 0.0)])],
    "sin": [(lambda x: x.sin(), [uniform(-7, 7, 0.0)])],
    "cos": [(lambda x: x.cos(), [uniform(-7, 7, 0.0)])],
    "softplus": [(lambda x: x.softplus(), [uniform(-40, 40, 0.0, 800.0, -800.0)])],
    "leaky_relu": [
        (lambda x: x.leaky_relu(0.1), [uniform(-3, 3, 0.0, -0.0)]),
        (lambda x, s: x.leaky_relu(s), [uniform(-3, 3, 0.0), uniform(0.0, 0.5)]),
    ],
}


def generic_cases(op):
    """An op with no cases above, on positive numbers (inside every op's domain here)."""
    if OPS[op].arity == 1:
        return [(lambda x: apply(op, x), [uniform(0.2, 2)])]
    return [(lambda x, y: apply(op, x, y), [uniform(0.2, 2), uniform(0.2, 2)])]


@pytest.mark.parametrize("op", sorted(OPS))
def test_every_op_gives_the_engines_values_and_gradients(op):
    for f, columns in CASES.get(op) or generic_cases(op):
        tape = assert_same_as_engine(f, columns)
        assert any(step.op == op for step in tape.steps)


def test_shared_subexpressions_sum_their_gradients():
    def f(x, y):
        s = x * y  # used four times
        return s * s + s.exp() - s / (y * y + 1) + (s + x).tanh()

    assert_same_as_engine(f, [uniform(-1, 1), uniform(-1, 1)])


def test_constants_and_broadcast_columns():
    f = lambda x, c: (3 * x + 2) * c - x / 4 + (2 - x) ** 2  # noqa: E731
    assert_same_as_engine(f, [uniform(-2, 2), 0.75])  # a number broadcasts to every sample


def test_value_exponents_and_composite_powers():
    f = lambda x, y: x**y + (y * y + 1) ** (x * 0.5) + 3**x  # noqa: E731
    assert_same_as_engine(f, [uniform(0.2, 2), uniform(-1.5, 1.5)])


def test_captured_parameters_are_read_live_and_get_gradients():
    w, b = Value(0.7, "w"), Value(-0.2, "b")
    f = lambda x: (w * x + b).sigmoid() * w  # noqa: E731
    columns = [uniform(-2, 2)]
    tape = assert_same_as_engine(f, columns, parameters=[w, b])
    assert tape.parameters == [w, b]
    w.data, b.data = -1.3, 0.4  # an optimizer's step: the same tape sees it
    value, grads = on_engine(f, columns, [w, b])
    result = tape.value_and_grad(*columns)
    np.testing.assert_allclose(result.value, value, rtol=1e-12, atol=0)
    np.testing.assert_allclose(result.parameters, grads[1:], rtol=1e-12, atol=0)


def test_value_made_inside_f_is_captured_not_data_dependent():
    f = lambda x: x * Value(2.0) + x  # noqa: E731
    tape = trace(f, 1.0)
    result = tape.value_and_grad([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(result.value, [3.0, 6.0, 9.0])
    np.testing.assert_array_equal(result.inputs[0], [3.0, 3.0, 3.0])
    np.testing.assert_array_equal(result.parameters[0], [1.0, 2.0, 3.0])


def test_unused_input_gets_zero_gradient_and_leaf_output_is_a_copy():
    column = np.array([1.0, 2.0])
    tape = trace(lambda x, y: x, 0.0, 0.0)
    result = tape.value_and_grad(column, [5.0, 6.0])
    np.testing.assert_array_equal(result.inputs[0], [1.0, 1.0])
    np.testing.assert_array_equal(result.inputs[1], [0.0, 0.0])
    result.value[0] = 99.0
    assert column[0] == 1.0


def test_repr_lists_the_tape_one_step_a_line():
    tape = trace(lambda x: (x * 2.0).exp(), 1.0)
    assert repr(tape) == "v0 = x[0]\nv1 = 2.0\nv2 = v0 * v1\nv3 = exp(v2)"


# Data-dependent graphs: one tape holds one graph.
def branchy(x):
    return x.exp() if x.data > 0 else -x


def test_branch_on_data_is_refused_when_a_checked_row_takes_the_other_branch():
    tape = trace(branchy, 1.0)
    with pytest.raises(DataDependentError, match=r"depends on the data.*at sample 0.*v1"):
        tape([-1.0, 2.0, 3.0])


def test_max_on_a_value_is_refused_too():
    tape = trace(lambda x: max(x, 0.0) + x, 1.0)
    with pytest.raises(DataDependentError, match="branches on a Value's data"):
        tape.value_and_grad(-np.ones(10))


def test_a_random_row_is_checked_besides_the_first():
    tape = trace(branchy, 1.0, rows_checked=200)  # the first row and 199 random ones
    with pytest.raises(DataDependentError, match="at sample"):
        tape(np.r_[np.ones(99), -1.0])


def test_domain_error_at_a_row_with_another_graph_is_reported_as_data_dependence():
    f = lambda x: x.log() if x > 0 else -x  # noqa: E731
    tape = trace(f, 1.0, rows_checked=1)  # only row 0 is re-traced up front
    with pytest.raises(DataDependentError, match="at sample 2"):
        tape([1.0, 2.0, -1.0, 3.0])


def test_unchecked_rows_are_the_documented_limitation():
    tape = trace(branchy, 1.0, rows_checked=0)
    assert tape([-1.0])[0] == pytest.approx(
        np.exp(-1.0), rel=1e-12
    )  # the traced branch, not -x = 1


# Domain: refused with the op, the operand and the sample, never nan/inf.
@pytest.mark.parametrize(
    ("f", "column", "message"),
    [
        (lambda x: x.log(), [1.0, 2.0, 3.0, 0.0], r"log: operand must be > 0.*sample 3.*0\.0"),
        (lambda x: 1.0 / (x - 2), [1.0, 2.0], r"/: division by zero.*sample 1.*v\d = v\d - v\d"),
        (lambda x: (x - 1) ** 0.5, [2.0, 0.5], r"\*\*: negative base.*0\.5.*sample 1.*-0\.5"),
        (lambda x: x ** (x - 1), [2.0, -1.0], r"\*\*: base must be > 0.*Value.*sample 1"),
        (lambda x: (x * 100).exp(), [1.0, 1.0, 8.0], r"exp: result overflows.*sample 2.*800\.0"),
        (lambda x: x * 1e200 * x, [1.0, 1e200], r"\*: result overflows.*sample 1"),
    ],
)
def test_outside_the_domain_is_refused_naming_op_operand_and_sample(f, column, message):
    tape = trace(f, column[0], rows_checked=1)
    with pytest.raises(DomainError, match=message):
        tape.value_and_grad(column)
    with pytest.raises(ValueError, match=message):  # DomainError is a ValueError
        tape(column)


def test_undefined_derivative_is_refused_though_the_value_exists():
    tape = trace(lambda x: x**0.5, 4.0, rows_checked=1)
    np.testing.assert_array_equal(tape([4.0, 0.0]), [2.0, 0.0])
    with pytest.raises(DomainError, match=r"\*\*: derivative is undefined.*sample 1"):
        tape.value_and_grad([4.0, 0.0])
    x = Value(0.0)
    with pytest.raises(DomainError, match="derivative is undefined"):  # as the engine
        grad(x**0.5, [x])


def test_engine_domain_error_on_a_checked_row_names_the_sample():
    tape = trace(lambda x: x.log(), 1.0)
    with pytest.raises(DomainError, match=r"log: operand must be > 0.*at sample 0"):
        tape([-1.0, 2.0])


@pytest.mark.parametrize(
    ("columns", "error", "message"),
    [
        ([[1.0, np.nan]], ValueError, r"input x\[0\] is not finite at sample 1"),
        ([[1.0, 2.0], [1.0, 2.0, 3.0]], TypeError, "f takes 1 inputs, got 2"),
        ([[[1.0]]], ValueError, "must be a number or 1-D"),
    ],
)
def test_bad_columns_are_refused(columns, error, message):
    with pytest.raises(error, match=message):
        trace(lambda x: x * 2, 1.0)(*columns)


def test_mismatched_batch_sizes_are_refused():
    with pytest.raises(ValueError, match="one batch size"):
        trace(lambda x, y: x * y, 1.0, 1.0)([1.0, 2.0], [1.0, 2.0, 3.0])


def test_f_must_return_a_value():
    with pytest.raises(TypeError, match="must return a Value"):
        trace(lambda x: 3.0, 1.0)


# The 2-3-2 network against the NumPy reference.
def test_232_per_sample_gradients_match_the_numpy_reference():
    net = TwoLayerNet(2, 3, 2, seed=3)
    x, t = RNG.uniform(-2, 2, (30, 2)), RNG.random((30, 2))
    tape = trace(
        lambda x0, x1, t0, t1: l2_loss(net([x0, x1]), [t0, t1]),
        *x[0],
        *t[0],
        parameters=net.parameters(),
    )
    result = tape.value_and_grad(*x.T, *t.T)
    params = to_reference(net)
    for n in range(len(x)):  # the reference on a batch of one sample is that sample's gradient
        expected = reference.gradients(params, x[n : n + 1], t[n : n + 1])
        flat = np.concatenate([expected[key].ravel() for key in ("w", "b1", "u", "b2")])
        got = np.array([g[n] for g in result.parameters])
        np.testing.assert_allclose(got, flat, rtol=1e-10, atol=1e-15)
        assert result.value[n] == pytest.approx(
            reference.batch_loss(params, x[n : n + 1], t[n : n + 1]), rel=1e-12
        )


@pytest.mark.parametrize(
    "make",
    [lambda: TwoLayerNet(2, 4, 1, seed=1), lambda: MLP(2, [5, 1], ["relu", "sigmoid"], seed=0)],
)
def test_fit_on_the_tape_ends_at_the_engines_weights(make):
    xs, ts = two_moons(n=40, seed=2)
    by_engine, by_tape = make(), make()
    history_engine = fit(by_engine, xs, ts, lr=2.0, steps=100)
    history_tape = fit(by_tape, xs, ts, lr=2.0, steps=100, backend="tape")
    np.testing.assert_allclose(history_tape, history_engine, rtol=1e-9)
    engine_weights = [p.data for p in by_engine.parameters()]
    np.testing.assert_allclose(
        [p.data for p in by_tape.parameters()], engine_weights, rtol=0, atol=1e-9
    )


@pytest.fixture
def main(monkeypatch, tmp_path):
    """main(*args) -> exit status, with nn's train command registered (as tests/test_nn_cli)."""
    train = EntryPoint(
        "train", "autograd_mini.nn.train_command:register", cli_module.COMMANDS_GROUP
    )
    others = [e for e in entry_points(group=cli_module.COMMANDS_GROUP) if e.name != "train"]
    monkeypatch.setattr(cli_module, "entry_points", lambda group: [*others, train])
    monkeypatch.chdir(tmp_path)
    return lambda *args: cli_module.main(list(args))


@pytest.mark.slow
def test_cli_backend_tape_ends_at_the_engine_backends_weights(main, capsys, tmp_path):
    for backend in ("engine", "tape"):
        args = ["train", "--data", "moons", "--steps", "100", "--backend", backend]
        assert main(*args, "--save", f"{backend}.json") == 0
    assert "accuracy" in capsys.readouterr().out
    states = [json.loads((tmp_path / f"{b}.json").read_text())["state"] for b in ("engine", "tape")]
    for key, engine in states[0].items():
        np.testing.assert_allclose(states[1][key], engine, rtol=0, atol=1e-9)


def test_benchmark_runs_on_a_tiny_batch(capsys, monkeypatch):
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent))  # plain `pytest`
    from benchmarks.tape import main as benchmark

    benchmark(samples=50, rounds=1, engine_samples=10)
    assert "tape / numpy" in capsys.readouterr().out
