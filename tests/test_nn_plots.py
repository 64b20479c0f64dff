"""nn.plot_loss and nn.plot_boundary: figures whose pixels show what a hand-made model predicts."""

import io
import math
import random

import pytest

from autograd_mini import Value, nn, no_grad
from autograd_mini.nn import MLP, History, micrograd, xor


def pixels(figure):
    """The figure as an RGB array, rendered as its PNG is."""
    from matplotlib.image import imread  # not while collecting (every xdist worker collects)

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    buffer.seek(0)
    return imread(buffer)[:, :, :3]


def colour_at(figure, image, x, y):
    """The pixel colour at data point (x, y) of the figure's first axes."""
    column, row_from_bottom = figure.axes[0].transData.transform((x, y))
    return image[image.shape[0] - round(row_from_bottom), round(column)]


def hand_made_model(activation="sigmoid"):
    """One unit, y = f(4 x[0]): class 1 exactly where x[0] > 0 (sigmoid > 0.5, or a score > 0)."""
    model = MLP(2, [1], [activation])
    model.load_state_dict({"layer1.w": [[4.0], [0.0]], "layer1.b": [0.0]})
    return model


@pytest.mark.parametrize(
    ("activation", "targets"),
    [("sigmoid", [[0.0], [1.0]]), ("linear", [-1, 1])],
    ids=["0/1 targets, output split at 0.5", "micrograd's -1/+1, score split at 0"],
)
def test_boundary_colours_each_side_by_the_class_the_model_predicts(activation, targets):
    xs = [[-1.0, -1.0], [1.0, 1.0]]
    figure = nn.plot_boundary(hand_made_model(activation), xs, targets)
    image = pixels(figure)
    left, right = colour_at(figure, image, -1.0, 0.5), colour_at(figure, image, 1.0, -0.5)
    # P(class 1) = sigmoid(4 x[0]) = 0.018 at x[0] = -1: nearly #a370b4 (purple #7b3294 at
    # 70%, class 0); 0.982 at x[0] = 1: nearly #4cac73 (green #008837 at 70%, class 1); 0.5
    # (white) on the line x[0] = 0. Neither is the sign palette's red or blue.
    assert left == pytest.approx(shade([0xA3, 0x70, 0xB4], 1 - 2 * 0.018), abs=3 / 255)
    assert right == pytest.approx(shade([0x4C, 0xAC, 0x73], 2 * 0.982 - 1), abs=3 / 255)
    middle = colour_at(figure, image, 0.08, 1.0)  # P = 0.58: a little green, nearly white
    assert middle[1] > 0.9
    assert middle[0] > 0.8


def shade(rgb, strength):
    """`rgb` (0..255) mixed with white, `strength` of the way from white to it, as 0..1."""
    return [(255 + (c - 255) * strength) / 255 for c in rgb]


def test_boundary_picks_the_largest_of_several_outputs():
    model = MLP(2, [2], ["linear"])  # logits (x[0], -x[0]): class 0 where x[0] > 0
    model.load_state_dict({"layer1.w": [[1.0, -1.0], [0.0, 0.0]], "layer1.b": [0.0, 0.0]})
    figure = nn.plot_boundary(model, [[-1.0, -1.0], [1.0, 1.0]], [[1.0], [0.0]])
    image = pixels(figure)
    red, green, blue = colour_at(figure, image, 1.0, -0.5)  # P(class 1) = 1 / (1 + e^2) = 0.12
    assert green < min(red, blue) - 0.1  # purplish: class 0


def test_boundary_refuses_data_that_is_not_2d():
    with pytest.raises(ValueError, match="plot_boundary: the inputs must be 2-D points"):
        nn.plot_boundary(hand_made_model(), [[1.0, 2.0, 3.0]], [[1.0]])


def test_loss_plot_draws_the_losses_it_is_given_and_accuracy_from_a_history(tmp_path):
    figure = nn.plot_loss([1.0, 0.5, 0.25], tmp_path / "loss.png")
    (line,) = figure.axes[0].get_lines()
    assert list(line.get_ydata()) == [1.0, 0.5, 0.25]
    assert (tmp_path / "loss.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    xs, ts = xor()
    history = History(xs, ts, "l2", 1.0, steps=2, keep=False)
    for step, loss in enumerate([0.3, 0.2]):
        history.record(step, loss, hand_made_model())
    figure = nn.plot_loss(history)
    assert len(figure.axes) == 2  # loss, and accuracy on a second axis
    # sigma(4 x[0]) > 0.5 where x[0] = 1: right on (1, 0) and wrong on (0, 1) and (1, 1)
    assert list(figure.axes[1].get_lines()[0].get_ydata()) == [0.5, 0.5]


def shading(figure):
    """P(class 1) at each grid point as the figure shades it, row by row from the bottom."""
    return [p for row in figure.axes[0].images[0].get_array().tolist() for p in row]


def grid(xs, resolution):
    """plot_boundary's grid over xs: half a unit beyond the data, `resolution` points a side."""
    x0, x1 = min(x[0] for x in xs) - 0.5, max(x[0] for x in xs) + 0.5
    y0, y1 = min(x[1] for x in xs) - 0.5, max(x[1] for x in xs) + 0.5
    steps = [k / (resolution - 1) for k in range(resolution)]
    return [x0 + (x1 - x0) * s for s in steps], [y0 + (y1 - y0) * s for s in steps]


def scores_by_the_engine(model, xs, resolution):
    """The model's first output at each grid point, row by row: an engine forward pass each."""
    grid_x, grid_y = grid(xs, resolution)
    with no_grad():
        return [[model.forward([x, y])[0].data for x in grid_x] for y in grid_y]


class Branching(nn.Module):
    """A score whose graph depends on the point: 4 x[0] where it is positive, else x[0] / 2."""

    def __init__(self):
        self.w = Value(1.0, "w")

    def forward(self, x):
        a = x[0] * self.w
        return [a * 4.0 if a > 0 else a * 0.5]


@pytest.mark.parametrize("model", ["micrograd", "branching"])
def test_boundary_shades_the_engines_score_at_each_grid_point(model):
    # micrograd's MLP reads no number: its shading comes from one NumPy replay of its traced
    # graph; the branching model's graph differs by point, so it must run on the engine.
    random.seed(1337)
    network = micrograd.MLP(2, [16, 16, 1]) if model == "micrograd" else Branching()
    xs, targets = [[-1.0, -1.5], [1.0, 0.5]], [-1, 1]
    figure = nn.plot_boundary(network, xs, targets, resolution=9)
    scores = [score for row in scores_by_the_engine(network, xs, 9) for score in row]
    expected = [1 / (1 + math.exp(-score)) for score in scores]  # a score's sigmoid, by hand
    assert shading(figure) == pytest.approx(expected, rel=1e-12, abs=1e-15)
