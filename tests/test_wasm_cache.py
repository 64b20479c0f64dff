"""Graphviz compiled to WebAssembly is cached per user: loaded when it is this very build,
compiled again (and the cache rewritten) when the file is stale, changed or broken."""

import hashlib
import threading

import pytest

wasmtime = pytest.importorskip("wasmtime")
from autograd_mini.viz import wasm  # noqa: E402 (after the skip: wasmtime is optional)

# A module that compiles in milliseconds, for the cache's failure cases (Graphviz takes 1-2 s).
TINY = '(module (func (export "answer") (result i32) i32.const 42))'


def lays_out(backend):
    svg = backend.layout("digraph { a -> b }", threading.Event()).decode()
    assert "<title>a&#45;&gt;b</title>" in svg  # Graphviz drew the edge a -> b


def cached_files(folder):
    return list((folder / "autograd_mini").glob("graphviz-*.cwasm"))


def has_its_digest(content):
    return hashlib.sha256(content[32:]).digest() == content[:32]


@pytest.mark.slow  # compiles Graphviz once
def test_a_second_backend_loads_what_the_first_compiled(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    lays_out(wasm.StoppableBackend())
    [cached] = cached_files(tmp_path)
    assert has_its_digest(cached.read_bytes())

    def compile_(*args, **kwargs):
        raise AssertionError("Graphviz was compiled again")

    monkeypatch.setattr(wasmtime.Module, "__init__", compile_)
    lays_out(wasm.StoppableBackend())


def engine():
    config = wasmtime.Config()
    config.epoch_interruption = True  # as StoppableBackend's
    return wasmtime.Engine(config)


def answer(engine, module):
    """What the tiny module's function returns, run from `module` compiled for `engine`."""
    store = wasmtime.Store(engine)
    store.set_epoch_deadline(1)
    return wasmtime.Instance(store, module, []).exports(store)["answer"](store)


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    """The tiny module's file, with the cache folder in tmp_path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = tmp_path / "tiny.wasm"
    path.write_bytes(wasmtime.wat2wasm(TINY))
    return path


def other_configuration(wasm_path):
    """The module compiled without epoch interruption (another build's cache), digest right."""
    compiled = bytes(wasmtime.Module(wasmtime.Engine(), wasm_path.read_bytes()).serialize())
    return hashlib.sha256(compiled).digest() + compiled


@pytest.mark.parametrize(
    "damage",
    [
        # wasmtime loads this one (it checks headers, not code): only the digest catches it
        lambda content, path: content[:-1] + bytes([content[-1] ^ 1]),
        lambda content, path: hashlib.sha256(b"not compiled code").digest() + b"not compiled code",
        lambda content, path: other_configuration(path),
    ],
    ids=["last bit changed", "right digest, not code", "another configuration"],
)
def test_a_changed_or_stale_cache_file_is_compiled_again_and_rewritten(tiny, tmp_path, damage):
    wasm.compiled_graphviz(engine(), tiny)
    [cached] = cached_files(tmp_path)
    damaged = damage(cached.read_bytes(), tiny)
    cached.write_bytes(damaged)
    again = engine()
    assert answer(again, wasm.compiled_graphviz(again, tiny)) == 42
    rewritten = cached.read_bytes()
    assert has_its_digest(rewritten)
    assert rewritten != damaged


def test_a_cache_that_cannot_be_written_only_costs_the_compile(tiny, tmp_path, monkeypatch):
    (tmp_path / "a file").write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a file"))
    again = engine()
    assert answer(again, wasm.compiled_graphviz(again, tiny)) == 42
