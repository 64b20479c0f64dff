"""Files we write are replaced whole or not at all; model files are read with a bound."""

import contextlib
import json
import os
import resource
import signal
import subprocess
import sys

import pytest

from autograd_mini import Value
from autograd_mini.nn import MLP, StateError, TwoLayerNet, model_file


@contextlib.contextmanager
def file_size_limit(n_bytes):
    """Writes past `n_bytes` fail with EFBIG (an OSError), as on a full disk, for this block."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the process is killed
    resource.setrlimit(resource.RLIMIT_FSIZE, (n_bytes, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, handler)


def deep_graph(n):
    x = Value(0.5, "x")
    y = x
    for _ in range(n):
        y = (y * 1.0001).tanh()
    return y


def test_a_failed_module_save_keeps_the_previous_file(tmp_path):
    path = tmp_path / "model.json"
    TwoLayerNet(2, 2, 1, seed=1).save(path)
    before = path.read_bytes()
    big = MLP(20, [20, 1], seed=2)  # about 10 kB as JSON
    with file_size_limit(len(before) + 100), pytest.raises(OSError, match=r"model\.json"):
        big.save(path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["model.json"]  # no temporary file left behind


def test_a_failed_viz_save_keeps_the_previous_file(tmp_path):
    from autograd_mini.viz import save

    path = tmp_path / "graph.dot"
    save(deep_graph(2), path)
    before = path.read_bytes()
    with file_size_limit(len(before) + 100), pytest.raises(OSError, match=r"graph\.dot"):
        save(deep_graph(200), path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["graph.dot"]


def test_a_failed_graph_command_keeps_the_previous_file(tmp_path, capsys):
    from autograd_mini.cli import main

    path = tmp_path / "graph.dot"
    assert main(["graph", "x*y", "x=1", "y=2", "-o", str(path)]) == 0
    before = path.read_bytes()
    long_expression = "+".join(f"tanh(x*{i})" for i in range(100))
    with file_size_limit(len(before) + 100):
        status = main(["graph", long_expression, "x=1", "-o", str(path)])
    assert status == 2
    assert "graph.dot" in capsys.readouterr().err  # names the file it could not write
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["graph.dot"]


def test_a_save_interrupted_by_ctrl_c_keeps_the_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "model.json"
    TwoLayerNet(2, 2, 1, seed=1).save(path)
    before = path.read_bytes()

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        TwoLayerNet(2, 2, 1, seed=2).save(path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["model.json"]


def test_save_keeps_the_usual_permissions(tmp_path):
    path = tmp_path / "model.json"
    TwoLayerNet(2, 2, 1).save(path)
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


LOAD_IN_A_CHILD = """
import sys
from autograd_mini.nn import TwoLayerNet
TwoLayerNet(2, 2, 1).load(sys.argv[1])
"""


def load_in_a_child(path, tmp_path):
    """Load in a child process, with memory and time bounded: an unbounded read must not hang
    or exhaust this machine."""

    def limit_memory():
        resource.setrlimit(resource.RLIMIT_AS, (2_000_000_000, 2_000_000_000))

    return subprocess.run(
        [sys.executable, "-c", LOAD_IN_A_CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        preexec_fn=limit_memory,
    )


@pytest.mark.parametrize("kind", ["/dev/zero", "fifo", "folder"])
def test_load_refuses_what_is_not_a_regular_file(kind, tmp_path):
    if kind == "fifo":
        path = tmp_path / "model.json"
        os.mkfifo(path)  # opening it would wait for a writer forever
    elif kind == "folder":
        path = tmp_path
    else:
        path = kind
    result = load_in_a_child(path, tmp_path)
    assert result.returncode == 1
    assert "StateError" in result.stderr
    assert "not a regular file" in result.stderr


def test_load_reads_at_most_the_limit_plus_one_byte(tmp_path, monkeypatch):
    # /proc files are regular files whose stat size is 0, whatever they hold.
    path = "/proc/self/maps"
    if not os.path.exists(path):
        pytest.skip("no /proc here")
    assert os.path.getsize(path) == 0
    monkeypatch.setattr(model_file, "MAX_FILE_BYTES", 100)
    net = TwoLayerNet(2, 2, 1)
    before = net.state_dict()
    with pytest.raises(StateError, match="more than the 100 bytes allowed"):
        net.load(path)
    assert net.state_dict() == before


def test_a_file_exactly_at_the_limit_loads(tmp_path, monkeypatch):
    path = tmp_path / "model.json"
    TwoLayerNet(2, 2, 1, seed=3).save(path)
    monkeypatch.setattr(model_file, "MAX_FILE_BYTES", path.stat().st_size)
    net = TwoLayerNet(2, 2, 1)
    net.load(path)
    assert net.state_dict() == json.loads(path.read_text())["state"]
