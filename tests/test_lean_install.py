"""The engine and `autograd-mini grad` need no third-party package; the rest says which extra."""

import math
import subprocess
import sys
from importlib.metadata import distributions
from pathlib import Path

import pytest

from autograd_mini import nn
from autograd_mini.cli import main
from autograd_mini.viz import to_png

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_grad_runs_from_an_install_without_dependencies(tmp_path):
    venv = tmp_path / "venv"
    # No pip inside (ensurepip was half this test's time): this run's pip installs into it.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True, timeout=120)
    pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python")]
    (site,) = venv.glob("lib/python*/site-packages")

    def packages():
        """The distributions installed in the venv: the metadata `pip list` reads, read here."""
        return {dist.metadata["Name"] for dist in distributions(path=[str(site)])}

    assert packages() == set()  # an empty venv
    install = [*pip, "install", "-q", "--no-deps", str(ROOT)]
    subprocess.run(install, check=True, timeout=600, capture_output=True)
    assert packages() == {"autograd-mini"}
    result = subprocess.run(
        [str(venv / "bin" / "autograd-mini"), "grad", "tanh(x*w + b)", "x=0.5", "w=-1", "b=0.2"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    # tanh(-0.3) and d/dx = w (1 - tanh^2), by hand
    assert result.stdout.splitlines()[0] == f"tanh(x*w + b) = {math.tanh(-0.3)!r}"
    assert float(result.stdout.splitlines()[1].split("=")[1]) == pytest.approx(
        -(1 - math.tanh(-0.3) ** 2), rel=1e-15
    )
    # The command that needs NumPy says so in one line, naming the command; grad stays usable.
    demo = subprocess.run(
        [str(venv / "bin" / "autograd-mini"), "demo"], capture_output=True, text=True, cwd=tmp_path
    )
    assert demo.returncode == 1
    assert "'demo'" in demo.stderr
    assert "numpy" in demo.stderr
    assert len(demo.stderr.splitlines()) == 1


def without(monkeypatch, package):
    """Make `package` look not installed: None in sys.modules, its loaded submodules too."""
    for name in [m for m in sys.modules if m == package or m.startswith(f"{package}.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, package, None)


def test_plots_without_matplotlib_name_the_extra(monkeypatch):
    without(monkeypatch, "matplotlib")
    # A plots module imported by an earlier test is forgotten, so that it is imported afresh.
    monkeypatch.delitem(sys.modules, "autograd_mini.nn.plots", raising=False)
    monkeypatch.delattr(nn, "plots", raising=False)
    with pytest.raises(ImportError, match=r"'plots' extra installs: pip install '\.\[plots\]'"):
        nn.plot_loss([1.0, 0.5])


def test_train_plot_without_matplotlib_says_so_before_training(monkeypatch, capsys, tmp_path):
    without(monkeypatch, "matplotlib")
    assert main(["train", "--data", "xor", "--plot", str(tmp_path / "plots")]) == 2
    message = capsys.readouterr()
    assert "step" not in message.out  # nothing trained
    assert "--plot needs matplotlib" in message.err
    assert "pip install '.[plots]'" in message.err


def test_png_without_resvg_names_the_extra(monkeypatch):
    from autograd_mini import Value

    without(monkeypatch, "resvg_py")
    with pytest.raises(RuntimeError, match=r"'png' extra installs: pip install '\.\[png\]'"):
        to_png(Value(1.0, "x") * 2)
