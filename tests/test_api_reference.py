"""The API reference builds from the docstrings with pdoc, every pdoc warning an error."""

import importlib
import subprocess
import sys

import pytest

MODULES = ["autograd_mini", "autograd_mini.nn", "autograd_mini.viz"]


@pytest.mark.slow
def test_api_reference_builds_without_a_warning(tmp_path):
    # The command docs/index.md gives, run as a user would (outside the clone, so the installed
    # package with its nn and viz subpackages is documented), with warnings as errors.
    # One exception: pdoc cannot resolve the string annotations of a NamedTuple's generated
    # __new__ (nn.Gradients' `Array` fields, a pdoc limitation, not a broken docstring).
    warnings = ["-W", "error", "-W", "ignore:Error parsing type annotation ForwardRef"]
    command = [sys.executable, *warnings, "-m", "pdoc", "-d", "google", *MODULES]
    result = subprocess.run(
        [*command, "-o", str(tmp_path / "api")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    pages = {p.name for p in (tmp_path / "api").rglob("*.html")}
    assert {"autograd_mini.html", "nn.html", "viz.html"} <= pages
    # A name from each package's __all__, with its docstring's first words.
    text = (tmp_path / "api" / "autograd_mini" / "nn.html").read_text()
    assert "plot_loss" in text
    assert "Loss per step" in text


def members(namespace):
    """Every member pdoc documents under a module or class, classes' members included."""
    import pdoc.doc

    for member in namespace.members.values():
        yield member
        if isinstance(member, pdoc.doc.Class):
            yield from members(member)


@pytest.mark.parametrize("name", MODULES)
def test_every_public_class_and_function_has_a_docstring(name):
    import pdoc.doc  # here, not while collecting (every xdist worker collects every file)

    module = pdoc.doc.Module(importlib.import_module(name))
    kinds = (pdoc.doc.Class, pdoc.doc.Function)
    bare = [
        m.fullname
        for m in members(module)
        if isinstance(m, kinds) and not m.name.startswith("_") and not m.docstring
    ]
    assert not bare
