"""Write the step-through page and the engine's gradients for check_page.mjs (Firefox).

Not collected by pytest: run `python tests/firefox/make_page.py OUT_DIR`, then
`node tests/firefox/check_page.mjs OUT_DIR` with puppeteer-core installed (npm).
"""

import json
import sys
from pathlib import Path

from autograd_mini import parse, topological_order
from autograd_mini.viz import to_html

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
bindings = {"x": 1.5, "w": -0.8, "y": 2.0, "v": 0.3, "b": 0.1}
root = parse("tanh(x*w + y*v + b) * x - 0.5 * y", bindings)
root.label = "o"
(out / "steps.html").write_text(to_html(root), encoding="utf-8")
root.backward()
order = topological_order(root)
expected = {f"v{i}": f"grad {v.grad:.4g}" for i, v in enumerate(order) if not v.is_constant}
steps = sum(1 for v in order if v.parents)
(out / "expected.json").write_text(json.dumps({"expected": expected, "ops": steps}))
