"""`autograd-mini train`: fit a small network to XOR or two moons, on the engine or with NumPy."""

from __future__ import annotations

import argparse
import math
import os
from dataclasses import dataclass
from importlib.util import find_spec
from typing import Any, cast

import numpy as np

from autograd_mini import no_grad
from autograd_mini.cli import UsageError
from autograd_mini.files import check_output_path, printable
from autograd_mini.nn import reference
from autograd_mini.nn.compare import from_reference, to_reference
from autograd_mini.nn.data import two_moons, xor
from autograd_mini.nn.diagnose import Watch
from autograd_mini.nn.history import History
from autograd_mini.nn.layers import ACTIVATIONS, MLP, TwoLayerNet
from autograd_mini.nn.losses import LOSSES, SQUARED_FACTORS, TRACED_LOSSES
from autograd_mini.nn.module import Module
from autograd_mini.nn.train import OPTIMIZERS, batch_loss, fit

DEFAULT_STEPS = {"xor": 2000, "moons": 500}
"""Enough for 100% on XOR and about 90% or more on the moons with the default model."""
MAX_PARAMETERS = 20_000
"""Each step builds one engine node per weight per sample, about 200 bytes each: 20,000
parameters on the moons' 100 samples already make graphs of about a gigabyte."""
N_CLASSES = 2  # XOR and the moons both have two classes

LOSS_HELP = (
    "l2 = 1/2 sum_k (y_k - t_k)^2 (the derivation's), squared = sum_k (y_k - t_k)^2 (the "
    "exercise's), mse = 1/K sum_k (y_k - t_k)^2 (the mean, as PyTorch's MSELoss), "
    "cross_entropy = -log softmax(y)_t (an MLP with a linear output per class); each averaged "
    "over the batch (default: l2)"
)
BACKEND_HELP = (
    "auto: tape with the l2, squared and mse losses (the engine's numbers, within 1e-9 over "
    "500 steps; the fastest backend: 500 moons steps take about 1 s, against about 6 s compiled "
    "and 40 s on the engine), else engine; the page's snapshots always come from the engine; "
    "engine: the batch's graph built and backpropagated each step (every option); "
    "tape: the engine's graph traced once and replayed over the batch with NumPy (same numbers, "
    "faster; not with cross_entropy); numpy: the closed-form TwoLayerNet in NumPy (only "
    "--model twolayer, --optimizer sgd, --loss l2 or squared); compiled: the batch loss traced "
    "once and run as straight-line Python (autograd_mini.compile: the engine's numbers bit for "
    "bit; tracing and writing the code takes seconds on 100 points, each step is then faster; "
    "not with cross_entropy, whose max is read from .data and would be frozen) (default: auto)"
)


AUTO_REASONS = {
    "tape": " (auto: the engine's numbers, faster)",
    "engine": " (auto: the tape cannot replay cross_entropy)",
}


def default_lr(optimizer: str, loss: str) -> float:
    """The learning rate train uses unless --lr is given.

    SGD: 5 with a sigmoid output (l2, squared, mse: the error reaches the weights shrunk by
    y (1 - y) <= 1/4), 1 with cross_entropy's linear outputs (at 5 it overshoots and kills
    ReLUs); Adam: 0.05, as its steps are about lr each whatever the gradient's size.
    """
    if optimizer == "adam":
        return 0.05
    return 1.0 if loss == "cross_entropy" else 5.0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `train`: its options, each with help and its default, honoured or refused at once."""
    parser = subparsers.add_parser(
        "train",
        help="train a net on XOR or two moons: autograd-mini train --data xor",
        description="Train a small network full-batch and say how it went: the loss, the "
        "accuracy, and when training fails, the likely cause and a fix.",
    )
    parser.add_argument(
        "--data", choices=["xor", "moons"], default="xor", help="the data set (default: xor)"
    )
    parser.add_argument(
        "--model",
        choices=["twolayer", "mlp"],
        default="twolayer",
        help="twolayer: the derivation's net, sigmoid hidden and output units; mlp: layers of "
        "--sizes with --activation (default: twolayer)",
    )
    parser.add_argument("--hidden", type=int, help="hidden units of TwoLayerNet (default: 4)")
    parser.add_argument(
        "--sizes", help="MLP layer sizes, e.g. 8,8,1 (default: 8,1; 8,2 with cross_entropy)"
    )
    parser.add_argument(
        "--activation", choices=list(ACTIVATIONS), help="MLP hidden layers (default: sigmoid)"
    )
    parser.add_argument(
        "--backend",
        choices=["auto", "engine", "numpy", "tape", "compiled"],
        default="auto",
        help=BACKEND_HELP,
    )
    parser.add_argument("--loss", choices=list(LOSSES), default="l2", help=LOSS_HELP)
    parser.add_argument(
        "--optimizer",
        choices=list(OPTIMIZERS),
        default="sgd",
        help="sgd: p <- p - lr dL/dp; adam: torch.optim.Adam's update (default: sgd)",
    )
    parser.add_argument("--steps", type=int, help="steps (default: xor 2000, moons 500)")
    parser.add_argument(
        "--lr",
        type=float,
        help="learning rate (default: sgd 5, or 1 with cross_entropy; adam 0.05)",
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="initial weights and moons noise (default: 0)"
    )
    parser.add_argument(
        "--save", metavar="PATH", help="write the trained model as JSON (default: not saved)"
    )
    parser.add_argument(
        "--history", metavar="CSV", help="write step, loss, accuracy, lr (default: not written)"
    )
    parser.add_argument(
        "--plot",
        metavar="DIR",
        help="write DIR/loss.png and DIR/boundary.png (default: not written)",
    )
    parser.add_argument(
        "--html",
        metavar="PATH",
        help="write a page that steps through training (default: not written)",
    )
    parser.add_argument(
        "--backward-steps",
        metavar="STEPS",
        help="with --html: the steps whose backward pass of each sample the page links, in one "
        "step-through page per sample written beside it (PAGE_backward/), e.g. 0,10,50, each "
        "the snapshot at or before it; none for none (default: every snapshot, or as many as "
        "about 15 s of writing allows, evenly spread)",
    )
    parser.set_defaults(run=run)


@dataclass(frozen=True)
class Architecture:
    """What `build_model` made: input width, (units, activation) per layer, parameter count."""

    name: str
    n_in: int
    layers: list[tuple[int, str]]

    @property
    def parameters(self) -> int:
        """Sum over layers of (inputs + 1) * units: a weight per input and a bias per unit."""
        widths = [self.n_in] + [units for units, _ in self.layers]
        return sum((widths[k] + 1) * widths[k + 1] for k in range(len(self.layers)))

    def describe(self) -> str:
        """The name and widths, e.g. "MLP 2-8-8-1"."""
        return f"{self.name} {'-'.join(str(n) for n in [self.n_in, *(u for u, _ in self.layers)])}"

    def __str__(self) -> str:
        units = " -> ".join(f"{n} {activation}" for n, activation in self.layers)
        return f"{self.name}: {self.n_in} inputs -> {units} ({self.parameters} parameters)"


def architecture(args: argparse.Namespace, n_in: int) -> Architecture:
    """The network the options describe, checked; UsageError naming the option otherwise."""
    if args.model == "twolayer":
        for option in ("sizes", "activation"):
            if getattr(args, option) is not None and getattr(args, option) != "sigmoid":
                raise UsageError(f"--{option} describes an MLP; use it with --model mlp")
        if args.loss == "cross_entropy":
            raise UsageError(
                "--loss cross_entropy needs a linear output per class: --model mlp --sizes 8,2"
            )
        hidden = 4 if args.hidden is None else args.hidden
        if hidden < 1:
            raise UsageError(f"--hidden must be >= 1, got {hidden}")
        return Architecture("TwoLayerNet", n_in, [(hidden, "sigmoid"), (1, "sigmoid")])
    if args.hidden is not None:
        raise UsageError("--hidden sizes the TwoLayerNet; give an MLP's sizes with --sizes")
    classes = args.loss == "cross_entropy"
    text = args.sizes or ("8,2" if classes else "8,1")
    try:
        sizes = [int(size) for size in text.split(",")]
    except ValueError:
        raise UsageError(f"--sizes {text!r}: expected numbers like 8,8,1") from None
    last = N_CLASSES if classes else 1
    if any(size < 1 for size in sizes) or sizes[-1] != last:
        reason = "one output per class with cross_entropy" if classes else "one output"
        raise UsageError(f"--sizes {text!r}: sizes must be >= 1, the last one {last} ({reason})")
    hidden = args.activation or "sigmoid"
    output = "linear" if classes else "sigmoid"  # logits for softmax, else an output in (0, 1)
    return Architecture("MLP", n_in, [(n, hidden) for n in sizes[:-1]] + [(last, output)])


def about(args: argparse.Namespace, shape: Architecture) -> str:
    """The run in a few words for the page's title: data, units, loss, optimizer, lr, steps."""
    from autograd_mini.viz.look import format_number  # only --html writes it: see nn/diagnose.py

    return (
        f"{args.data}, {shape.layers[0][1]} units, {args.loss} loss, {args.optimizer} "
        f"lr {format_number(args.lr, 6)}, {args.steps} steps"  # 6 digits: the lr as typed
    )


def check_options(args: argparse.Namespace) -> None:
    """UsageError for an option that cannot be honoured, before any work is done."""
    if args.steps < 1:
        raise UsageError(f"--steps must be >= 1, got {args.steps}")
    if not 0 < args.lr < math.inf:
        raise UsageError(f"--lr must be a finite number > 0, got {args.lr}")
    for option in ("save", "history", "plot", "html"):
        check_output(option, getattr(args, option))
    if args.plot and find_spec("matplotlib") is None:  # say so before training, not after
        raise UsageError(
            "--plot needs matplotlib, which the 'plots' extra installs: pip install '.[plots]'"
        )
    if args.backward_steps is not None:
        if not args.html:
            raise UsageError("--backward-steps chooses the pages --html links; give --html too")
        args.backward_steps = backward_steps(args.backward_steps)
    if args.backend == "numpy":
        if args.model != "twolayer":
            raise UsageError("--backend numpy trains the TwoLayerNet only (--model twolayer)")
        if args.optimizer != "sgd":
            raise UsageError("--backend numpy steps with SGD only (--optimizer sgd)")
        if args.loss not in SQUARED_FACTORS:
            raise UsageError("--backend numpy trains with the l2 and squared losses only")
    if args.backend in ("tape", "compiled") and args.loss not in TRACED_LOSSES:
        raise UsageError(f"--backend {args.backend} replays the l2, squared and mse losses only")


def backward_steps(text: str) -> list[int]:
    """--backward-steps' steps: "0,10,50" as [0, 10, 50], "none" as []."""
    if text == "none":
        return []
    try:
        steps = [int(step) for step in text.split(",")]
    except ValueError:
        message = f"--backward-steps {text!r}: expected steps like 0,10,50 or none"
        raise UsageError(message) from None
    if any(step < 0 for step in steps):
        raise UsageError(f"--backward-steps {text!r}: steps must be >= 0")
    return steps


def write_html(
    history: History, model: Module, args: argparse.Namespace, shape: Architecture
) -> None:
    """The training page at --html, then the step-through pages it links, beside it.

    The page is written first: a failure there leaves no folder of pages behind.
    """
    from tqdm import tqdm

    from autograd_mini.nn.backward_pages import backward_pages, write_pages
    from autograd_mini.nn.training_page import write_page

    page = make_folder(args.html)
    folder = os.path.splitext(page)[0] + "_backward"
    pages = []
    links: dict[str, Any] = {"pages": [], "note": "none were written (--backward-steps none)"}
    if args.backward_steps != []:
        try:
            with tqdm(total=len(history.samples), desc="backward pages", unit="page") as bar:
                pages = backward_pages(history, model, args.backward_steps, bar.update)
            links = {"folder": os.path.basename(folder), "pages": [link for link, _ in pages]}
        except ValueError as error:  # too big to draw
            print(f"backward pages: none: {error}")
            links["note"] = f"none were written: {error}"
    write_page(history, shape.describe(), page, about(args, shape), links)
    print(f"page {printable(args.html)}")
    if pages:
        size = write_pages(folder, pages)
        held = len(pages[0][0]["steps"])
        print(
            f"backward pages: {len(pages)} in {printable(folder)} ({size / 1e6:.1f} MB), "
            f"each at {held} of the {len(history.snapshots)} snapshots"
        )


def check_output(option: str, path: str | None) -> None:
    """UsageError unless `path` can be written after training: found before the work, not after.

    Missing folders are fine (they are made when the file is written); a file where a folder
    must be, or a folder where the file must be, is refused.
    """
    if path is None:
        return
    if path == "":
        raise UsageError(f"--{option}: an empty path; give a file or folder name")
    try:  # a deep path would fail only after training, in makedirs
        check_output_path(os.path.join(path, "loss.png") if option == "plot" else path)
    except ValueError as error:
        raise UsageError(f"--{option}: {error}") from None
    if option != "plot" and os.path.isdir(path):
        raise UsageError(f"--{option} {path}: is a folder; give a file name")
    folder = path if option == "plot" else os.path.dirname(path)
    while folder and not os.path.exists(folder):
        folder = os.path.dirname(folder)
    if folder and not os.path.isdir(folder):
        raise UsageError(f"--{option} {path}: {folder} is a file, not a folder")


def make_folder(path: str) -> str:
    """`path`, after making the folder it goes in."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    return path


def build_model(args: argparse.Namespace, shape: Architecture) -> Module:
    """The network `shape` describes, its weights drawn from --seed."""
    if shape.parameters > MAX_PARAMETERS:
        option = "--hidden" if args.model == "twolayer" else "--sizes"
        value = args.hidden if args.model == "twolayer" else args.sizes
        raise UsageError(
            f"{option} {value}: {shape.parameters} parameters, more than the {MAX_PARAMETERS} "
            "this command trains (the engine builds a node per weight per sample)"
        )
    if shape.name == "TwoLayerNet":
        return TwoLayerNet(shape.n_in, shape.layers[0][0], 1, seed=args.seed)
    units, activations = zip(*shape.layers, strict=True)
    return MLP(shape.n_in, list(units), list(activations), seed=args.seed)


def auto_backend(loss: str) -> str:
    """The backend `--backend auto` trains on: the tape where it gives the engine's numbers."""
    return "tape" if loss in TRACED_LOSSES else "engine"  # the tape is the fastest (within 1e-9)


def run(args: argparse.Namespace) -> None:
    """Train with a progress bar; print the model first and loss, accuracy, predictions last."""
    from tqdm import tqdm

    args.steps = DEFAULT_STEPS[args.data] if args.steps is None else args.steps
    args.lr = default_lr(args.optimizer, args.loss) if args.lr is None else args.lr
    auto = args.backend == "auto"
    if auto:
        args.backend = auto_backend(args.loss)
    check_options(args)
    xs, ts = xor() if args.data == "xor" else two_moons(seed=args.seed)
    shape = architecture(args, len(xs[0]))
    model = build_model(args, shape)
    watch = Watch(model, xs, args.lr, every=args.steps // 100)
    print(
        f"{shape}, {args.loss} loss, {args.optimizer} lr {args.lr:g}, {args.steps} steps"
        f", backend {args.backend}" + (AUTO_REASONS[args.backend] if auto else "")
    )

    history = History(xs, ts, args.loss, args.lr, args.steps, keep=bool(args.html))
    history.gradients = args.backend != "numpy"  # the reference hands over weights only
    history.optimizer = args.optimizer
    bar = tqdm(total=args.steps, desc=f"{args.data} on {args.backend}", unit="step")
    recording = bool(args.history or args.plot or args.html)

    def on_step(step: int, loss: float, at: Module) -> None:
        if recording:
            history.record(step, loss, at)
        watch.step(step, loss, at)
        bar.set_postfix(loss=f"{loss:.6f}", refresh=False)
        bar.update()

    if args.backend == "numpy":
        params, _ = reference.train(
            to_reference(cast(TwoLayerNet, model)),  # check_options: numpy trains TwoLayerNet only
            np.array(xs),
            np.array(ts),
            args.lr,
            args.steps,
            args.loss,
            on_step=lambda step, loss, params: on_step(step, loss, from_reference(params)),
        )
        model = from_reference(params)
    else:
        fit(
            model,
            xs,
            ts,
            args.lr,
            args.steps,
            args.loss,
            on_step=lambda step, loss: on_step(step, loss, model),
            backend=args.backend,
            optimizer=args.optimizer,
        )
    bar.close()
    with no_grad():
        final = batch_loss(model, xs, ts, args.loss).data
    history.finish(final, model)
    hits = history.accuracy[-1]
    right = round(hits * len(xs))
    print(f"final loss {final:.6f}, accuracy {hits:.1%} ({right} of {len(xs)} {args.data} samples)")
    history.problem = watch.problem(model, hits)
    if history.problem:
        print(history.problem)
    if len(xs) <= 8:
        print(history.predictions(model))
    if args.save:
        model.save(make_folder(args.save))
        print(f"saved {printable(args.save)}")
    if args.history:
        history.write_csv(make_folder(args.history))
        print(f"history {printable(args.history)}")
    if args.plot:
        from autograd_mini.nn.plots import save_plots  # matplotlib loads only when asked for

        for path in save_plots(history, model, xs, ts, args.plot):
            print(f"plot {printable(path)}")
    if args.html:
        write_html(history, model, args, shape)
