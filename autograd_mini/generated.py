"""Print the code generated from the op table, the code that runs.

`python -m autograd_mini.generated [floats|grads|values|order]` prints the backward sweep in a
mode, `python -m autograd_mini.generated methods` Value's operator methods.
"""

import sys

from autograd_mini.methods import methods_source
from autograd_mini.ops import OPS
from autograd_mini.sweep import sweep_source

if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "floats"
    print(methods_source(OPS) if what == "methods" else sweep_source(OPS, what))
