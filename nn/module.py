"""`Module`: named parameters, gradients cleared in one call, state saved and loaded."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from typing import Any

from autograd_mini import Value
from autograd_mini.errors import echo
from autograd_mini.nn.model_file import StateError, kind, read_model_file, write_model_file

Tensor = Value | list[Value] | list[list[Value]]
"""A parameter, a vector of them (a bias) or a matrix of them (weights, indexed [i][j])."""


class Module:
    """Base class: a subclass lists its tensors in `named_tensors()`; the rest follows from it."""

    def named_tensors(self) -> dict[str, Tensor]:
        """Each weight matrix or bias vector by name, e.g. {"hidden.w": [[...], ...], ...}."""
        raise NotImplementedError

    def forward(self, x: Sequence[Value | float]) -> list[Value]:
        """The outputs for one input vector `x`."""
        raise NotImplementedError

    def __call__(self, x: Sequence[Value | float]) -> list[Value]:
        """The same as `forward(x)`, as in PyTorch."""
        return self.forward(x)

    def named_parameters(self) -> list[tuple[str, Value]]:
        """Every parameter with a stable, readable name such as `hidden.w[0][1]`, in fixed order."""
        return [
            pair for key, tensor in self.named_tensors().items() for pair in flatten(key, tensor)
        ]

    def parameters(self) -> list[Value]:
        """Every parameter, in the order of `named_parameters()`."""
        return [p for _, p in self.named_parameters()]

    def zero_grad(self) -> None:
        """Set `.grad` to 0 on every parameter (backward adds into `.grad`, as in PyTorch)."""
        for p in self.parameters():
            p.grad = 0.0

    def state_dict(self) -> dict[str, Any]:
        """The parameters' numbers as nested lists of floats, keyed like `named_tensors()`."""
        return {key: to_floats(tensor) for key, tensor in self.named_tensors().items()}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Copy numbers from `state` into the parameters; StateError leaves the model unchanged."""
        if not isinstance(state, Mapping):
            raise StateError(f"state: expected a mapping of names to numbers, got {kind(state)}")
        tensors = self.named_tensors()
        for key in state:
            if key not in tensors:
                raise StateError(
                    f"unexpected key {echo(key)} (this model has {', '.join(tensors)})"
                )
        for key in tensors:
            if key not in state:
                raise StateError(f"missing key {key!r}")
        # Check everything before touching a parameter, so a refused state changes nothing.
        updates = [u for key, tensor in tensors.items() for u in checked(key, tensor, state[key])]
        for parameter, number in updates:
            parameter.data = number

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the model file (see model_file.py); a failed write keeps the previous file."""
        write_model_file(path, type(self).__name__, self.state_dict())

    def load(self, path: str | os.PathLike[str]) -> None:
        """Read a file written by `save`; StateError (naming the key) leaves the model unchanged."""
        document = read_model_file(path)
        if document["model"] != type(self).__name__:
            raise StateError(
                f"model: the file holds a {echo(document['model'])}, not a {type(self).__name__!r}"
            )
        self.load_state_dict(document["state"])


def parameter_groups(module: Module) -> dict[Value, str]:
    """Each parameter -> its layer's name (`hidden.w[0][1]` -> "hidden"), for viz's `groups`."""
    return {p: name.split(".")[0] for name, p in module.named_parameters()}


def label_parameters(module: Module) -> None:
    """Label every parameter with its name, so drawings and error messages show `hidden.w[0][1]`."""
    for name, p in module.named_parameters():
        p.label = name


def flatten(key: str, tensor: Any) -> list[tuple[str, Any]]:
    """(`key[i][j]`, entry) for every entry of nested lists (of Values or of floats), row by row."""
    if not isinstance(tensor, list):
        return [(key, tensor)]
    return [pair for i, entry in enumerate(tensor) for pair in flatten(f"{key}[{i}]", entry)]


def to_floats(tensor: Tensor) -> Any:
    """The tensor's `.data` with the same nesting."""
    if isinstance(tensor, Value):
        return tensor.data
    return [to_floats(entry) for entry in tensor]


def checked(key: str, tensor: Tensor, given: Any) -> list[tuple[Value, float]]:
    """(parameter, new number) pairs if `given` has the tensor's shape and finite numbers."""
    if isinstance(tensor, Value):
        if isinstance(given, bool) or not isinstance(given, int | float):
            raise StateError(f"{key}: expected a number, got {kind(given)}")
        try:
            number = float(given)
        except OverflowError:
            raise StateError(
                f"{key}: an integer of {len(str(given))} digits does not fit in a float"
            ) from None
        if not math.isfinite(number):
            raise StateError(f"{key}: expected a finite number, got {number!r}")
        return [(tensor, number)]
    if not isinstance(given, list) or len(given) != len(tensor):
        raise StateError(f"{key}: expected a list of {len(tensor)} entries, got {kind(given)}")
    entries: Sequence[Tensor] = tensor  # a vector's entries are Values, a matrix's are vectors
    return [u for i, entry in enumerate(entries) for u in checked(f"{key}[{i}]", entry, given[i])]
