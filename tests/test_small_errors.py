"""The smaller trust items: bounded echoes, clear unpickling errors, tidy overflow messages,
output failures that exit non-zero, and printed paths without raw control characters."""

import json
import os
import pickle
import subprocess
import sys

import pytest

from autograd_mini import DomainError, Value
from autograd_mini.nn import StateError, TwoLayerNet, model_file

HUGE = 1_000_000  # characters: a multi-megabyte key, label or value


def test_a_huge_label_is_cut_in_an_error_saying_how_long_it_was():
    with pytest.raises(DomainError) as error:
        Value(-2.0, "x" * HUGE).log()
    message = str(error.value)
    assert len(message) < 200
    assert f"... ({HUGE} characters)" in message
    assert message.startswith("log: operand must be > 0, got -2.0 (Value 'xxxx")


def test_a_huge_non_number_is_cut_in_an_error_saying_how_long_it_was():
    with pytest.raises(TypeError) as error:
        Value("1" * HUGE)
    assert len(str(error.value)) < 200
    assert str(error.value).endswith(f"... ({HUGE} characters)")


def model_document(net, **changes):
    document = {"format": model_file.FILE_FORMAT, "version": 1, "model": "TwoLayerNet"}
    document["state"] = net.state_dict()
    document.update(changes)
    return document


@pytest.mark.parametrize("where", ["state key", "top-level key", "model name", "value"])
def test_a_model_file_with_a_huge_key_or_value_is_refused_in_a_short_message(where, tmp_path):
    net = TwoLayerNet(2, 2, 1)
    document = model_document(net)
    huge = "k" * HUGE
    if where == "state key":
        document["state"][huge] = 1.0
    elif where == "top-level key":
        document[huge] = 1
    elif where == "model name":
        document["model"] = huge
    else:
        document["state"]["hidden.b1"][0] = huge
    path = tmp_path / "model.json"
    path.write_text(json.dumps(document))
    with pytest.raises(StateError) as error:
        net.load(path)
    message = str(error.value)
    assert len(message) < 300 + len(str(path))
    assert f"({HUGE} characters)" in message


def test_unpickling_a_graph_with_an_op_this_process_lacks_is_a_clear_error():
    data = pickle.dumps(Value(0.5, "x").exp())
    assert data.count(b"exp") == 1
    renamed = data.replace(b"exp", b"exq")  # as if pickled where OPS had an op "exq"
    with pytest.raises(ValueError, match=r"uses the op 'exq', which this process's OPS lacks"):
        pickle.loads(renamed)


@pytest.mark.parametrize("make", [lambda: Value(10.0) ** 1000, lambda: Value(1000.0).exp()])
def test_an_overflow_message_has_no_doubled_parentheses(make):
    with pytest.raises(DomainError) as error:
        make()
    message = str(error.value)
    assert "((" not in message
    assert "))" not in message
    assert message.count("(") == message.count(")")


def run_cli(*args, **options):
    """`autograd-mini ARGS` in a child process (a shell's redirections as `options`)."""
    return subprocess.run(
        [sys.executable, "-m", "autograd_mini", *args],
        capture_output="stdout" not in options,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        cwd="/",
        **options,
    )


def close_stdout():
    os.close(1)


@pytest.mark.slow
def test_grad_with_stdout_closed_exits_non_zero():
    result = run_cli("grad", "x*y", "x=2", "y=3", stdout=None, preexec_fn=close_stdout)
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1
    assert "autograd-mini grad: error:" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("args", [["--help"], ["grad", "x*y", "x=2", "y=3"], ["grad", "--help"]])
def test_output_to_a_full_device_exits_non_zero(args):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        result = run_cli(*args, stdout=full)
    assert result.returncode != 0
    assert "No space left on device" in result.stderr
    assert result.stderr.count("\n") == 1


ESCAPE = "\x1b[31m"  # a terminal control sequence: red text


def test_graph_escapes_control_characters_in_the_wrote_line(tmp_path, capsys):
    from autograd_mini.cli import main

    path = tmp_path / f"a{ESCAPE}b.dot"
    assert main(["graph", "x*2", "x=1", "-o", str(path)]) == 0
    printed = capsys.readouterr().out
    assert "\x1b" not in printed
    assert printed == f"wrote {tmp_path}/a\\x1b[31mb.dot (no layout needed)\n"
    assert path.exists()


def test_train_escapes_control_characters_in_the_saved_lines(tmp_path, capsys, monkeypatch):
    from autograd_mini.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["train", "--steps", "2", "--save", f"m{ESCAPE}.json", "--history", "h\r.csv"]) == 0
    printed = capsys.readouterr().out
    assert "\x1b" not in printed
    assert "\r" not in printed
    assert "saved m\\x1b[31m.json\n" in printed
    assert "history h\\r.csv\n" in printed
