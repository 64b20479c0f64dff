"""Every output goes through the atomic writer; it refuses protected targets and names only
the file given. Run as root (as CI does), permission checks pass, so some tests act as `nobody`.
"""

import contextlib
import os
import pwd
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from test_files import file_size_limit

from autograd_mini import Value
from autograd_mini.files import write_atomically
from autograd_mini.nn import TwoLayerNet
from autograd_mini.nn.data import xor
from autograd_mini.nn.history import History

IS_ROOT = os.geteuid() == 0


def short_history(steps=3):
    xs, ts = xor()
    net = TwoLayerNet(2, 2, 1, seed=1)
    history = History(xs, ts, "l2", 1.0, steps, keep=True)
    for step in range(steps):
        history.record(step, 0.5 - 0.01 * step, net)
    history.finish(0.4, net)
    return history


def write_csv(history):
    return history.write_csv


def write_page(history):
    from autograd_mini.nn.training_page import write_page

    return lambda path: write_page(history, "TwoLayerNet", path)


def write_plot(history):
    from autograd_mini.nn.plots import plot_loss

    return lambda path: plot_loss(history, path)


def write_step_through(history):
    from autograd_mini.viz import step_through

    x = Value(1.0, "x")
    return step_through(x * x + history.losses[-1]).save  # laid out now, written later


WRITERS = {
    "history.csv": write_csv,
    "train.html": write_page,
    "loss.png": write_plot,
    "page.html": write_step_through,
}


@pytest.mark.parametrize("name", WRITERS)
def test_an_output_that_fails_midway_keeps_the_previous_file(name, tmp_path):
    path = tmp_path / name
    path.write_bytes(b"the previous file\n")
    write = WRITERS[name](short_history())
    with file_size_limit(10), pytest.raises(OSError, match=name.replace(".", r"\.")):
        write(path)
    assert path.read_bytes() == b"the previous file\n"
    assert os.listdir(tmp_path) == [name]  # no temporary file left behind


@pytest.mark.parametrize("name", WRITERS)
def test_an_output_interrupted_by_ctrl_c_keeps_the_previous_file(name, tmp_path, monkeypatch):
    path = tmp_path / name
    path.write_bytes(b"the previous file\n")
    write = WRITERS[name](short_history())

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write(path)
    assert path.read_bytes() == b"the previous file\n"
    assert os.listdir(tmp_path) == [name]


def limited_to(n_bytes):
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG, as a full disk, not a kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (n_bytes, n_bytes))

    return limit


@pytest.mark.slow
@pytest.mark.parametrize(
    ("options", "written"),
    [
        pytest.param(["--history", "h.csv"], "h.csv", id="--history"),
        # Each sample's backward page at one snapshot, not all 101: the same writes, in 0.7 s of
        # CPU instead of 9 s.
        pytest.param(["--html", "t.html", "--backward-steps", "0"], "t.html", id="--html"),
    ],
)
def test_train_under_a_file_size_limit_keeps_the_previous_output(options, written, tmp_path):
    (tmp_path / written).write_text("the previous file\n")
    result = subprocess.run(
        [sys.executable, "-m", "autograd_mini", "train", "--steps", "100", *options],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        preexec_fn=limited_to(1000),
    )
    assert result.returncode == 2
    last = result.stderr.strip().splitlines()[-1]
    assert last == f"autograd-mini train: error: [Errno 27] File too large: '{written}'"
    assert (tmp_path / written).read_text() == "the previous file\n"
    assert sorted(os.listdir(tmp_path)) == [written]


SAVES = {
    "model.json": lambda path: TwoLayerNet(2, 2, 1).save(path),
    "graph.dot": lambda path: __import__("autograd_mini.viz").viz.save(Value(1.0) * 2, path),
    "history.csv": lambda path: short_history().write_csv(path),
    "page.html": lambda path: write_step_through(short_history())(path),
}


@pytest.mark.parametrize("name", SAVES)
def test_a_write_protected_file_is_not_replaced(name, tmp_path):
    path = tmp_path / name
    path.write_text("protected\n")
    path.chmod(0o444)  # open() refuses it (root aside); rename needs only the folder's permission
    with pytest.raises(PermissionError, match="write-protected") as error:
        SAVES[name](path)
    assert error.value.filename == str(path)
    assert path.read_text() == "protected\n"
    assert os.listdir(tmp_path) == [name]


def test_the_graph_command_refuses_a_write_protected_file_before_drawing(tmp_path, capsys):
    from autograd_mini.cli import main

    path = tmp_path / "g.svg"
    path.write_text("protected\n")
    path.chmod(0o444)
    assert main(["graph", "x*2", "x=1", "-o", str(path)]) == 2
    assert "write-protected" in capsys.readouterr().err
    assert path.read_text() == "protected\n"


NOBODY = pwd.getpwnam("nobody")


@contextlib.contextmanager
def as_nobody():
    """Act as the user nobody for this block if we are root (CI is), else as ourselves."""
    if not IS_ROOT:
        yield
        return
    os.setegid(NOBODY.pw_gid)
    os.seteuid(NOBODY.pw_uid)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.fixture
def open_tmp():
    """A folder nobody can reach (pytest's tmp_path is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="atomic-"))
    folder.chmod(0o755)
    yield folder
    for inner in folder.rglob("*"):
        if inner.is_dir() and not inner.is_symlink():
            inner.chmod(0o755)
    shutil.rmtree(folder)


@pytest.mark.skipif(not IS_ROOT, reason="needs root to own a file that another user is denied")
def test_another_users_file_in_an_open_folder_is_not_replaced(open_tmp):
    open_tmp.chmod(0o777)  # nobody may create and rename here, so os.replace would succeed
    path = open_tmp / "model.json"
    path.write_text("root's file\n")
    path.chmod(0o644)  # nobody cannot open it for writing
    with as_nobody(), pytest.raises(PermissionError, match="write-protected"):
        write_atomically(path, "replaced\n")
    assert path.read_text() == "root's file\n"
    assert os.listdir(open_tmp) == ["model.json"]


@pytest.mark.skipif(not IS_ROOT, reason="needs root to make a link owned by another user")
def test_a_link_owned_by_another_user_in_a_sticky_shared_folder_is_not_followed(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # as /tmp: everyone writes, only owners delete
    victim = tmp_path / "precious.txt"
    victim.write_text("precious\n")
    link = shared / "out.dot"
    link.symlink_to(victim)
    os.lchown(link, NOBODY.pw_uid, NOBODY.pw_gid)  # planted by another user
    with pytest.raises(PermissionError, match="link owned by another user") as error:
        write_atomically(link, "replaced\n")
    assert error.value.filename == str(link)
    assert victim.read_text() == "precious\n"


def test_a_link_of_ones_own_is_followed(tmp_path):
    target = tmp_path / "real.dot"
    target.write_text("before\n")
    link = tmp_path / "link.dot"
    link.symlink_to(target)
    write_atomically(link, "after\n")
    assert link.is_symlink()
    assert target.read_text() == "after\n"


@pytest.mark.parametrize("length", [242, 250, 255])
def test_names_up_to_255_bytes_are_written(length, tmp_path):
    name = "é" * ((length - 4) // 2) + "a" * ((length - 4) % 2) + ".dot"  # 2-byte characters
    assert len(name.encode()) == length
    write_atomically(tmp_path / name, "digraph {}\n")
    assert os.listdir(tmp_path) == [name]
    assert (tmp_path / name).read_text() == "digraph {}\n"


def a_file_in_a_read_only_folder(open_tmp):
    folder = open_tmp / "folder"
    folder.mkdir()
    path = folder / "model.json"
    path.write_text("before\n")
    if IS_ROOT:  # nobody's file in nobody's folder
        os.chown(folder, NOBODY.pw_uid, NOBODY.pw_gid)
        os.chown(path, NOBODY.pw_uid, NOBODY.pw_gid)
    folder.chmod(0o555)  # no temporary file can be made beside it
    return path


def test_a_writable_file_in_a_read_only_folder_is_written_in_place(open_tmp):
    path = a_file_in_a_read_only_folder(open_tmp)
    with as_nobody():
        write_atomically(path, "after\n")
    assert path.read_text() == "after\n"
    assert os.listdir(path.parent) == ["model.json"]


def test_a_file_written_in_place_is_put_back_when_the_write_fails(open_tmp):
    path = a_file_in_a_read_only_folder(open_tmp)
    with as_nobody(), file_size_limit(100), pytest.raises(OSError, match="File too large") as error:
        write_atomically(path, "x" * 1000)
    assert error.value.filename == str(path)
    assert path.read_text() == "before\n"


@pytest.mark.parametrize("path", ["/proc/version", "/proc/no-such-file"])
def test_an_error_names_the_file_given_never_a_temporary_one(path):
    if not os.path.exists("/proc/version"):
        pytest.skip("no /proc here")
    with pytest.raises(OSError, match=r"^\[Errno") as error:
        write_atomically(path, "x")
    assert error.value.filename == path
    assert ".tmp" not in str(error.value)
