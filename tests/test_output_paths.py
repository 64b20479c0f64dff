"""Output paths are checked before any work: too deep a path is one line, exit status 2."""

import os

import pytest

from autograd_mini import Value
from autograd_mini.cli import main
from autograd_mini.files import MAX_FOLDER_DEPTH, check_output_path

DEEP = "d/" * 1200  # os.makedirs and Path.mkdir recurse once per missing folder


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("option", ["--history", "--html", "--save", "--plot"])
def test_train_refuses_a_deep_output_path_before_training(option, in_tmp, capsys):
    target = DEEP + ("plots" if option == "--plot" else "out.txt")
    status = main(["train", "--steps", "2", option, target])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""  # refused before the model was even built
    assert captured.err.count("\n") == 1
    assert f"more than the {MAX_FOLDER_DEPTH} allowed" in captured.err
    assert os.listdir(in_tmp) == []


def test_graph_refuses_a_deep_output_path_before_layout(in_tmp, capsys, monkeypatch):
    from autograd_mini.viz import files

    def no_layout(*args, **kwargs):
        raise AssertionError("laid out although the path is refused")

    monkeypatch.setattr(files, "render_svg", no_layout)
    status = main(["graph", "x*2", "x=1", "-o", DEEP + "g.svg"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1
    assert "folders deep" in err
    assert os.listdir(in_tmp) == []


def test_viz_save_and_step_through_save_refuse_a_deep_path(in_tmp):
    from autograd_mini.viz import save, step_through

    x = Value(1.0, "x")
    with pytest.raises(ValueError, match="folders deep"):
        save(x * 2, DEEP + "g.dot")
    with pytest.raises(ValueError, match="folders deep"):
        step_through(x * 2).save(DEEP + "page.html")
    assert os.listdir(in_tmp) == []


def test_a_path_at_the_depth_limit_is_accepted(in_tmp):
    from autograd_mini.viz import save

    path = "d/" * (MAX_FOLDER_DEPTH - len(os.path.abspath(".").split(os.sep)) + 1) + "g.dot"
    check_output_path(path)
    save(Value(1.0, "x") * 2, path)
    assert os.path.isfile(path)
    with pytest.raises(ValueError, match="folders deep"):
        check_output_path("d/" + path)


def test_demo_refuses_a_deep_output_folder_before_any_work(in_tmp, capsys):
    status = main(["demo", "--out", DEEP])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert "folders deep" in captured.err
    assert os.listdir(in_tmp) == []
