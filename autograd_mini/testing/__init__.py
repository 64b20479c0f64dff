"""Check your own derivatives against the engine's, with finite differences as the referee.

`assert_grad_matches` and `assert_hessian_matches` need only the standard library. The SymPy
oracle (`to_sympy`, `symbolic_grad`, `assert_matches_sympy`) and `strategies` (hypothesis)
are imported on first use, with a one-line error naming the extra to install if missing.
`assert_deltas_match` lives in `autograd_mini.nn.testing` (the engine's package never depends
on nn) and is re-exported here on first use.
"""

import importlib
from typing import Any

from autograd_mini.testing.grads import assert_grad_matches, assert_hessian_matches
from autograd_mini.testing.table import GradientMismatch, Report, Row

_SYMBOLIC = ("assert_matches_sympy", "symbolic_grad", "to_sympy")


def __getattr__(name: str) -> Any:
    """The SymPy oracle, `strategies` and `assert_deltas_match`, imported on first use."""
    if name in _SYMBOLIC:
        return getattr(importlib.import_module("autograd_mini.testing.symbolic"), name)
    if name == "strategies":  # import_module: `from . import strategies` would call this again
        return importlib.import_module("autograd_mini.testing.strategies")
    if name == "assert_deltas_match":
        # The one place the engine's package reaches into nn, on request only: a network's
        # deltas are nn's subject, and `import autograd_mini.testing` stays engine-only.
        from autograd_mini.nn.testing import assert_deltas_match  # noqa: TID251

        return assert_deltas_match
    raise AttributeError(f"module 'autograd_mini.testing' has no attribute {name!r}")


__all__ = [
    "GradientMismatch",
    "Report",
    "Row",
    "assert_deltas_match",
    "assert_grad_matches",
    "assert_hessian_matches",
    "assert_matches_sympy",
    "strategies",
    "symbolic_grad",
    "to_sympy",
]
