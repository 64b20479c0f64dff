"""The `autograd-mini` command: `grad` here; other subcommands come from entry points."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points
from typing import Any, NoReturn, cast

from autograd_mini.functional import grad
from autograd_mini.parse import ParseError, normalise_name
from autograd_mini.statements import parse_statements
from autograd_mini.value import Value, as_float

COMMANDS_GROUP = "autograd_mini.commands"
"""Entry-point group: each entry is `register(subparsers)` adding one subcommand (nn, viz)."""
MAX_ECHO = 60
"""Characters of the user's own text that an error message repeats."""


class UsageError(Exception):
    """Bad command-line input: printed as one line, exit status 2."""


class InternalError(Exception):
    """A failure that is not the user's input: printed as one line, exit status 1."""

    def __init__(self, what: str, cause: BaseException) -> None:
        super().__init__(f"{what}: {type(cause).__name__}: {cause}")


class ArgumentParser(argparse.ArgumentParser):
    """argparse with one-line errors, and an expression argument that may start with a minus."""

    takes_expression = False

    def error(self, message: str) -> NoReturn:
        """Print one line, `PROG: error: MESSAGE (see PROG --help)`, and exit with status 2."""
        print(f"{self.prog}: error: {one_line(message)} (see {self.prog} --help)", file=sys.stderr)
        sys.exit(2)

    def _parse_optional(self, arg_string: str) -> Any:
        # argparse reads "-x*y" as an unknown option. In a command that takes an expression,
        # a word starting with one minus is an option only when it is one exactly ("-o").
        if (
            self.takes_expression
            and arg_string[:1] == "-"
            and arg_string[:2] != "--"
            and arg_string not in self._option_string_actions
        ):
            return None  # a positional argument
        return super()._parse_optional(arg_string)


def one_line(text: str, limit: int = 300) -> str:
    """`text` as one printable line of at most `limit` characters (messages go to a terminal)."""
    text = " ".join(text.split())
    text = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


def shown(text: str) -> str:
    """The user's text for a message: its repr, cut to MAX_ECHO characters."""
    if len(text) <= MAX_ECHO:
        return repr(text)
    return f"{text[:MAX_ECHO]!r}... ({len(text)} characters)"


def parse_bindings(pairs: Sequence[str]) -> dict[str, Value]:
    """`["x=0.5", "w=-1"]` -> {"x": Value(0.5, "x"), ...}; UsageError on a malformed pair.

    Names are NFKC-normalised as Python reads them (full-width x, U+FF58, is x), like the
    expression's names.
    """
    bindings: dict[str, Value] = {}
    for pair in pairs:
        raw, sep, text = pair.partition("=")
        name = normalise_name(raw.strip())
        if not sep or not name.isidentifier():
            raise UsageError(f"binding {shown(pair)} is not NAME=NUMBER")
        if name in bindings:
            raise UsageError(f"name {name!r} is bound twice ({shown(pair)})")
        try:
            number = as_float(float(text), f"binding {name}")
        except ValueError:
            raise UsageError(f"binding {name}={shown(text)}: not a finite number") from None
        bindings[name] = Value(number, name)
    return bindings


def build(expression: str, pairs: Sequence[str]) -> tuple[Value, dict[str, Value]]:
    """The graph of `expression` with the command line's bindings, and those bindings."""
    bindings = parse_bindings(pairs)
    return parse_statements(expression, bindings), bindings


def without_comment(expression: str) -> str:
    """A parsed expression as it is echoed back: its comment dropped, whitespace made single.

    The parser allows no strings, so every # starts a comment, which runs to the line's end.
    """
    return " ".join(re.sub(r"#[^\r\n]*", "", expression).split())


def add_expression_arguments(parser: argparse.ArgumentParser) -> None:
    """EXPR and NAME=NUMBER arguments, shared by the subcommands that take an expression."""
    if isinstance(parser, ArgumentParser):
        parser.takes_expression = True
    parser.add_argument(
        "expression",
        metavar="EXPR",
        help='e.g. "tanh(x*w + b)", or with names: "h = tanh(x*w + b); y = h*h + h"',
    )
    parser.add_argument("bindings", metavar="NAME=NUMBER", nargs="*", help="e.g. x=0.5")


def int_at_least(low: int) -> Callable[[str], int]:
    """An argparse type: a whole number >= `low` (argparse names the option in its error)."""

    def convert(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected a whole number, got {shown(text)}"
            ) from None
        if number < low:
            raise argparse.ArgumentTypeError(f"must be >= {low}, got {number}")
        return number

    return convert


def run_grad(args: argparse.Namespace) -> None:
    """Print the expression's value and its partial derivative by each bound name."""
    root, bindings = build(args.expression, args.bindings)
    grads = grad(root, list(bindings.values()))
    expression = without_comment(args.expression)
    if args.json:
        partials = {name: g.data for name, g in zip(bindings, grads, strict=True)}
        print(json.dumps({"expression": expression, "value": root.data, "grad": partials}))
        return
    print(f"{expression} = {root.data!r}")
    for name, g in zip(bindings, grads, strict=True):
        print(f"  d/d{name} = {g.data!r}")


def make_parser() -> argparse.ArgumentParser:
    """The argument parser with `grad` and every registered subcommand."""
    parser = ArgumentParser(
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
        try:
            register: Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None] = (
                entry.load()
            )
        except Exception as error:  # a broken plugin: say which, rather than a traceback
            raise InternalError(
                f"loading the {entry.name!r} command ({entry.value})", error
            ) from None
        # The subcommands' parsers are this module's ArgumentParser, an argparse.ArgumentParser.
        register(cast("argparse._SubParsersAction[argparse.ArgumentParser]", subparsers))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line. Every failure is one line on stderr naming what failed.

    Exit status 2 for bad input, 1 for an internal failure, 130 when interrupted (Ctrl-C).
    """
    prog = "autograd-mini"
    try:
        args = make_parser().parse_args(argv)
        prog = f"autograd-mini {args.command}"
        args.run(args)
    except (UsageError, ParseError, ValueError, TypeError, OSError) as error:
        print(f"{prog}: error: {one_line(str(error))}", file=sys.stderr)
        return 2
    except InternalError as error:
        print(f"{prog}: internal error: {one_line(str(error))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # a bug or a library's own failure (a renderer's): one line
        print(
            f"{prog}: internal error: {one_line(f'{type(error).__name__}: {error}')}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
