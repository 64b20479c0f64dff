"""Graphviz compiled to WebAssembly is cached per user: loaded when it is this very build,
compiled again (and the cache rewritten) when the file is stale, changed or broken."""

import hashlib
import threading

import pytest

wasmtime = pytest.importorskip("wasmtime")
from autograd_mini.viz import wasm  # noqa: E402 (after the skip: wasmtime is optional)

pytestmark = pytest.mark.slow  # compiles Graphviz (1-2 s of CPU) in most tests


def lays_out(backend):
    svg = backend.layout("digraph { a -> b }", threading.Event()).decode()
    assert "<title>a&#45;&gt;b</title>" in svg  # Graphviz drew the edge a -> b


def cache_file(folder):
    [path] = (folder / "autograd_mini").glob("graphviz-*.cwasm")
    return path


def has_its_digest(content):
    return hashlib.sha256(content[32:]).digest() == content[:32]


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    """A cache folder where the first backend of a process compiled Graphviz and cached it."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        lays_out(wasm.StoppableBackend())
    return folder


def test_a_second_backend_loads_what_the_first_compiled(first, monkeypatch):
    assert has_its_digest(cache_file(first).read_bytes())
    monkeypatch.setenv("XDG_CACHE_HOME", str(first))

    def compile_(*args, **kwargs):
        raise AssertionError("Graphviz was compiled again")

    monkeypatch.setattr(wasmtime.Module, "__init__", compile_)
    lays_out(wasm.StoppableBackend())


def other_configuration():
    """Graphviz compiled without epoch interruption: what another build of ours would cache."""
    compiled = wasmtime.Module.from_file(wasmtime.Engine(), str(wasm.PACKAGE_WASM_PATH)).serialize()
    return hashlib.sha256(compiled).digest() + compiled


@pytest.mark.parametrize(
    "damage",
    [
        lambda content: content[:100] + bytes([content[100] ^ 1]) + content[101:],
        lambda content: hashlib.sha256(b"not compiled code").digest() + b"not compiled code",
        lambda content: other_configuration(),
    ],
    ids=["one bit changed", "right digest, not code", "another configuration"],
)
def test_a_changed_or_stale_cache_file_is_compiled_again_and_rewritten(
    first, damage, tmp_path, monkeypatch
):
    damaged = damage(cache_file(first).read_bytes())
    path = tmp_path / "autograd_mini" / cache_file(first).name
    path.parent.mkdir()
    path.write_bytes(damaged)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    lays_out(wasm.StoppableBackend())
    rewritten = path.read_bytes()
    assert has_its_digest(rewritten)
    assert rewritten != damaged


def test_a_cache_that_cannot_be_written_only_costs_the_compile(tmp_path, monkeypatch):
    (tmp_path / "a file").write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a file"))
    lays_out(wasm.StoppableBackend())
