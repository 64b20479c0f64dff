"""A training run the page tests record: the model trained by `fit`, each step in a History."""

from autograd_mini.nn import History, fit


def recorded_run(net, xs, ts, lr, steps, loss="l2", optimizer="sgd"):
    """Train `net` in place for `steps` steps, each recorded with its snapshot; the History.

    Finished with the trained model one step after the last update, at the last recorded loss
    (the tests that use it do not check the final loss).
    """
    history = History(xs, ts, loss, lr, steps, keep=True)
    history.optimizer = optimizer

    def record(step, value):
        history.record(step, value, net)

    fit(net, xs, ts, lr, steps, loss, on_step=record, optimizer=optimizer)
    history.finish(history.losses[-1], net)
    return history
