"""Optional dependencies, imported on first use with a one-line error naming the extra."""

from __future__ import annotations

import importlib
from types import ModuleType

EXTRAS = {"sympy": "sympy", "hypothesis": "hypothesis"}
"""The setup.cfg extra that installs each optional module (both are also in `test`)."""


def require(module: str, feature: str) -> ModuleType:
    """`import module`, or ImportError: "<feature> needs <module>: pip install '...[extra]'"."""
    top = module.split(".")[0]
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(
            f"{feature} needs {top}, which is not installed:"
            f" pip install 'autograd-mini[{EXTRAS[top]}]'"
        ) from None
