"""micrograd's demo notebook loop, run on micrograd 0.1.0 and on autograd_mini.nn.micrograd.

python -m benchmarks.micrograd_demo [--steps 100] prints both runs' loss and accuracy per step
side by side (micrograd must be installed: pip install '.[bench]'). `demo_loop` is the notebook's
code with only its imports made parameters; the two moons come from autograd_mini.nn.two_moons
instead of scikit-learn's make_moons.
"""

import argparse
import random
import sys

import numpy as np

from autograd_mini.nn import two_moons


def moons():
    """X (100 x 2) and y in {-1, 1}, as the notebook's `y = y*2 - 1`."""
    xs, ts = two_moons(n=100, noise=0.1, seed=1337)
    return np.array(xs), np.array([int(t[0]) for t in ts]) * 2 - 1


def demo_loop(Value, MLP, X, y, steps=100):  # noqa: N803 (the notebook's names)
    """The notebook's model, loss and SGD loop; [(loss, accuracy) per step] and the model."""
    random.seed(1337)
    model = MLP(2, [16, 16, 1])  # 2-layer neural network

    def loss(batch_size=None):
        Xb, yb = X, y  # noqa: N806
        inputs = [list(map(Value, xrow)) for xrow in Xb]

        # forward the model to get scores
        scores = list(map(model, inputs))

        # svm "max-margin" loss
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(yb, scores, strict=True)]
        data_loss = sum(losses) * (1.0 / len(losses))
        # L2 regularization
        alpha = 1e-4
        reg_loss = alpha * sum(p * p for p in model.parameters())
        total_loss = data_loss + reg_loss

        # also get accuracy
        accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(yb, scores, strict=True)]
        return total_loss, sum(accuracy) / len(accuracy)

    history = []
    for k in range(steps):
        # forward
        total_loss, acc = loss()

        # backward
        model.zero_grad()
        total_loss.backward()

        # update (sgd)
        learning_rate = 1.0 - 0.9 * k / 100
        for p in model.parameters():
            p.data -= learning_rate * p.grad

        history.append((float(total_loss.data), acc))  # micrograd keeps NumPy's float64
    return history, model


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=100)
    args = parser.parse_args(argv)
    try:
        from micrograd.engine import Value as MicrogradValue
        from micrograd.nn import MLP as MicrogradMLP  # noqa: N811
    except ImportError:
        print("micrograd is not installed: pip install '.[bench]'", file=sys.stderr)
        return 1
    from autograd_mini import Value
    from autograd_mini.nn.micrograd import MLP

    X, y = moons()  # noqa: N806
    theirs, _ = demo_loop(MicrogradValue, MicrogradMLP, X, y, args.steps)
    ours, _ = demo_loop(Value, MLP, X, y, args.steps)
    print(f"{'step':>4}  {'micrograd 0.1.0 loss':>22}  {'autograd_mini loss':>22}  diff     acc")
    for k, ((loss_m, acc_m), (loss_o, acc_o)) in enumerate(zip(theirs, ours, strict=True)):
        accs = f"{acc_m:.0%}" if acc_m == acc_o else f"{acc_m:.0%} vs {acc_o:.0%}"
        print(f"{k:>4}  {loss_m!r:>22}  {loss_o!r:>22}  {loss_o - loss_m:+.0e}  {accs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
