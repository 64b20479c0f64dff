"""`Module`: parameters found from attributes, gradients cleared in one call, state saved."""

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

_WALKING: set[int] = set()  # ids of the modules whose attributes are being read (cycles stop)


class Module:
    """Base class, as PyTorch's: parameters are found from the attributes, with no method to write.

    An attribute holding a Value, a list (of lists) of Values, a Module, or a list or dict of
    Modules is found, in the order the attributes were set, and named by its path
    (`layers[0].w[1]`, `blocks.enc.b`). `forward` computes the outputs; calling the module
    calls it. A subclass may instead list its tensors itself in `named_tensors()`.
    """

    def named_tensors(self) -> dict[str, Tensor]:
        """Each weight matrix, bias vector or single parameter by name, e.g. {"fc.w": [[...]]}."""
        if id(self) in _WALKING:
            return {}
        _WALKING.add(id(self))
        try:
            tensors: dict[str, Tensor] = {}
            for name, value in vars(self).items():
                tensors.update(found(name, value))
            return tensors
        finally:
            _WALKING.discard(id(self))

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """The outputs for one input (a subclass defines it)."""
        raise NotImplementedError(
            f"{type(self).__name__}.forward: define forward(self, x) in the subclass, as in PyTorch"
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """The same as `forward(...)`, as in PyTorch; a list of outputs comes as `Outputs`."""
        out = self.forward(*args, **kwargs)
        return Outputs(out) if type(out) is list else out

    def extra_repr(self) -> str:
        """This module in a line, such as "n_in=2, n_out=3" (PyTorch's hook); "" lists its parts."""
        return ""

    def __repr__(self) -> str:
        extra = self.extra_repr()
        if extra:
            return f"{type(self).__name__}({extra})"
        parts = [(f"({name})", part(value)) for name, value in vars(self).items()]
        return bracketed(f"{type(self).__name__}(", [(n, text) for n, text in parts if text], ")")

    def named_parameters(self) -> list[tuple[str, Value]]:
        """Every parameter with a stable, readable name such as `hidden.w[0][1]`, in fixed order.

        A parameter reached twice (a weight shared by two layers) comes once, by its first name.
        """
        unique: dict[int, tuple[str, Value]] = {}  # by id: the first name of each parameter
        for key, tensor in self.named_tensors().items():
            for name, p in flatten(key, tensor):
                unique.setdefault(id(p), (name, p))
        return list(unique.values())

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


class Outputs(list[Value]):
    """A Module's outputs, one per unit: a list, whose arithmetic with a number says what to do.

    micrograd's MLP gives one Value for one output, so its lecture's `(out - t)**2` meets a list
    here, and Python's own error does not say why. Lists still add to lists, and repeat by ints.
    """

    def refuse(self, what: str) -> TypeError:
        """The one-line error for `what` done to these outputs as if they were one Value."""
        return TypeError(f"{what}: {self.why()}")

    def why(self) -> str:
        """What these outputs are and what to write instead."""
        return (
            f"a Module's output is a list of {len(self)} Values, one per unit, not a Value: take"
            " out[0], or for micrograd's MLP (one Value for one output) import it from"
            " autograd_mini.nn.micrograd"
        )

    def __add__(self, other: Any) -> Any:
        if isinstance(other, list):
            return super().__add__(other)
        raise self.refuse(f"outputs + {type(other).__name__}")

    def __radd__(self, other: Any) -> Any:
        raise self.refuse(f"{type(other).__name__} + outputs")

    def __sub__(self, other: Any) -> Any:
        raise self.refuse(f"outputs - {type(other).__name__}")

    def __rsub__(self, other: Any) -> Any:
        raise self.refuse(f"{type(other).__name__} - outputs")

    def __mul__(self, other: Any) -> Any:
        if type(other) is int:
            return super().__mul__(other)
        raise self.refuse(f"outputs * {type(other).__name__}")

    def __rmul__(self, other: Any) -> Any:
        if type(other) is int:
            return super().__rmul__(other)
        raise self.refuse(f"{type(other).__name__} * outputs")

    def __truediv__(self, other: Any) -> Any:
        raise self.refuse(f"outputs / {type(other).__name__}")

    def __pow__(self, other: Any) -> Any:
        raise self.refuse(f"outputs ** {type(other).__name__}")

    def __neg__(self) -> Any:
        raise self.refuse("-outputs")

    def __getattr__(self, name: str) -> Any:
        if not name.startswith("_") and hasattr(Value, name):  # out.backward(), out.data
            raise AttributeError(f"outputs.{name}: {self.why()}")
        raise AttributeError(f"'Outputs' object has no attribute {name!r}")


def found(name: str, value: Any) -> dict[str, Tensor]:
    """The tensors an attribute `name` holds: a Value, lists of them, Modules, lists or dicts."""
    if isinstance(value, Value):
        return {} if value.is_constant else {name: value}
    if isinstance(value, Module):
        return {f"{name}.{key}": t for key, t in value.named_tensors().items()}
    if isinstance(value, Mapping):
        entries = [(f"{name}.{key}", entry) for key, entry in value.items()]
    elif isinstance(value, list | tuple) and value and all(is_tensor(x) for x in value):
        tensor: Any = [x if isinstance(x, Value) else list(x) for x in value]  # a vector or matrix
        return {name: tensor}
    elif isinstance(value, list | tuple):
        entries = [(f"{name}[{i}]", entry) for i, entry in enumerate(value)]
        if not all(isinstance(x, Module | Mapping | list | tuple) for x in value):
            if any(isinstance(x, Value | Module) for x in value):
                raise TypeError(f"Module: attribute {name!r} mixes Values or Modules with others")
            return {}  # a list of numbers or names: settings, not parameters
    else:
        return {}
    return {key: t for path, entry in entries for key, t in found(path, entry).items()}


def is_tensor(x: Any) -> bool:
    """A Value, or a non-empty list or tuple of Values or of such lists (a vector, a matrix)."""
    if isinstance(x, Value):
        return not x.is_constant
    return isinstance(x, list | tuple) and bool(x) and all(is_tensor(entry) for entry in x)


def part(value: Any) -> str:
    """How `repr` shows an attribute ("" for none): Modules (repeated ones once), tensor sizes."""
    if isinstance(value, Module):
        return repr(value)
    if is_tensor(value):
        if isinstance(value, Value):
            return f"Value({value.data!r})"
        inner = f" x {len(value[0])}" if not isinstance(value[0], Value) else ""
        return f"{len(value)}{inner} Values"
    if isinstance(value, Mapping) and value and all(isinstance(v, Module) for v in value.values()):
        return bracketed("{", [(f"({k})", repr(v)) for k, v in value.items()], "}")
    if isinstance(value, list | tuple) and value and all(isinstance(v, Module) for v in value):
        shown = [repr(entry) for entry in value]
        if len(set(shown)) == 1:
            return f"{len(shown)} x {shown[0]}"
        return bracketed("[", [(f"({i})", text) for i, text in enumerate(shown)], "]")
    return ""


def bracketed(start: str, parts: list[tuple[str, str]], end: str) -> str:
    """PyTorch's layout: `start`, then each "(name): text" indented on its own line, `end`."""
    if not parts:
        return start + end
    lines = "".join(f"\n{name}: {text}" for name, text in parts).replace("\n", "\n  ")
    return f"{start}{lines}\n{end}"
