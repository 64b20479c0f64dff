"""The step-through page's neuron view: one node per unit of an nn network, its δ by the rule."""

import json
import math
import random
import re

import pytest

from autograd_mini import Value, parse, topological_order
from autograd_mini.nn import EXERCISE, MLP, Layer, Module, TwoLayerNet, closed_form
from autograd_mini.nn.losses import cross_entropy, l2_loss, squared_error
from autograd_mini.viz import to_html
from autograd_mini.viz.look import format_number
from autograd_mini.viz.names import node_names
from autograd_mini.viz.units import neuron_groups


def exercise_loss(loss="squared"):
    """The demo's exercise: the 2-2-1 net on inputs x[0], x[1], E (or L) against t."""
    net = EXERCISE.network()
    x = [Value(x_i, f"x[{i}]") for i, x_i in enumerate(EXERCISE.x)]
    out = (squared_error if loss == "squared" else l2_loss)(net(x), EXERCISE.t)
    out.label = "E" if loss == "squared" else "L"
    return net, out


def page_data(root):
    """The data the page steps through, as to_html writes it into the page."""
    return data_of(to_html(root))


def data_of(page):
    """The data a page's text holds, that the page steps through."""
    found = re.search(r'<script type="application/json" id="steps">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def groups_of(root):
    order = topological_order(root)
    return neuron_groups(order, node_names(order))


def test_the_exercise_is_six_nodes_its_inputs_units_and_loss():
    _, loss = exercise_loss()
    groups = groups_of(loss)
    assert [(group.kind, group.name) for group in groups] == [
        ("input", "x[0]"),
        ("input", "x[1]"),
        ("unit", "h[0]"),
        ("unit", "h[1]"),
        ("unit", "y[0]"),
        ("loss", "E"),
    ]
    # Every Value of the graph is in exactly one node of the view.
    members = sorted(i for group in groups for i in group.members)
    assert members == list(range(len(topological_order(loss))))


def test_numbers_flowing_in_are_one_input_node_per_place():
    net = EXERCISE.network()
    groups = groups_of(squared_error(net(EXERCISE.x), EXERCISE.t))
    inputs = [(group.name, len(group.members)) for group in groups if group.kind == "input"]
    assert inputs == [("x[0]", 2), ("x[1]", 2)]  # 0.5 and 0.3, once in each hidden unit


def test_a_module_the_user_writes_gets_units_from_its_layers():
    class Net(Module):
        def __init__(self):
            rng = random.Random(3)
            self.hidden = Layer(2, 3, "tanh", rng, names=("a1", "h"))
            self.out = Layer(3, 1, "sigmoid", rng, names=("a2", "y"))

        def forward(self, x):
            return self.out(self.hidden(x))

    groups = groups_of(l2_loss(Net()([0.5, -1.0]), [1.0]))
    units = [group.name for group in groups if group.kind == "unit"]
    assert units == ["h[0]", "h[1]", "h[2]", "y[0]"]


def test_a_graph_without_unit_names_has_no_neuron_view():
    root = parse("sigmoid(x*w + b)", {"x": 1.0, "w": 0.5, "b": 0.1})
    assert groups_of(root) == []
    assert "units" not in page_data(root)


def unit_step(steps, name):
    [step] = [step for step in steps if step["title"].startswith(f"δ rule at {name}: ")]
    return step


@pytest.mark.parametrize("loss", ["squared", "l2"])
def test_the_unit_steps_deltas_are_the_closed_forms(loss):
    net, root = exercise_loss(loss)
    steps = page_data(root)["units"]["backward"]
    weights = [[[p.data for p in row] for row in m] for m in (net.w, net.u)]
    biases = [[p.data for p in b] for b in (net.b1, net.b2)]
    closed = closed_form.gradients(EXERCISE.x, EXERCISE.t, *weights, *biases, loss=loss)
    delta = closed_form.gradients(EXERCISE.x, EXERCISE.t, *weights, *biases, loss="l2")
    assert delta["b2"][0] == pytest.approx(-0.004503, abs=5e-7)  # the number the issue quotes
    units = [("2", "y[0]", "b2", 0), ("1", "h[0]", "b1", 0), ("1", "h[1]", "b1", 1)]
    for layer, unit, key, j in units:
        step = unit_step(steps, unit)
        shown = format_number(delta[key][j])
        assert step["title"].endswith(f"δ{layer}_{j} = {shown}")  # dL/da = dL/db
        [rule] = [line for line in step["lines"] if line.startswith(f"δ{layer}_{j} = (")]
        assert rule.endswith(f" = {shown}")
        assert step["changes"][0][1] == f"δ {shown}"
        gradient_lines = [line for line in step["lines"] if ".grad = " in line]
        # the bias's gradient
        assert gradient_lines[-1].endswith(f" = {format_number(closed[key][j])}")
        if loss == "squared":
            a = f"a{layer}[{j}]"
            [why] = [line for line in step["lines"] if line.startswith(f"∂E/∂{a} = ")]
            assert why.startswith(f"∂E/∂{a} = 2·δ{layer}_{j} = {format_number(closed[key][j])}: ")
            assert "L = ½Σ(y - t)² is E/2" in why
        else:
            assert not any("E/2" in line for line in step["lines"])
    for i in range(2):
        for j in range(2):
            [line] = [ln for s in steps for ln in s["lines"] if ln.startswith(f"w[{i}][{j}].grad")]
            assert line.endswith(f" = {format_number(closed['w'][i][j])}")


def test_the_derivations_hidden_deltas_sum_over_both_outputs():
    net = TwoLayerNet.from_weights(
        w=[[0.1, -0.4, 0.3], [0.5, 0.2, -0.6]], u=[[0.7, -0.2], [0.1, 0.4], [-0.3, 0.8]]
    )
    x, t = [0.9, -0.3], [1.0, 0.0]
    steps = page_data(l2_loss(net(x), t))["units"]["backward"]
    w = [[p.data for p in row] for row in net.w]
    u = [[p.data for p in row] for row in net.u]
    h = closed_form.hidden(x, w, None)
    deltas = closed_form.output_delta(closed_form.output(h, u, None), t)
    for k, delta in enumerate(deltas):
        line = unit_step(steps, f"y[{k}]")["lines"][1]
        assert line.startswith(f"δ2_{k} = (y[{k}] - t[{k}]) × (y[{k}] × (1 - y[{k}])) = ")
        assert line.endswith(f" = {format_number(delta)}")
    for j, delta in enumerate(closed_form.grad_b1(deltas, u, h)):
        line = unit_step(steps, f"h[{j}]")["lines"][1]
        assert line.startswith(f"δ1_{j} = (u[{j}][0] × δ2_0 + u[{j}][1] × δ2_1) × (h[{j}] × ")
        assert line.endswith(f" = {format_number(delta)}")


def test_a_relu_unit_says_why_its_slope_is_0_and_an_unlabelled_loss_is_called_e():
    mlp = MLP(2, [2, 1], ["relu", "sigmoid"], seed=0)
    first = mlp.layers[0].neurons
    weights = [*first[0].w, first[0].b, *first[1].w, first[1].b]
    for p, value in zip(weights, [-1, 0.5, 0, 1, 1, 0.25], strict=True):
        p.data = value
    x = [Value(0.5, "x[0]"), Value(-1.0, "x[1]")]
    steps = page_data(squared_error(mlp(x), [1.0]))["units"]["backward"]
    assert steps[0]["title"] == "Seed: E.grad = 1"
    a = [0.5 * -1 + -1.0 * 0.5 + 0, 0.5 * 1 + -1.0 * 1 + 0.25]  # a1[j] = x·w_j + b_j by hand
    for j, a_j in enumerate(a):
        line = unit_step(steps, f"h1[{j}]")["lines"][1]
        assert line.endswith(f" × 0 = 0, as a1[{j}] = {format_number(a_j)} ≤ 0")


def set_weights(mlp, values):
    """Each layer's units' weights then bias, in order, set to `values`."""
    params = [p for layer in mlp.layers for unit in layer.neurons for p in (*unit.w, unit.b)]
    for p, value in zip(params, values, strict=True):
        p.data = value


def test_a_linear_hidden_layer_is_units_whose_slope_is_1():
    # Was an IndexError (train --activation linear --html): a linear unit's output is its sum.
    mlp = MLP(2, [2, 1], ["linear", "sigmoid"], seed=0)
    w, b, u, c = [[0.5, -0.25], [0.75, 1.0]], [0.1, -0.2], [0.3, -0.6], 0.05
    set_weights(mlp, [*w[0], b[0], *w[1], b[1], *u, c])
    x, t = [0.5, -1.0], 1.0
    root = l2_loss(mlp([Value(x_i, f"x[{i}]") for i, x_i in enumerate(x)]), [t])
    units = [group.name for group in groups_of(root) if group.kind == "unit"]
    assert units == ["h1[0]", "h1[1]", "y[0]"]
    data = page_data(root)["units"]
    # By hand: h_j = x·w_j + b_j (no activation), y = sigmoid(u·h + c), L = ½(y - t)².
    h = [x[0] * w[j][0] + x[1] * w[j][1] + b[j] for j in range(2)]
    y = 1 / (1 + math.exp(-(u[0] * h[0] + u[1] * h[1] + c)))
    delta_y = (y - t) * y * (1 - y)
    for j in range(2):
        [step] = [s for s in data["forward"] if s["title"] == f"Compute the unit h1[{j}]"]
        assert len(step["lines"]) == 1  # the sum is the output: no f(a) line
        assert step["lines"][0].endswith(f" = {format_number(h[j])}")
        [rule] = unit_step(data["backward"], f"h1[{j}]")["lines"][1:2]
        assert rule.startswith(f"δ1_{j} = (")
        assert rule.endswith(f" × 1 = {format_number(u[j] * delta_y)}")


def test_a_linear_output_layer_is_units_and_cross_entropys_delta_is_p_minus_t():
    mlp = MLP(2, [2, 3], ["tanh", "linear"], seed=4)
    x, target = [0.5, -1.0], 2
    root = cross_entropy(mlp([Value(x_i, f"x[{i}]") for i, x_i in enumerate(x)]), target)
    units = [group.name for group in groups_of(root) if group.kind == "unit"]
    assert units == ["h1[0]", "h1[1]", "y[0]", "y[1]", "y[2]"]
    logits = [y.data for y in mlp([Value(x_i) for x_i in x])]
    p = [math.exp(z) / sum(math.exp(z_j) for z_j in logits) for z in logits]
    steps = page_data(root)["units"]["backward"]
    for k in range(3):  # dL/dz_k = p_k - [k == target], softmax's closed form
        shown = format_number(p[k] - (k == target))
        assert unit_step(steps, f"y[{k}]")["title"].endswith(f"δ2_{k} = {shown}")


def test_the_neuron_views_lines_typeset_products_as_the_op_view_does():
    _, root = exercise_loss("l2")
    data = page_data(root)
    lines = {step["title"]: step["lines"] for step in data["units"]["backward"]}
    # The exercise's numbers as the seed prints them (y = 0.6793, h = 0.5572, 0.6201).
    assert lines["δ rule at y[0]: δ2_0 = -0.004503"][:2] == [
        "the delta rule at an output: δ_k = (y_k - t_k) × (y_k × (1 - y_k))",
        "δ2_0 = (y[0] - t[0]) × (y[0] × (1 - y[0])) = (0.6793 - 0.7) × (0.6793 × (1 - 0.6793))"
        " = -0.004503",
    ]
    assert (
        lines["δ rule at y[0]: δ2_0 = -0.004503"][2]
        == "u[0][0].grad = δ2_0 × h[0] = (-0.004503) × 0.5572 = -0.002509"
    )
    hidden = lines["δ rule at h[0]: δ1_0 = -5.555e-4"][1]
    assert hidden.startswith(
        "δ1_0 = (u[0][0] × δ2_0) × (h[0] × (1 - h[0])) = (0.5 × (-0.004503)) × "
    )
    forward = {step["title"]: step["lines"] for step in data["units"]["forward"]}
    assert forward["Compute the unit h[0]"][0] == (
        "a1[0] = x[0]×w[0][0] + x[1]×w[1][0] + b1[0] = 0.5 × 0.2 + 0.3 × 0.1 + 0.1 = 0.23"
    )
    # A tanh unit's slope 1 - h² as the op view writes it; no bare * in any backward line.
    net = MLP(2, [2, 1], "tanh", seed=1)
    tanh_steps = page_data(l2_loss(net([Value(0.5, "x[0]"), Value(-1.0, "x[1]")]), [1.0]))
    backward = [line for step in tanh_steps["units"]["backward"] for line in step["lines"]]
    assert any(line.startswith("δ2_0 = (y[0] - t[0]) × (1 - y[0]²) = ") for line in backward)
    assert any(line.startswith("δ1_0 = (w[0][0] × δ2_0) × (1 - h1[0]²) = ") for line in backward)
    assert not [line for line in backward if "*" in line]


@pytest.fixture(scope="module")
def exercise_html():
    """The demo's exercise page, built once for the tests that open it."""
    return to_html(exercise_loss()[1])


@pytest.fixture(params=["laptop", "phone"])
def exercise(request, exercise_html, new_page, tmp_path):
    """The demo's exercise page at a laptop's and at a phone's size."""
    path = tmp_path / "exercise.html"
    path.write_text(exercise_html, encoding="utf-8")
    return new_page(request.param), path


SHOWN = """() => {
    const drawing = [...document.querySelectorAll("#graph > svg.drawing")]
        .find((svg) => getComputedStyle(svg).display !== "none");
    const pane = drawing.getBoundingClientRect();  // the pane less its controls
    return [...drawing.querySelectorAll("g.node")].map((node) => {
        const box = node.getBoundingClientRect();
        const texts = [...node.querySelectorAll("text")];
        return {
            text: texts.map((text) => text.textContent).join(" | "),
            inside: box.left >= pane.left - 0.5 && box.right <= pane.right + 0.5
                && box.top >= pane.top - 0.5 && box.bottom <= pane.bottom + 0.5,
            font: Math.min(...texts.map((text) =>
                parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a)),
        };
    });
}"""


@pytest.mark.browser
def test_the_neuron_view_shows_every_unit_readable_at_load(exercise):
    page, path = exercise
    page.goto(f"{path.as_uri()}#view=units")
    nodes = page.evaluate(SHOWN)
    assert len(nodes) <= 10
    names = [node["text"].split(" | ")[0] for node in nodes]
    assert sorted(names) == ["E", "h[0]", "h[1]", "x[0]", "x[1]", "y[0]"]
    assert all(node["inside"] for node in nodes), nodes
    assert min(node["font"] for node in nodes) >= 12


@pytest.mark.browser
def test_a_deep_link_opens_the_neuron_view_at_its_step(exercise):
    page, path = exercise
    page.goto(f"{path.as_uri()}#view=units&step=3")
    assert page.text_content("#step-title").startswith("δ rule at h[1]: δ1_1 = ")
    assert page.is_checked("input[name=view][value=units]")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("location.hash === '#view=units&step=2&mode=backward'")
    assert page.text_content("#step-title").startswith("δ rule at h[0]: ")
    assert page.text_content("#u2 text:last-of-type") == "δ -5.555e-4"


@pytest.mark.browser
def test_u_toggles_between_the_op_view_and_the_neuron_view_keeping_the_unit(exercise):
    page, path = exercise
    backward = data_of(path.read_text(encoding="utf-8"))["backward"]  # the page opened
    at_a2 = next(
        k for k, s in enumerate(backward) if s["title"].startswith("Chain rule through a2")
    )
    page.goto(f"{path.as_uri()}#step={at_a2}&mode=backward")
    assert len(page.evaluate(SHOWN)) > 10
    page.keyboard.press("u")  # a2[0] is inside the unit y[0]
    page.wait_for_function("location.hash === '#view=units&step=1&mode=backward'")
    assert len(page.evaluate(SHOWN)) == 6
    assert page.text_content("#step-title").startswith("δ rule at y[0]: ")
    page.keyboard.press("Shift+U")  # back to the op view, at the unit's first step there
    page.wait_for_function("!location.hash.includes('view=units')")
    assert len(page.evaluate(SHOWN)) > 10
    assert page.text_content("#step-title").startswith("Chain rule through y[0] = sigmoid")


@pytest.mark.browser
def test_naive_mode_from_the_neuron_view_goes_back_to_the_op_view(exercise):
    page, path = exercise
    page.goto(f"{path.as_uri()}#view=units")
    page.keyboard.press("n")
    page.wait_for_function("location.hash === '#step=0&mode=naive'")
    assert page.is_checked("input[name=view][value=ops]")


@pytest.mark.browser
def test_a_graph_without_units_shows_no_view_toggle(new_page, tmp_path):
    path = tmp_path / "expression.html"
    path.write_text(to_html(parse("sigmoid(x*w + b)", {"x": 1.0, "w": 0.5, "b": 0.1})))
    page = new_page()
    page.goto(path.as_uri())
    assert not page.is_visible("#views")
    page.keyboard.press("u")
    assert page.evaluate("location.hash") == "#step=0&mode=backward"


INSIDE = """id => [...document.querySelectorAll(`#${id} g.node`)].map((node) => ({
    text: [...node.querySelectorAll("text")].map((text) => text.textContent).join(" | "),
    font: Math.min(...[...node.querySelectorAll("text")].map((text) =>
        parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a)),
}))"""


@pytest.mark.browser
def test_a_unit_opens_to_its_op_nodes_on_click_and_on_enter(exercise):
    net, _ = exercise_loss()
    weights = [[[p.data for p in row] for row in m] for m in (net.w, net.u)]
    biases = [[p.data for p in b] for b in (net.b1, net.b2)]
    closed = closed_form.gradients(EXERCISE.x, EXERCISE.t, *weights, *biases, loss="squared")
    page, path = exercise
    page.goto(f"{path.as_uri()}#view=units&step=2")  # the δ rule at h[0], the node u2
    page.click("#u2")
    inside = page.evaluate(INSIDE, "open2")
    names = [node["text"].split(" | ")[0] for node in inside]
    assert {"x[0]×w[0][0]", "x[1]×w[1][0]", "a1[0]", "h[0] = sigmoid(a1[0])"} <= set(names)
    [a1] = [node["text"] for node in inside if node["text"].startswith("a1[0] | ")]
    assert a1 == f"a1[0] | data 0.23 | grad {format_number(closed['b1'][0])}"  # dE/da1 = dE/db1
    assert min(node["font"] for node in inside) >= 12
    page.click("#open2")
    assert page.locator("#open2").count() == 0
    page.keyboard.press("Enter")  # this step's unit
    assert page.locator("#open2 g.node").count() == len(inside)
    page.keyboard.press("Enter")
    assert page.locator("#open2").count() == 0


@pytest.mark.browser
def test_an_open_unit_shows_this_steps_numbers_and_follows_the_steps(exercise):
    page, path = exercise
    # Backward, step 1 is y[0]'s δ, step 2 h[0]'s: at step 1 h[0]'s gradients are not reached.
    page.goto(f"{path.as_uri()}#view=units&step=1&mode=backward")
    page.click("#u2")
    texts = {node["text"].split(" | ")[0]: node["text"] for node in page.evaluate(INSIDE, "open2")}
    assert texts["a1[0]"] == "a1[0] | data 0.23 | grad \u2013"  # 0.5*0.2 + 0.3*0.1 + 0.1 by hand
    page.keyboard.press("ArrowRight")  # h[0]'s δ: dE/da1[0] = 2 δ1_0 = -0.001111 (the seed's)
    texts = {node["text"].split(" | ")[0]: node["text"] for node in page.evaluate(INSIDE, "open2")}
    assert texts["a1[0]"] == "a1[0] | data 0.23 | grad -0.001111"
    assert texts["w[0][0]"] == "w[0][0] | data 0.2 | grad -5.555e-4"  # 2 δ1_0 x[0]
    page.keyboard.press("ArrowLeft")
    assert page.locator("#open2 text", has_text="grad -0.001111").count() == 0
    # Forward: its values once the unit is computed (step 2 computes h[0]), "data ?" before.
    page.keyboard.press("f")
    page.keyboard.press("Home")
    texts = {node["text"].split(" | ")[0]: node["text"] for node in page.evaluate(INSIDE, "open2")}
    assert texts["a1[0]"] == "a1[0] | data ? | grad ?"
    forward = [
        step["title"] for step in data_of(path.read_text(encoding="utf-8"))["units"]["forward"]
    ]
    for _ in range(forward.index("Compute the unit h[0]")):
        page.keyboard.press("ArrowRight")
    texts = {node["text"].split(" | ")[0]: node["text"] for node in page.evaluate(INSIDE, "open2")}
    assert texts["a1[0]"] == "a1[0] | data 0.23 | grad ?"
    assert texts["h[0] = sigmoid(a1[0])"] == "h[0] = sigmoid(a1[0]) | data 0.5572 | grad ?"


def test_only_small_networks_carry_their_units_insides():
    from autograd_mini.viz.unit_insides import MAX_INSIDES

    small = page_data(exercise_loss()[1])
    assert sorted(small["insides"]) == ["2", "3", "4"]  # h[0], h[1], y[0]
    assert small["tooltips"][-4].endswith("(click it to see its ops)")  # h[0]
    big = MLP(2, [MAX_INSIDES, 1], seed=0)
    data = page_data(squared_error(big([0.5, -1.0]), [1.0]))
    assert len(data["units"]["backward"]) == MAX_INSIDES + 3  # seed, units, summary
    assert data["insides"] == {}
    assert not any("click" in tooltip for tooltip in data["tooltips"])
