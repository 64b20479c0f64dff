"""What a fresh Jupyter kernel shows for each result (nbclient): pictures, tables, fallbacks."""

import base64
import json
import re
import struct

import nbformat
import pytest
from nbclient import NotebookClient

CELLS = {
    "loss": "from autograd_mini import nn\nnn.plot_loss([3.0, 2.0, 1.5, 1.0])",
    "boundary": (
        "model = nn.MLP(2, [1], ['sigmoid'])\n"
        "model.load_state_dict({'layer1.w': [[4.0], [0.0]], 'layer1.b': [0.0]})\n"
        "nn.plot_boundary(model, [[-1.0, -1.0], [1.0, 1.0]], [[0.0], [1.0]])"
    ),
    "gradcheck": (
        "from autograd_mini import gradcheck\n"
        "gradcheck(lambda a, b: (a * b).sigmoid() + a.log(), [0.8, -0.4])"
    ),
    "compare": (
        "from autograd_mini.nn import EXERCISE, compare\n"
        "compare(EXERCISE.network(), EXERCISE.x, EXERCISE.t, loss='squared')"
    ),
    # micrograd's demo MLP on one point: 1,627 drawn nodes, under viz.MAX_NODES
    "large drawing": (
        "import random\n"
        "from autograd_mini import Value\n"
        "from autograd_mini.nn.micrograd import MLP\n"
        "from autograd_mini.viz import draw, step_through\n"
        "random.seed(1337)\n"
        "score = MLP(2, [16, 16, 1])([Value(0.5), Value(-1.0)])\n"
        "loss = (1 + -1 * score).relu()\n"
        "loss.backward()\n"
        "draw(loss)"
    ),
    "step through": "y = (Value(1.5, 'x') * 2).tanh()\ny.backward()\nstep_through(y)",
}


@pytest.fixture(scope="module")
def shown(tmp_path_factory):
    """Each cell's displayed output (its mimetypes and data), run top to bottom in one kernel."""
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(c) for c in CELLS.values()]
    )
    # The kernel starts outside the checkout, whose autograd_mini/ would hide the installed one.
    path = tmp_path_factory.mktemp("kernel")
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": path}},
        shutdown_kernel="immediate",  # the outputs are all in: no clean exit to wait for
    )
    client.execute()
    outputs = {}
    for name, cell in zip(CELLS, notebook.cells, strict=True):
        [output] = [o for o in cell.outputs if o["output_type"] == "execute_result"]
        outputs[name] = output["data"]
    return outputs


@pytest.mark.slow
@pytest.mark.parametrize("name", ["loss", "boundary"])
def test_plots_show_as_pictures_in_a_fresh_kernel(shown, name):
    assert shown[name]["image/png"]  # base64 text of a PNG
    assert not shown[name]["text/plain"].startswith("<Figure size")  # what a bare Figure shows
    # The PNG's own header: width and height, 100 dpi of a 7x4 or 6x5 inch figure
    png = base64.b64decode(shown[name]["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    size = struct.unpack(">II", png[16:24])
    assert size == ((700, 400) if name == "loss" else (600, 500))


@pytest.mark.slow
def test_gradcheck_shows_as_an_html_table_with_a_row_per_input(shown):
    table = shown["gradcheck"]["text/html"]
    assert table.startswith("<table>")
    assert table.count("<tr>") == 3  # the header and inputs x0, x1
    # d/da [sigmoid(ab) + log a] at (0.8, -0.4) = b s(1 - s) + 1/a, s = sigmoid(-0.32), by hand
    assert "1.1525169347" in table
    lines = shown["gradcheck"]["text/plain"].splitlines()
    assert len(lines) == 3
    assert len({line.index("yes") for line in lines[1:]}) == 1  # aligned columns


@pytest.mark.slow
def test_gradient_table_shows_as_an_html_table_with_a_row_per_parameter(shown):
    table = shown["compare"]["text/html"]
    assert table.count("<tr>") == 10  # the header and the 2-2-1 net's 9 parameters
    assert "<td>output.b2[0]</td>" in table
    assert "largest difference" in shown["compare"]["text/plain"]


@pytest.mark.slow
def test_a_large_drawing_shows_as_svg_only_and_stays_small(shown):
    data = shown["large drawing"]
    assert "image/png" not in data  # rasterising it took most of the time and size
    svg = data["image/svg+xml"]
    assert svg.count('class="node"') >= 1_600
    assert len(json.dumps(data)) < 5_000_000


@pytest.mark.slow
def test_step_through_carries_a_static_svg_for_viewers_that_run_no_script(shown):
    data = shown["step through"]
    assert data["text/html"].startswith("<iframe srcdoc=")
    svg = data["image/svg+xml"]
    assert svg.startswith("<svg")
    assert svg.rstrip().endswith("</svg>")
    assert "<script" not in svg
    # tanh(3) = 0.9951, its gradient by x: 2 (1 - tanh(3)^2) = 0.01973
    texts = re.sub(r"<[^>]+>", " ", svg)
    assert "0.9951" in texts
    assert "0.01973" in texts
