"""The chain-rule lines typeset: ∂, ×, superscripts; naive mode's calls in the same form."""

import pytest

from autograd_mini import Value, topological_order
from autograd_mini.viz.formulas import typeset
from autograd_mini.viz.naive import naive_steps
from autograd_mini.viz.steps import backward_steps, forward_steps, fresh_gradients


@pytest.mark.parametrize(
    ("formula", "typeset_text"),
    [
        ("3 * a ** 2", "3 × a²"),
        ("1 - out ** 2", "1 - out²"),
        ("a ** 10", "a¹⁰"),
        ("a ** (-1)", "a⁻¹"),
        ("a ** 1.5", "a^1.5"),
        ("b * a ** (b - 1)", "b × a^(b - 1)"),
        ("out * log(a)", "out × log(a)"),
        ("(x×w)² * x", "(x×w)² × x"),  # a name keeps the drawing's text
    ],
)
def test_typeset_writes_times_and_superscripts(formula, typeset_text):
    assert typeset(formula) == typeset_text


def test_a_pow_step_reads_as_a_person_writes_it():
    x = Value(2.0, "x")
    y = x**3
    y.label = "y"
    order = topological_order(y)
    backward, _ = backward_steps(order)
    assert backward[1]["title"] == "Chain rule through y = x³"
    assert "local: ∂y/∂x = 3 × x² = 3 × 2² = 12" in backward[1]["lines"]
    assert "x.grad += upstream × local = 1 × 12 = 12 → final x.grad = 12" in backward[1]["lines"]
    assert forward_steps(order)[-1]["lines"] == ["y = 2³ = 8"]


def test_naive_calls_use_the_backward_steps_upstream_times_local_form():
    # y = x * x at x = -2: each call adds x * y.grad = -2 (by hand), two calls, -4 in all.
    x = Value(-2.0, "x")
    y = x * x
    y.label = "y"
    order = topological_order(y)
    backward, _ = backward_steps(order)
    naive = naive_steps(order, fresh_gradients(order))
    first, second = naive[1]["lines"], naive[2]["lines"]
    assert "local: ∂y/∂x = x = -2" in first
    assert "x.grad += upstream × local = 1 × (-2) = -2, so x.grad = -2" in first
    assert "x.grad += upstream × local = 1 × (-2) = -2, so x.grad = -4" in second
    # The same local line as the backward step's, and the same upstream × local product.
    assert first[2] == backward[1]["lines"][1]
    assert backward[1]["lines"][2].startswith(first[3].split(",")[0])


def test_no_line_of_the_exercise_writes_pythons_operators():
    from autograd_mini.nn import EXERCISE, squared_error

    loss = squared_error(EXERCISE.network()(EXERCISE.x), EXERCISE.t)
    loss.label = "E"
    order = topological_order(loss)
    backward, grads = backward_steps(order)
    steps = backward + forward_steps(order) + naive_steps(order, grads)
    texts = [text for step in steps for text in [step["title"], *step["lines"]]]
    # Between spaces, * and ** are the formula's operators (names write them without spaces).
    assert [text for text in texts if " * " in text or " ** " in text] == []
    assert sum("×" in text for text in texts) > 20
    assert "Chain rule through E = (y[0] - 0.7)²" in texts
