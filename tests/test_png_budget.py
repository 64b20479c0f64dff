"""PNG export has a memory budget: width x height x 4 is computed before rendering."""

import struct
import subprocess
import sys

import pytest

from autograd_mini.viz import png
from autograd_mini.viz.png import MAX_PNG_BYTES, png_bytes_needed, svg_to_png


def blank_svg(width_pt, height_pt):
    """An SVG sized in points as Graphviz sizes its drawings, with one small shape inside."""
    return (
        f'<svg width="{width_pt}pt" height="{height_pt}pt" viewBox="0 0 {width_pt} {height_pt}" '
        'xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>'
    )


def png_size(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


# A 1,949-node graph laid out by Graphviz is about 53,000 x 4,000 points: at scale 2 resvg would
# ask for about 6 GB, and the process aborted (SIGABRT, exit 134).
HUGE = blank_svg(53401, 3981)


@pytest.fixture
def no_rendering(monkeypatch):
    """Fail the test if resvg is asked to render: refusing must come before any work."""
    import resvg_py

    def render(**options):
        raise AssertionError(f"rendered although past the budget: {options}")

    monkeypatch.setattr(resvg_py, "svg_to_bytes", render)


@pytest.mark.parametrize("scale", [2, 16, 0.5])
def test_a_png_past_the_budget_is_refused_before_rendering(scale, no_rendering):
    with pytest.raises(ValueError, match=r"png: .* bytes, more than the") as error:
        svg_to_png(HUGE, scale)
    assert "\n" not in str(error.value)
    assert f"{MAX_PNG_BYTES:,}" in str(error.value)


def test_the_bytes_needed_match_the_png_resvg_writes():
    # Independent of our arithmetic: the size written in the PNG's own header.
    for width, height, scale in [(62, 116, 2.0), (100.5, 33.3, 1.7), (7, 9, 0.3), (1000, 3, 16)]:
        w, h = png_size(svg_to_png(blank_svg(width, height), scale))
        needed = png_bytes_needed(blank_svg(width, height), scale)
        assert w * h * 4 <= needed <= (w + 2) * (h + 2) * 4


def test_the_default_scale_shrinks_a_big_drawing_under_the_budget(monkeypatch):
    monkeypatch.setattr(png, "MAX_PNG_BYTES", 400_000)  # a small budget: a fast test
    w, h = png_size(svg_to_png(HUGE))
    assert w * h * 4 <= 400_000
    assert w / h == pytest.approx(53401 / 3981, rel=0.05)  # the same picture, smaller
    w, h = png_size(svg_to_png(blank_svg(62, 116)))
    assert (w, h) == (166, 310)  # small drawings keep the default scale, 2


def test_a_huge_png_in_a_child_process_is_one_error_not_an_abort(tmp_path):
    code = "from autograd_mini.viz.png import svg_to_png; import sys; svg_to_png(sys.argv[1], 16)"
    result = subprocess.run(
        [sys.executable, "-c", code, HUGE], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("ValueError: png: ")


def test_save_and_the_graph_command_refuse_a_png_past_the_budget(tmp_path, monkeypatch, capsys):
    from autograd_mini import Value
    from autograd_mini.cli import main
    from autograd_mini.viz import save

    monkeypatch.setattr(png, "MAX_PNG_BYTES", 400_000)
    x = Value(2.0, "x")
    with pytest.raises(ValueError, match="more than the 400,000 allowed"):
        save(x * x, tmp_path / "g.png", scale=16)
    status = main(["graph", "x*x", "x=2", "-o", str(tmp_path / "c.png"), "--scale", "16"])
    error = capsys.readouterr().err
    assert status == 2
    assert error.count("\n") == 1
    assert "more than the 400,000 allowed" in error
    assert list(tmp_path.iterdir()) == []  # nothing written
    save(x * x, tmp_path / "g.png")  # the default scale fits the budget
    w, h = png_size((tmp_path / "g.png").read_bytes())
    assert w * h * 4 <= 400_000
