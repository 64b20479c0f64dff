"""nn.plot_loss and nn.plot_boundary: figures whose pixels show what a hand-made model predicts."""

import io

import pytest
from matplotlib.image import imread

from autograd_mini import nn
from autograd_mini.nn import MLP, History, xor


def pixels(figure):
    """The figure as an RGB array, rendered as its PNG is."""
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
