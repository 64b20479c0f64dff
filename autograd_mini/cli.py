"""The `autograd-mini` command: `grad` here; other subcommands come from entry points."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points

from autograd_mini.functional import grad
from autograd_mini.parse import ParseError, parse
from autograd_mini.value import Value, as_float

COMMANDS_GROUP = "autograd_mini.commands"
"""Entry-point group: each entry is `register(subparsers)` adding one subcommand (nn, viz)."""


class UsageError(Exception):
    """Bad command-line input: printed as one line, exit status 2."""


def parse_bindings(pairs: Sequence[str]) -> dict[str, Value]:
    """`["x=0.5", "w=-1"]` -> {"x": Value(0.5, "x"), ...}; UsageError on a malformed pair."""
    bindings: dict[str, Value] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise UsageError(f"binding {pair!r} is not NAME=NUMBER")
        if name in bindings:
            raise UsageError(f"name {name!r} is bound twice")
        try:
            number = as_float(float(text), f"binding {name}")
        except ValueError:
            raise UsageError(f"binding {name}={text!r}: not a finite number") from None
        bindings[name] = Value(number, name)
    return bindings


def build(expression: str, pairs: Sequence[str]) -> tuple[Value, dict[str, Value]]:
    """The graph of `expression` with the command line's bindings, and those bindings."""
    bindings = parse_bindings(pairs)
    return parse(expression, bindings), bindings


def add_expression_arguments(parser: argparse.ArgumentParser) -> None:
    """EXPR and NAME=NUMBER arguments, shared by the subcommands that take an expression."""
    parser.add_argument("expression", metavar="EXPR", help='e.g. "tanh(x*w + b)"')
    parser.add_argument("bindings", metavar="NAME=NUMBER", nargs="*", help="e.g. x=0.5")


def run_grad(args: argparse.Namespace) -> None:
    """Print the expression's value and its partial derivative by each bound name."""
    root, bindings = build(args.expression, args.bindings)
    grads = grad(root, list(bindings.values()))
    if args.json:
        partials = {name: g.data for name, g in zip(bindings, grads, strict=True)}
        print(json.dumps({"expression": args.expression, "value": root.data, "grad": partials}))
        return
    print(f"{args.expression} = {root.data!r}")
    for name, g in zip(bindings, grads, strict=True):
        print(f"  d/d{name} = {g.data!r}")


def make_parser() -> argparse.ArgumentParser:
    """The argument parser with `grad` and every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="autograd-mini",
        description="A scalar autodiff engine for learning and checking backpropagation.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    grad_parser = subparsers.add_parser(
        "grad",
        help='value and partial derivatives: autograd-mini grad "tanh(x*w + b)" x=0.5 w=-1 b=0.2',
    )
    add_expression_arguments(grad_parser)
    grad_parser.add_argument("--json", action="store_true", help="print JSON")
    grad_parser.set_defaults(run=run_grad)
    for entry in sorted(entry_points(group=COMMANDS_GROUP), key=lambda e: e.name):
        register: Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None] = (
            entry.load()
        )
        register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; errors print one line and return exit status 2."""
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        args.run(args)
    except (UsageError, ParseError, ValueError, TypeError, OSError) as error:
        print(f"autograd-mini {args.command}: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
