"""The page's code panel (key C): each step's lines of the code `autograd_mini.compile` writes."""

import re

import pytest

import autograd_mini
from autograd_mini import Value, topological_order
from autograd_mini.viz import available_renderers, to_html
from autograd_mini.viz.code import add_code
from autograd_mini.viz.naive import naive_steps
from autograd_mini.viz.steps import backward_steps, forward_steps


def exercise():
    """f(x_0, x_1) = the exercise's E, labelled as the demo labels it (x[0] is x_0 in code)."""
    from autograd_mini.nn import EXERCISE
    from autograd_mini.nn.demo_command import exercise_nodes

    net = EXERCISE.network()  # made before f runs: compile reads its weights as parameters
    return lambda x_0, x_1: exercise_nodes(net, [x_0, x_1])[2]


def exercise_graph():
    """The exercise's E as the page draws it: inputs labelled x[0], x[1]."""
    return exercise()(Value(0.5, "x[0]"), Value(0.3, "x[1]"))


def page_steps(root):
    order = topological_order(root)
    backward, grads = backward_steps(order)
    forward, naive = forward_steps(order), naive_steps(order, grads)
    add_code(order, forward, backward, naive)
    return order, forward, backward, naive


def compiled_body():
    """The lines of forward_backward that compile writes for the exercise, in order."""
    source = autograd_mini.compile(exercise(), 0.5, 0.3).source
    body = source[source.index("def forward_backward(") :].splitlines()
    return [line.strip() for line in body if re.fullmatch(r" {4}\w+ (=|\+=|-=) .*", line)]


def test_each_op_steps_forward_line_is_the_line_compile_writes_for_it():
    _, forward, _, _ = page_steps(exercise_graph())
    lines = compiled_body()
    forward_lines = [line for line in lines if not line.startswith("d_")]
    shown = [step["code"] for step in forward if step.get("code")]
    ops = [code[0] for code in shown if "an argument" not in code[0]]
    assert sorted(ops) == sorted(forward_lines)  # every op once (the page goes layer by layer)
    assert ["h_0 = sigmoid(a1_0)"] in shown
    assert ["x_0: an argument of forward_backward"] in shown


def test_the_backward_steps_code_is_compiles_reverse_pass_in_order():
    _, _, backward, _ = page_steps(exercise_graph())
    reverse = [line for line in compiled_body() if line.startswith("d_")]
    assert backward[0]["code"] == ["d_E = 1.0"]
    # Step by step, the page's lines are the compiled reverse pass, line for line.
    assert [line for step in backward for line in step.get("code", [])] == reverse
    title = "Chain rule through y[0] = sigmoid(a2[0])"
    [step] = [step for step in backward if step["title"] == title]
    assert step["code"] == ["d_a2_0 = y_0 * (1 - y_0) * d_y_0"]


def test_a_naive_call_shows_the_one_term_it_adds():
    x = Value(-2.0, "x")
    y = x * x
    y.label = "y"
    _, _, _, naive = page_steps(y)
    assert [step.get("code") for step in naive[:3]] == [
        ["d_y = 1.0"],
        ["d_x = x * d_y"],
        ["d_x += x * d_y"],
    ]


@pytest.mark.skipif(not available_renderers(), reason="no SVG renderer")
@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_c_opens_the_code_panel_with_this_steps_line_readable(new_page, tmp_path, size):
    path = tmp_path / "exercise.html"
    path.write_text(to_html(exercise_graph()), encoding="utf-8")
    page = new_page(size)
    page.goto(path.as_uri() + "#step=3&mode=backward")
    assert not page.is_visible("#code")
    page.keyboard.press("c")
    page.locator("#code").scroll_into_view_if_needed()
    shown = page.evaluate(
        """() => {
          const code = document.getElementById("code");
          const box = code.getBoundingClientRect();
          const aside = document.querySelector("aside").getBoundingClientRect();
          return {text: code.textContent, px: parseFloat(getComputedStyle(code).fontSize),
                  inside: box.left >= aside.left && box.right <= aside.right + 0.5,
                  visible: box.top >= 0 && box.bottom <= innerHeight};
        }"""
    )
    page.keyboard.press("ArrowRight")  # the next step's line follows
    after = page.inner_text("#code")
    page.keyboard.press("f")
    forward = page.inner_text("#code")
    assert shown["text"] == "d_a2_0 = y_0 * (1 - y_0) * d_y_0"
    assert shown["px"] >= 12
    assert shown["inside"]
    assert shown["visible"]
    assert after.split("\n") == ["d_v12 = d_a2_0", "d_output_b2_0 = d_a2_0"]  # a2_0 = v12 + b2
    assert forward == "x_0: an argument of forward_backward"  # forward step 0: an input
