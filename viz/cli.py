"""`autograd-mini graph`: draw an expression's graph to .svg, .png, .html or .dot."""

from __future__ import annotations

import argparse
import sys

from autograd_mini.cli import UsageError, add_expression_arguments, build, int_at_least
from autograd_mini.files import printable
from autograd_mini.viz.dot import draw
from autograd_mini.viz.files import FORMATS, save
from autograd_mini.viz.render import RenderError


def run_graph(args: argparse.Namespace) -> None:
    """Build the expression, run backward, write the file and say which renderer laid it out."""
    root, _ = build(args.expression, args.bindings)
    root.backward()
    try:
        if args.output == "-":  # DOT on stdout, for a pipe: graph ... -o - | dot -Tpdf
            sys.stdout.write(draw(root, digits=args.digits, rankdir=args.rankdir).source)
            return
        used = save(root, args.output, digits=args.digits, rankdir=args.rankdir, scale=args.scale)
    except RenderError as error:  # the renderer broke, not the input: one line, status 1
        print(f"autograd-mini graph: error: {error}", file=sys.stderr)
        raise SystemExit(1) from None
    except RuntimeError as error:  # no renderer installed: say what to install
        raise UsageError(str(error)) from None
    except ValueError as error:  # what draw and save refuse: the format, path, size or scale
        raise UsageError(str(error)) from None
    layout = "no layout needed" if used == "none" else f"laid out by {used}"
    print(f"wrote {printable(args.output)} ({layout})")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `graph` subcommand."""
    parser = subparsers.add_parser(
        "graph",
        help='draw the graph: autograd-mini graph "tanh(x*w + b)" x=0.5 w=-1 b=0.2 -o out.svg',
    )
    add_expression_arguments(parser)
    parser.add_argument(
        "-o",
        "--output",
        default="graph.svg",
        help=f"file to write: {', '.join(FORMATS)}; - writes DOT to stdout",
    )
    parser.add_argument(
        "--digits", type=int_at_least(1), default=4, help="significant digits (default 4)"
    )
    parser.add_argument("--rankdir", choices=("LR", "TB"), default="LR", help="layout direction")
    parser.add_argument(
        "--scale",
        type=float,
        help="PNG size: times the SVG's size (default 2, or less to fit the PNG budget)",
    )
    parser.set_defaults(run=run_graph)
