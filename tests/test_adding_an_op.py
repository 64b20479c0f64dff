"""An op added to `OPS` at run time is parsed, differentiated, drawn and replayed: one entry."""

import json
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.slow  # a subprocess per case

SCRIPT = textwrap.dedent(
    """
    import json, sys
    import numpy as np
    from autograd_mini import OPS, Op, Value, apply, grad, parse
    from autograd_mini.cli import main
    from autograd_mini.nn import trace
    from autograd_mini.viz import draw, to_html

    OPS["cube"] = Op("a**3", d_a="3 * a**2")  # the one entry

    x = Value(1.5, "x")
    y = parse("cube(x) * 2", {"x": x})
    y.backward()
    (first,) = grad(apply("cube", x), [x], create_graph=True)
    (second,) = grad(first, [x])
    tape = trace(lambda t: t.cube() if hasattr(t, "cube") else apply("cube", t), 0.5)
    replay = tape.value_and_grad(np.array([-2.0, 0.5, 3.0]))
    page = to_html(y)
    print(json.dumps({
        "data": y.data, "grad": x.grad, "first": first.data, "second": second.data,
        "dot": "cube" in draw(y).source, "page": json.dumps("3 × x²")[1:-1] in page,
        "tape_value": replay.value.tolist(), "tape_grad": replay.inputs[0].tolist(),
    }))
    sys.stdout.flush()
    main(["grad", "cube(x) + x", "x=2"])
    """
)


def test_one_table_entry_makes_a_working_op(tmp_path):
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert run.returncode == 0, run.stderr
    first_line, cli_output = run.stdout.split("\n", 1)
    got = json.loads(first_line)
    # Closed forms of 2 x^3 at x = 1.5, and of x^3: 3x^2, 6x; at -2, 0.5, 3: x^3 and 3x^2.
    assert got["data"] == 2 * 1.5**3
    assert got["grad"] == 2 * 3 * 1.5**2
    assert (got["first"], got["second"]) == (3 * 1.5**2, 6 * 1.5)
    assert got["dot"]
    assert got["page"]
    assert got["tape_value"] == [-8.0, 0.125, 27.0]
    assert got["tape_grad"] == [12.0, 0.75, 27.0]
    assert "13" in cli_output  # d(x^3 + x)/dx at 2 = 3 * 4 + 1
