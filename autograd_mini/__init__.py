"""autograd_mini: a scalar reverse-mode autodiff engine for learning backpropagation."""

from autograd_mini.collector import gc_paused
from autograd_mini.compiler import Compiled, compile
from autograd_mini.errors import DomainError
from autograd_mini.functional import grad, hessian, jacobian, value_and_grad
from autograd_mini.gradcheck import GradcheckResult, gradcheck
from autograd_mini.graph import topological_order
from autograd_mini.ops import OPS, Op
from autograd_mini.parse import ParseError, parse
from autograd_mini.recording import enable_grad, is_grad_enabled, no_grad
from autograd_mini.value import Constant, Value, apply

__all__ = [
    "OPS",
    "Compiled",
    "Constant",
    "DomainError",
    "GradcheckResult",
    "Op",
    "ParseError",
    "Value",
    "apply",
    "compile",
    "enable_grad",
    "gc_paused",
    "grad",
    "gradcheck",
    "hessian",
    "is_grad_enabled",
    "jacobian",
    "no_grad",
    "parse",
    "topological_order",
    "value_and_grad",
]
__version__ = "0.1.0"
