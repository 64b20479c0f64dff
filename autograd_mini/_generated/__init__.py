"""Code generated from the op table by `python -m autograd_mini.generated --write`."""
