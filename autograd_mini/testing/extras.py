"""Optional dependencies, imported on first use with a one-line error naming the extra."""

from __future__ import annotations

import importlib
from types import ModuleType

EXTRAS = {"sympy": "sympy", "hypothesis": "hypothesis"}
"""The setup.cfg extra that installs each optional module (both are also in `test`)."""


def require(module: str, feature: str) -> ModuleType:
    """`import module`, or a one-line ImportError naming the package and the extra."""
    top = module.split(".")[0]
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(
            f"{feature} needs {top}, which is not installed: pip install {top}, or the"
            f" extra [{EXTRAS[top]}] (pip install '.[{EXTRAS[top]}]' in a clone)"
        ) from None
