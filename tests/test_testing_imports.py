"""autograd_mini.testing imports nothing heavy until a feature needs it, and a missing extra is
one line naming it (the import blocked by a meta path hook, in a subprocess)."""

import subprocess
import sys
import textwrap


def run(code, tmp_path):
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )


def test_importing_the_engine_and_testing_loads_no_hypothesis_sympy_or_nn(tmp_path):
    done = run(
        """
        import sys
        import autograd_mini
        from autograd_mini.testing import assert_grad_matches, assert_hessian_matches
        heavy = ("hypothesis", "sympy", "numpy", "autograd_mini.nn", "autograd_mini.viz")
        print(sorted(name for name in heavy if name in sys.modules))
        """,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


BLOCK = """
import sys

class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == {module!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}")

sys.meta_path.insert(0, Block())
"""


def test_a_strategy_as_at_without_hypothesis_is_one_line_naming_the_extra(tmp_path):
    done = run(
        BLOCK.format(module="hypothesis")
        + textwrap.dedent(
            """
            from autograd_mini.testing import assert_grad_matches
            class Strategy:  # what the check sees of a hypothesis strategy: its module
                __module__ = "hypothesis.strategies"
            assert_grad_matches(lambda x: x * x, lambda x: 2 * x, at=Strategy())
            """
        ),
        tmp_path,
    )
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last == (
        "ImportError: a strategy as `at` needs hypothesis, which is not installed:"
        " pip install hypothesis, or the extra [hypothesis]"
        " (pip install '.[hypothesis]' in a clone)"
    )


def test_the_sympy_oracle_without_sympy_is_one_line_naming_the_extra(tmp_path):
    done = run(
        BLOCK.format(module="sympy") + "\nfrom autograd_mini.testing import to_sympy\n", tmp_path
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        "ImportError: autograd_mini.testing's SymPy oracle needs sympy, which is not installed:"
        " pip install sympy, or the extra [sympy] (pip install '.[sympy]' in a clone)"
    )


def test_the_strategies_without_hypothesis_are_one_line_naming_the_extra(tmp_path):
    done = run(
        BLOCK.format(module="hypothesis") + "\nfrom autograd_mini.testing import strategies\n",
        tmp_path,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        "ImportError: autograd_mini.testing.strategies needs hypothesis, which is not installed:"
        " pip install hypothesis, or the extra [hypothesis]"
        " (pip install '.[hypothesis]' in a clone)"
    )
