"""`autograd-mini demo` and `autograd-mini train`: in process, and through the installed command."""

import json
from importlib.metadata import EntryPoint, entry_points

import pytest

from autograd_mini import cli as cli_module
from autograd_mini.nn import MLP, TwoLayerNet

NN_COMMANDS = [
    EntryPoint("demo", "autograd_mini.nn.cli:register_demo", cli_module.COMMANDS_GROUP),
    EntryPoint("train", "autograd_mini.nn.cli:register_train", cli_module.COMMANDS_GROUP),
]
INSTALLED = {e.name for e in entry_points(group=cli_module.COMMANDS_GROUP)}
needs_entry_points = pytest.mark.skipif(
    not {"demo", "train"} <= INSTALLED,
    reason="demo/train entry points not installed (setup.cfg autograd_mini.commands)",
)


@pytest.fixture
def main(monkeypatch, tmp_path):
    """main(*args) -> exit status, with nn's commands registered even before setup.cfg has them."""
    installed = [
        e for e in entry_points(group=cli_module.COMMANDS_GROUP) if e.name not in {"demo", "train"}
    ]
    monkeypatch.setattr(cli_module, "entry_points", lambda group: [*installed, *NN_COMMANDS])
    monkeypatch.chdir(tmp_path)
    return lambda *args: cli_module.main(list(args))


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
    assert "accuracy 100.0% on 4 xor samples" in out
    net = TwoLayerNet(2, 4, 1)
    net.load(tmp_path / "m.json")
    assert net.state_dict() != TwoLayerNet(2, 4, 1).state_dict()


def test_train_mlp_on_moons_saves_an_mlp(main, capsys, tmp_path):
    args = ["train", "--data", "moons", "--model", "mlp", "--sizes", "3,1", "--steps", "5"]
    assert main(*args, "--activation", "tanh", "--save", "mlp.json") == 0
    assert "on 100 moons samples" in capsys.readouterr().out
    MLP(2, [3, 1]).load(tmp_path / "mlp.json")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--steps", "0"], "--steps must be >= 1"),
        (["--model", "mlp", "--sizes", "4,x"], "expected numbers like 8,8,1"),
        (["--model", "mlp", "--sizes", "4,2"], "the last one 1"),
        (["--model", "mlp", "--backend", "numpy"], "--backend numpy trains the TwoLayerNet only"),
        (["--hidden", "0"], "--hidden must be >= 1"),
        (["--lr", "-1"], "--lr must be a finite number > 0"),
        (["--lr", "nan"], "--lr must be a finite number > 0"),
    ],
)
def test_train_usage_errors_exit_2_with_one_line(main, capsys, args, message):
    assert main("train", *args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


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
