"""docs/tour.ipynb: committed without outputs, and run top to bottom by a real kernel."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.slow  # a notebook kernel

TOUR = Path(__file__).resolve().parent.parent / "docs" / "tour.ipynb"


def test_tour_is_committed_without_outputs():
    notebook = nbformat.read(TOUR, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)


def test_tour_runs_and_shows_the_drawing_the_page_the_table_and_the_figures(tmp_path):
    notebook = nbformat.read(TOUR, as_version=4)
    # Once the last cell has run, the kernel is stopped, not asked to exit: its clean exit (the
    # interpreter's own shutdown, with matplotlib and the package loaded) is about 0.15 s of CPU.
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": tmp_path}},
        shutdown_kernel="immediate",
    )
    client.execute()
    outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    assert not [output for output in outputs if output["output_type"] == "error"]
    shown = [output.get("data", {}) for output in outputs]
    printed = "".join(output.get("text", "") for output in outputs)
    assert any(
        data.get("image/svg+xml", "").lstrip().startswith(("<?xml", "<svg")) for data in shown
    )
    assert any(data.get("text/html", "").startswith("<iframe srcdoc=") for data in shown)
    assert "-0.2913126124515909 -0.9151369618266292" in printed  # tanh(0.5 * -1 + 0.2), by hand
    assert "largest difference" in printed
    assert "MLP of [Layer of [ReLUNeuron(2)" in printed
    assert "number of parameters 337" in printed  # (2+1)16 + (16+1)16 + (16+1)1
    assert "step 9 loss" in printed
    figures = [
        data["image/png"]
        for data in shown
        if "image/png" in data and "Axes>" in data.get("text/plain", "")
    ]
    assert len(figures) == 3  # micrograd model's regions, the loss curve, the MLP's regions
