"""The `autograd-mini` command: `grad` here; other subcommands come from entry points."""

from __future__ import annotations

import argparse
import errno
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NoReturn, cast

from autograd_mini import __version__
from autograd_mini.collector import gc_paused
from autograd_mini.errors import DomainError, echo
from autograd_mini.functional import grad
from autograd_mini.parse import ParseError, normalise_name
from autograd_mini.statements import parse_statements
from autograd_mini.value import Value, as_float

if TYPE_CHECKING:
    from importlib.metadata import EntryPoints

    from _typeshed import SupportsWrite

COMMANDS_GROUP = "autograd_mini.commands"
"""Entry-point group: each entry is `register(subparsers)` adding one subcommand (nn, viz)."""


class UsageError(Exception):
    """Bad command-line input: printed as one line, exit status 2."""


class InternalError(Exception):
    """A failure that is not the user's input: printed as one line, exit status 1."""

    def __init__(self, what: str, cause: BaseException) -> None:
        super().__init__(f"{what}: {type(cause).__name__}: {cause}")


class ArgumentParser(argparse.ArgumentParser):
    """argparse whose errors are one line naming the help to read."""

    def error(self, message: str) -> NoReturn:
        """Print one line, `PROG: error: MESSAGE (see PROG --help)`, and exit with status 2."""
        usage_error(self.prog, one_line(message))

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse ignores a failed write: --help > /dev/full printed nothing and exited 0.
        if message:
            try:
                (file or sys.stderr).write(message)
                if file is sys.stdout:
                    flush_stdout()
            except OSError:
                discard_stdout()
                raise


def entry_points(group: str) -> EntryPoints:
    """The installed entry points in `group`; importlib.metadata is imported only when needed."""
    from importlib import metadata  # about 10 ms, and `grad` never reads entry points

    return metadata.entry_points(group=group)


def flush_stdout() -> None:
    """Write out what was printed; OSError if it cannot be (stdout closed, a full disk)."""
    if sys.stdout is None:  # started with stdout closed: print() wrote nothing, silently
        raise OSError(errno.EBADF, "standard output is closed, so nothing was printed")
    try:
        sys.stdout.flush()
    except OSError:
        discard_stdout()
        raise


def discard_stdout() -> None:
    """Send what is left to print to /dev/null (Python's own flush at exit would fail again)."""
    if sys.stdout is not None:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def one_line(text: str, limit: int = 300) -> str:
    """`text` as one printable line of at most `limit` characters (messages go to a terminal)."""
    text = " ".join(text.split())
    text = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


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
            raise UsageError(f"binding {echo(pair)} is not NAME=NUMBER")
        if name in bindings:
            raise UsageError(f"name {name!r} is bound twice ({echo(pair)})")
        try:
            number = as_float(float(text), f"binding {name}")
        except ValueError:
            raise UsageError(f"binding {name}={echo(text)}: not a finite number") from None
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
    """EXPR and NAME=NUMBER arguments, shared by the subcommands that take an expression.

    argparse does not read them: it would take an expression starting with a minus ("-x*y")
    for an unknown option. `parse_command_line` gives them to the command from what argparse
    leaves over, so options may also come anywhere among the bindings.
    """
    parser.usage = "%(prog)s EXPR [NAME=NUMBER ...] [options]"
    parser.epilog = (
        'EXPR is an expression, e.g. "tanh(x*w + b)" (it may start with a minus: "-x*y"), or '
        'with names for its parts: "h = tanh(x*w + b); y = h*h + h". Each NAME=NUMBER binds a '
        "name in it, e.g. x=0.5. Options may come anywhere after EXPR."
    )
    parser.set_defaults(takes_expression=True)


def int_at_least(low: int) -> Callable[[str], int]:
    """An argparse type: a whole number >= `low` (argparse names the option in its error)."""

    def convert(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {echo(text)}") from None
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


def make_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with `grad`, and the registered subcommand `command`.

    Each other subcommand is loaded only when it is the one run (`command`), or for the full
    help when `command` is None: `demo` imports NumPy, which `grad` never needs.
    """
    parser = ArgumentParser(
        prog="autograd-mini",
        description="A scalar autodiff engine for learning and checking backpropagation.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    grad_parser = subparsers.add_parser(
        "grad",
        help='value and partial derivatives: autograd-mini grad "tanh(x*w + b)" x=0.5 w=-1 b=0.2',
    )
    add_expression_arguments(grad_parser)
    grad_parser.add_argument("--json", action="store_true", help="print JSON")
    grad_parser.set_defaults(run=run_grad)
    if command == "grad":
        return parser  # reading the entry points costs more than grad's own imports
    for entry in sorted(entry_points(group=COMMANDS_GROUP), key=lambda e: e.name):
        if command not in (None, entry.name):
            subparsers.add_parser(entry.name)  # a valid choice, loaded when it is the one run
            continue
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


def parse_command_line(argv: Sequence[str]) -> argparse.Namespace:
    """The command line as argparse reads it, plus EXPR and bindings for commands taking them.

    A bare `autograd-mini` prints the help (exit status 2); an unknown option names the help of
    the subcommand it was given to.
    """
    words = [word for word in argv if not word.startswith("-")]
    parser = make_parser(words[0] if words else None)
    if not argv:
        parser.print_help(sys.stderr)
        sys.exit(2)
    argv, expression = list(argv), []
    if words and getattr(parser.parse_known_args(words[:1])[0], "takes_expression", False):
        # argparse reads "-o*x" as the option -o with the value "*x", and "-h*x" as -h: right
        # after the command, a word of one minus and more than one letter is the expression.
        after = argv.index(words[0]) + 1
        if argv[after:] and is_minus_expression(argv[after]):
            expression.append(argv.pop(after))
    args, rest = parser.parse_known_args(argv)
    rest = expression + rest
    prog = f"autograd-mini {args.command}"
    if getattr(args, "takes_expression", False):
        if not rest or rest[0].startswith("--"):
            usage_error(prog, 'the expression EXPR is required, e.g. "x*y" x=1 y=2')
        args.expression, args.bindings = rest[0], rest[1:]
        rest = [word for word in args.bindings if word.startswith("-")]
    if rest:
        usage_error(prog, f"unrecognised option or argument {echo(rest[0])}")
    return args


def is_minus_expression(word: str) -> bool:
    """`-o*x`, `-h*x`: one minus and more than one letter, which argparse reads as an option."""
    return word.startswith("-") and not word.startswith("--") and len(word) > 2


def usage_error(prog: str, message: str) -> NoReturn:
    """What ArgumentParser.error does, for a subcommand's arguments that argparse left over."""
    print(f"{prog}: error: {message} (see {prog} --help)", file=sys.stderr)
    sys.exit(2)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line. Every failure is one line on stderr naming what failed.

    Exit status 2 for bad input, 1 for an internal failure, 130 when interrupted (Ctrl-C).
    Bad input is what the commands refuse (UsageError), the parser (ParseError), an op outside
    its domain (DomainError) and a file that cannot be written (OSError); any other ValueError
    or TypeError is a bug, reported as one.
    """
    prog = "autograd-mini"
    try:
        args = parse_command_line(sys.argv[1:] if argv is None else list(argv))
        prog = f"autograd-mini {args.command}"
        with gc_paused():  # a command's graphs hold no cycles: see autograd_mini.collector
            args.run(args)
        flush_stdout()  # a full disk or a closed stdout is an error, not a silent success
    except (UsageError, ParseError, DomainError, OSError) as error:
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
