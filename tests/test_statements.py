"""`parse_statements`: intermediate names in one expression string, reused, labelling nodes."""

import math
import re

import pytest

from autograd_mini import ParseError, Value, topological_order
from autograd_mini.statements import parse_statements


def test_a_bound_name_is_one_node_used_twice_and_labels_it():
    x, w, b = 0.5, -1.0, 0.2
    y = parse_statements("h = tanh(x*w + b); y = h*h + h", {"x": x, "w": w, "b": b})
    h_value = math.tanh(x * w + b)
    assert y.data == pytest.approx(h_value * h_value + h_value, rel=1e-15)
    [h] = [node for node in topological_order(y) if node.label == "h"]
    assert y.label == "y"
    assert sum(parent is h for node in topological_order(y) for parent in node.parents) == 3
    y.backward()
    # dy/dx = (2h + 1) (1 - h^2) w, by hand
    x_leaf = next(node for node in topological_order(y) if node.label == "x")
    assert x_leaf.grad == pytest.approx((2 * h_value + 1) * (1 - h_value**2) * w, rel=1e-12)


def test_the_last_part_may_be_a_bare_expression():
    y = parse_statements("s = a + b; s * s", {"a": 1.0, "b": 2.0})
    assert y.data == 9.0
    assert y.label == ""


def test_without_semicolons_it_is_parse():
    y = parse_statements("x * 2", {"x": Value(3.0, "x")})
    assert y.data == 6.0


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("h = x;; h", r"part 2 of 3 is empty"),
        ("x*2; y = x", r"part 1 of 2, 'x\*2', binds no name: write name = \.\.\."),
        ("x = x*2; x", r"part 1 of 2 binds 'x', which is already bound"),
        ("h = x; h = h*2", r"part 2 of 2 binds 'h', which is already bound"),
        ("h = __import__('os'); h", r"only these functions can be called"),
        ("h = x ==; h", r"invalid syntax"),
    ],
)
def test_malformed_statements_are_one_clear_line(source, message):
    with pytest.raises(ParseError, match=message) as error:
        parse_statements(source, {"x": 1.0})
    assert "\n" not in str(error.value)


def test_graph_draws_a_reused_subexpression_once_named_by_its_binding(cli, tmp_path):
    result = cli(
        "graph", "h = tanh(x*w + b); y = h*h + h", "x=0.5", "w=-1", "b=0.2", "-o", "g.html"
    )
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "g.html").read_text(encoding="utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", page)
    assert texts.count("h") == 1  # one node, named h, used three times
    assert "y" in texts
    assert "step through y" in page
