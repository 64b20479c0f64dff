"""`autograd-mini demo` and `autograd-mini train`: in process, and through the installed command."""

import contextlib
import csv
import io
import json
import re
from importlib.metadata import EntryPoint, entry_points

import numpy as np
import pytest

from autograd_mini import cli as cli_module
from autograd_mini.nn import MLP, TwoLayerNet, two_moons, xor

pytestmark = pytest.mark.slow  # trains networks and runs the command

NN_COMMANDS = [
    EntryPoint("demo", "autograd_mini.nn.demo_command:register", cli_module.COMMANDS_GROUP),
    EntryPoint("train", "autograd_mini.nn.train_command:register", cli_module.COMMANDS_GROUP),
]
INSTALLED = {e.name for e in entry_points(group=cli_module.COMMANDS_GROUP)}
needs_entry_points = pytest.mark.skipif(
    not {"demo", "train"} <= INSTALLED,
    reason="demo/train entry points not installed (setup.cfg autograd_mini.commands)",
)


def register_nn_commands(monkeypatch):
    """Register nn's commands with the CLI, even before setup.cfg has them."""
    installed = [
        e for e in entry_points(group=cli_module.COMMANDS_GROUP) if e.name not in {"demo", "train"}
    ]
    monkeypatch.setattr(cli_module, "entry_points", lambda group: [*installed, *NN_COMMANDS])


@pytest.fixture
def main(monkeypatch, tmp_path):
    """main(*args) -> exit status, with nn's commands registered even before setup.cfg has them."""
    register_nn_commands(monkeypatch)
    monkeypatch.chdir(tmp_path)
    return lambda *args: cli_module.main(list(args))


@pytest.fixture(scope="module")
def html_run(tmp_path_factory):
    """(status, stdout, folder) of `train --steps 20 --html out/train.html`, run once in `folder`.

    Two tests read what this one command prints and writes (about 1.7 s of CPU a run).
    """
    folder = tmp_path_factory.mktemp("html_run")
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as monkeypatch, contextlib.redirect_stdout(out):
        register_nn_commands(monkeypatch)
        monkeypatch.chdir(folder)
        status = cli_module.main(["train", "--steps", "20", "--html", "out/train.html"])
    return status, out.getvalue(), folder


def test_demo_prints_the_exercise_checked_three_ways(main, capsys, tmp_path):
    assert main("demo", "--out", "pictures") == 0
    out = capsys.readouterr().out
    assert "y = [0.6793285459826799]" in out
    assert "E = 0.000427309011190178" in out
    assert "hidden.w[1][1]" in out
    assert "largest difference" in out
    assert "0.2 -> 0.20005555079452" in out
    assert (
        (tmp_path / "pictures" / "exercise.svg").read_text().lstrip().startswith(("<?xml", "<svg"))
    )
    assert (tmp_path / "pictures" / "exercise.html").stat().st_size > 0


def test_demo_json_has_the_same_numbers(main, capsys):
    assert main("demo", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["y"] == pytest.approx([0.6793285460], abs=5e-11)
    assert report["dE/dh"] == pytest.approx([-0.004503095850, -0.005403715019], abs=5e-13)
    rows = {row["name"]: row for row in report["gradients"]["rows"]}
    assert rows["output.u[1][0]"]["numpy"] == pytest.approx(-0.005584797404, abs=5e-13)
    assert report["gradients"]["largest_difference"] < 1e-15
    assert report["sgd_step"]["output.b2[0]"]["after"] == pytest.approx(0.1009006192, abs=5e-11)
    assert report["E_after_step"] < report["E"]
    assert report["files"]["svg"].endswith("exercise.svg")


@pytest.mark.parametrize("backend", ["engine", "numpy"])
def test_train_xor_reaches_full_accuracy_and_saves(main, capsys, tmp_path, backend):
    args = ["train", "--data", "xor", "--steps", "1500", "--backend", backend, "--save", "m.json"]
    assert main(*args) == 0
    out = capsys.readouterr().out
    assert "accuracy 100.0% (4 of 4 xor samples)" in out
    net = TwoLayerNet(2, 4, 1)
    net.load(tmp_path / "m.json")
    assert net.state_dict() != TwoLayerNet(2, 4, 1, seed=0).state_dict()


def test_train_mlp_on_moons_saves_an_mlp(main, capsys, tmp_path):
    args = ["train", "--data", "moons", "--model", "mlp", "--sizes", "3,1", "--steps", "5"]
    assert main(*args, "--activation", "tanh", "--save", "mlp.json") == 0
    net = MLP(2, [3, 1], activation=["tanh", "sigmoid"])  # as train printed it
    net.load(tmp_path / "mlp.json")
    xs, ts = two_moons(seed=0)  # train's data at its default seed
    right = sum((net(x)[0].data > 0.5) == (t[0] > 0.5) for x, t in zip(xs, ts, strict=True))
    assert f"accuracy {right}.0% ({right} of 100 moons samples)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--steps", "0"], "--steps must be >= 1", id="steps 0"),
        pytest.param(
            ["--model", "mlp", "--sizes", "4,x"],
            "expected numbers like 8,8,1",
            id="sizes not numbers",
        ),
        pytest.param(["--model", "mlp", "--sizes", "4,2"], "the last one 1", id="sizes last not 1"),
        pytest.param(
            ["--model", "mlp", "--backend", "numpy"],
            "--backend numpy trains the TwoLayerNet only",
            id="numpy with mlp",
        ),
        pytest.param(["--hidden", "0"], "--hidden must be >= 1", id="hidden 0"),
        pytest.param(["--lr", "-1"], "--lr must be a finite number > 0", id="lr negative"),
        pytest.param(["--lr", "nan"], "--lr must be a finite number > 0", id="lr nan"),
        pytest.param(
            ["--activation", "tanh"],
            "--activation describes an MLP; use it with --model mlp",
            id="activation on twolayer",
        ),
        pytest.param(
            ["--sizes", "8,1"],
            "--sizes describes an MLP; use it with --model mlp",
            id="sizes on twolayer",
        ),
        pytest.param(
            ["--model", "mlp", "--hidden", "50"],
            "--hidden sizes the TwoLayerNet",
            id="hidden on mlp",
        ),
        pytest.param(
            ["--hidden", "100000000"],
            "--hidden 100000000: 400000001 parameters, more than the 20000",
            id="huge hidden",
        ),
        pytest.param(
            ["--model", "mlp", "--sizes", "1000000000,1"],
            "--sizes 1000000000,1: 4000000001 parameters",
            id="huge sizes",
        ),
        pytest.param(["--save", ""], "--save: an empty path", id="empty save"),
        pytest.param(
            ["--plot", "plotted"],
            "--plot plotted: plotted is a file, not a folder",
            id="plot to a file",
        ),
        pytest.param(["--history", ""], "--history: an empty path", id="empty history"),
        pytest.param(
            ["--history", "plotted/h.csv"],
            "--history plotted/h.csv: plotted is a file, not a folder",
            id="history under a file",
        ),
        pytest.param(
            ["--save", "."], "--save .: is a folder; give a file name", id="save to a folder"
        ),
        pytest.param(
            ["--html", "plotted/more/t.html"],
            "--html plotted/more/t.html: plotted is a file, not a folder",
            id="html under a file",
        ),
        pytest.param(
            ["--backward-steps", "0,10"],
            "--backward-steps chooses the pages --html links; give --html too",
            id="backward steps without html",
        ),
        pytest.param(
            ["--html", "t.html", "--backward-steps", "0,x"],
            "--backward-steps '0,x': expected steps like 0,10,50 or none",
            id="backward steps not numbers",
        ),
        pytest.param(
            ["--html", "t.html", "--backward-steps", "-5"],
            "--backward-steps '-5': steps must be >= 0",
            id="backward steps negative",
        ),
        pytest.param(
            ["--loss", "cross_entropy"],
            "--loss cross_entropy needs a linear output per class",
            id="cross_entropy on twolayer",
        ),
        pytest.param(
            ["--model", "mlp", "--loss", "cross_entropy", "--sizes", "8,1"],
            "the last one 2",
            id="cross_entropy last size 1",
        ),
        pytest.param(
            ["--backend", "numpy", "--optimizer", "adam"],
            "--backend numpy steps with SGD only",
            id="numpy with adam",
        ),
        pytest.param(
            ["--backend", "numpy", "--loss", "mse"],
            "--backend numpy trains with the l2 and squared losses only",
            id="numpy with mse",
        ),
        pytest.param(
            ["--model", "mlp", "--loss", "cross_entropy", "--backend", "tape"],
            "--backend tape replays the l2, squared and mse losses only",
            id="tape with cross_entropy",
        ),
        pytest.param(
            ["--model", "mlp", "--loss", "cross_entropy", "--backend", "compiled"],
            "--backend compiled replays the l2, squared and mse losses only",
            id="compiled with cross_entropy",
        ),
    ],
)
def test_train_usage_errors_exit_2_with_one_line(main, capsys, tmp_path, args, message):
    (tmp_path / "plotted").write_text("a file where --plot wants a folder")
    assert main("train", *args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    assert [p.name for p in tmp_path.iterdir()] == ["plotted"]  # refused before any work


def test_train_prints_the_architecture_and_a_predictions_table(main, capsys):
    assert main("train", "--steps", "1500") == 0
    out = capsys.readouterr().out.splitlines()
    # 2*4 + 4 hidden weights and biases, 4 + 1 output: 17
    assert out[0].startswith("TwoLayerNet: 2 inputs -> 4 sigmoid -> 1 sigmoid (17 parameters)")
    assert out[0].endswith(
        "l2 loss, sgd lr 5, 1500 steps, backend tape (auto: the engine's numbers, faster)"
    )
    header = out.index("x                t        y                        right")
    rows = out[header + 1 : header + 5]
    assert [row.split()[:3] for row in rows] == [
        ["0,", "0", "0"],
        ["0,", "1", "1"],
        ["1,", "0", "1"],
        ["1,", "1", "0"],
    ]
    assert all(row.endswith("yes") for row in rows)


@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        (
            ["--model", "mlp", "--sizes", "8,8,1", "--activation", "tanh"],
            "MLP: 2 inputs -> 8 tanh -> 8 tanh -> 1 sigmoid (105 parameters)",
        ),
        (["--hidden", "3"], "TwoLayerNet: 2 inputs -> 3 sigmoid -> 1 sigmoid (13 parameters)"),
        (
            ["--model", "mlp", "--loss", "cross_entropy"],
            "MLP: 2 inputs -> 8 sigmoid -> 2 linear (42 parameters), cross_entropy loss",
        ),
        (
            ["--optimizer", "adam"],
            "TwoLayerNet: 2 inputs -> 4 sigmoid -> 1 sigmoid (17 parameters), l2 loss, "
            "adam lr 0.05",
        ),
    ],
)
def test_train_honours_model_loss_and_optimizer_options(main, capsys, tmp_path, args, first_line):
    assert main("train", *args, "--save", "m.json") == 0
    out = capsys.readouterr().out
    assert out.startswith(first_line)
    assert "accuracy 100.0% (4 of 4 xor samples)" in out
    saved = json.loads((tmp_path / "m.json").read_text())
    n_parameters = int(first_line.split("(")[1].split()[0])
    assert sum(len(np.ravel(tensor)) for tensor in saved["state"].values()) == n_parameters


def test_train_history_csv_has_a_row_per_step_and_the_final_one(main, tmp_path):
    assert main("train", "--steps", "20", "--lr", "2", "--history", "h.csv") == 0
    rows = list(csv.reader((tmp_path / "h.csv").open()))
    assert rows[0] == ["step", "loss", "accuracy", "lr"]
    assert [int(row[0]) for row in rows[1:]] == list(range(21))
    assert {row[3] for row in rows[1:]} == {"2.0"}
    # The first row's loss is the untrained net's: its outputs by hand from the saved start.
    net = TwoLayerNet(2, 4, 1, seed=0)  # the CLI's --seed default
    xs, ts = xor()
    by_hand = sum(0.5 * (net(x)[0].data - t[0]) ** 2 for x, t in zip(xs, ts, strict=True)) / 4
    assert float(rows[1][1]) == pytest.approx(by_hand, rel=1e-15)
    assert float(rows[-1][1]) < float(rows[1][1])
    assert all(0.0 <= float(row[2]) <= 1.0 for row in rows[1:])


@needs_entry_points
def test_installed_demo_runs_as_a_user_would(cli):
    result = cli("demo")
    assert result.returncode == 0, result.stderr
    assert "largest difference" in result.stdout
    assert "exercise.svg" in result.stdout


@needs_entry_points
def test_installed_train_saves_and_reports_accuracy(cli):
    result = cli("train", "--steps", "200", "--backend", "numpy", "--save", "model.json")
    assert result.returncode == 0, result.stderr
    assert "accuracy" in result.stdout
    assert "saved model.json" in result.stdout


@needs_entry_points
def test_installed_train_usage_error_exits_2(cli):
    result = cli("train", "--steps", "-3")
    assert result.returncode == 2
    assert "--steps must be >= 1" in result.stderr


def test_train_plot_writes_the_loss_curve_and_the_boundary(main, capsys, tmp_path):
    assert main("train", "--steps", "30", "--plot", "pictures") == 0
    out = capsys.readouterr().out
    for name in ("loss.png", "boundary.png"):
        assert f"plot {tmp_path / 'pictures' / name}" in out or f"plot pictures/{name}" in out
        assert (tmp_path / "pictures" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_train_html_writes_the_training_page(html_run):
    status, out, folder = html_run
    assert status == 0  # out/ is made
    assert "page out/train.html" in out
    page = (folder / "out" / "train.html").read_text()
    assert page.startswith("<!DOCTYPE html>")
    data = json.loads(re.search(r'id="data">(.*?)</script>', page).group(1))
    assert len(data["snapshots"]) == 21  # 20 steps and the trained model: under 50, all kept


def test_train_html_writes_a_backward_page_per_sample_at_every_snapshot(html_run):
    status, out, folder = html_run
    assert status == 0
    assert "backward pages: 4 in out/train_backward (" in out
    assert "each at 21 of the 21 snapshots" in out
    written = sorted(p.name for p in (folder / "out" / "train_backward").iterdir())
    assert written == [f"sample{i}.html" for i in range(4)]
    page = (folder / "out" / "train.html").read_text()
    data = json.loads(re.search(r'id="data">(.*?)</script>', page).group(1))
    assert data["backward"]["folder"] == "train_backward"
    assert [(p["sample"], p["steps"]) for p in data["backward"]["pages"]] == [
        (k, list(range(21))) for k in range(4)
    ]


def test_train_backward_steps_chooses_the_snapshots_or_none(main, capsys, tmp_path):
    args = ["train", "--steps", "20", "--html", "t.html"]
    assert main(*args, "--backward-steps", "3,7") == 0
    assert "each at 2 of the 21 snapshots" in capsys.readouterr().out
    page = (tmp_path / "t.html").read_text()
    data = json.loads(re.search(r'id="data">(.*?)</script>', page).group(1))
    assert {tuple(p["steps"]) for p in data["backward"]["pages"]} == {(3, 7)}
    assert main(*args[:-1], "u.html", "--backward-steps", "none") == 0
    assert "backward pages" not in capsys.readouterr().out
    assert "none were written (--backward-steps none)" in (tmp_path / "u.html").read_text()
    assert not (tmp_path / "u_backward").exists()


def test_train_page_title_and_header_name_the_whole_run(main, tmp_path):
    args = ["--data", "moons", "--model", "mlp", "--sizes", "4,1", "--activation", "tanh"]
    html = ["--html", "t.html", "--backward-steps", "none"]  # the title is the training page's
    assert main("train", *args, "--optimizer", "adam", "--steps", "3", *html) == 0
    page = (tmp_path / "t.html").read_text()
    title = (
        "autograd_mini: training an MLP 2-4-1: moons, tanh units, l2 loss, adam lr 0.05, 3 steps"
    )
    assert f"<title>{title}</title>" in page
    assert f"<h1>{title}</h1>" in page


def test_train_help_gives_every_option_its_help_default_formula_and_backend_limits(
    cli_in_process,
):
    result = cli_in_process("train", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())  # argparse wraps lines
    options = re.findall(r"^  (--[a-z-]+)", result.stdout, flags=re.MULTILINE)
    assert options == [
        "--data", "--model", "--hidden", "--sizes", "--activation", "--backend", "--loss",
        "--optimizer", "--steps", "--lr", "--seed", "--save", "--history", "--plot", "--html",
        "--backward-steps",
    ]  # fmt: skip
    entries = re.split(r"^  (?=--[a-z])", result.stdout.split("options:")[1], flags=re.MULTILINE)
    assert len(entries[1:]) == len(options)
    for entry in entries[1:]:  # entries[0]: -h, which has no default
        assert "(default: " in " ".join(entry.split()), entry
    assert "l2 = 1/2 sum_k (y_k - t_k)^2" in text
    assert "squared = sum_k (y_k - t_k)^2" in text
    assert "mse = 1/K sum_k (y_k - t_k)^2 (the mean, as PyTorch's MSELoss)" in text
    assert "tape: " in text
    assert "not with cross_entropy" in text
    assert "only --model twolayer, --optimizer sgd, --loss l2 or squared" in text


@pytest.mark.slow
def test_train_says_why_relus_died_and_how_to_fix_it(main, capsys):
    args = ["--data", "moons", "--model", "mlp", "--loss", "cross_entropy", "--activation"]
    assert main("train", *args, "relu", "--sizes", "16,16,2", "--lr", "5", "--steps", "20") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("final loss 1.0444")  # the stuck loss
    assert re.fullmatch(
        r"step \d+: \d+ of 32 ReLU units output 0 on every sample .*\(dead ReLUs\).*"
        r"try --lr 0\.5, --optimizer adam or --activation tanh",
        out[2],
    )
