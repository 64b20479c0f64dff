"""The step-through page in Chromium: time to open and to step, nodes in view, text size.

Run: python -m benchmarks.page [--nodes 2000] [--demo out/exercise.html] [--shots DIR]
[--chromium PATH]. --shots saves screenshots of each page at each size, at load and zoomed.
Builds an MLP's loss graph of at most --nodes drawn nodes (the `draw` limit by default), writes
its page, and opens it (and the demo's page, when given) at 1280x800 and at 390x844 with touch.
Prints Python's time to make the page, the browser's time to open it (navigation start to the
end of the load event), the script time of one step forward and one step back (median of 50,
layout included), the time from a step to the second animation frame after it (median of 20:
the step drawn), and the current node's text size in CSS pixels on screen at load and after
pressing + four times (and two steps).
"""

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from autograd_mini import topological_order
from autograd_mini.nn import MLP, batch_loss, two_moons
from autograd_mini.viz import MAX_NODES, to_html
from autograd_mini.viz.look import drawn_nodes

SIZES = {"1280x800": (1280, 800, False), "390x844": (390, 844, True)}

MEASURE = """() => {
  const pane = document.getElementById("graph").getBoundingClientRect();
  const nodes = [...document.querySelectorAll("svg.drawing g.node")];
  const inside = nodes.filter((node) => {
    const box = node.getBoundingClientRect();
    return box.left >= pane.left - 0.5 && box.right <= pane.right + 0.5
      && box.top >= pane.top - 0.5 && box.bottom <= pane.bottom + 0.5;
  });
  // The current step's node: its text's size on screen, font size times the drawing's scale.
  const text = document.querySelector("svg.drawing g.node.current:not([id$='_op']) text");
  const textPx = parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a;
  const navigation = performance.getEntriesByType("navigation")[0];
  return {nodes: nodes.length, inView: inside.length, textPx,
          openMs: navigation.loadEventEnd - navigation.startTime,
          sideways: document.documentElement.scrollWidth > innerWidth};
}"""

# Keys are sent to the body, as a real key press is: the page's key handler reads the target
# element, and on `document` it threw before stepping (so the times measured an exception).
STEPS = """(key) => {
  const times = [];
  for (let i = 0; i < 50; i += 1) {
    const start = performance.now();
    document.body.dispatchEvent(new KeyboardEvent("keydown", {key, bubbles: true}));
    document.querySelector(".node.current").getBoundingClientRect();  // layout included
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[25];
}"""


FRAMES = """async (key) => {
  const times = [];
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  for (let i = 0; i < 20; i += 1) {
    await frame();
    const start = performance.now();
    document.body.dispatchEvent(new KeyboardEvent("keydown", {key, bubbles: true}));
    await frame();
    await frame();  // the frame after the step's has been drawn
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[10];
}"""


def network_loss(max_nodes):
    """The widest 2-n-n-1 tanh MLP on one two-moons sample with at most `max_nodes` nodes."""
    best = None
    for width in range(1, 40):
        net = MLP(2, [width, width, 1], ["tanh", "tanh", "linear"], seed=0)
        xs, ts = two_moons(1, seed=0)
        loss = batch_loss(net, xs, ts, "squared")
        if drawn_nodes(topological_order(loss)) > max_nodes:
            break
        best = loss
    if best is None:
        raise SystemExit(f"--nodes {max_nodes}: even a 2-1-1-1 MLP's graph is larger")
    return best


def measure(browser, path, size, shots=None):
    width, height, touch = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height}, has_touch=touch, is_mobile=touch
    )
    page = context.new_page()
    start = time.perf_counter()
    page.goto(Path(path).resolve().as_uri())
    wall = time.perf_counter() - start
    result = page.evaluate(MEASURE)
    result["goto_s"] = round(wall, 2)
    load_text = result.pop("textPx")
    if shots:
        page.screenshot(path=f"{shots}-{size}-load.png")
    for _ in range(4):
        page.keyboard.press("+")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("!document.getElementById('graph').dataset.moving")
    zoomed = page.evaluate(MEASURE)["textPx"]
    if shots:
        page.screenshot(path=f"{shots}-{size}-zoomed.png")
    result["text_px"] = f"{load_text:.1f} at load, {zoomed:.1f} after + x4"
    page.keyboard.press("End")
    result["step_back_ms"] = round(page.evaluate(STEPS, "ArrowLeft"), 2)
    result["step_forward_ms"] = round(page.evaluate(STEPS, "ArrowRight"), 2)
    result["step_to_next_frame_ms"] = round(page.evaluate(FRAMES, "ArrowLeft"), 1)
    result["openMs"] = round(result["openMs"])
    context.close()
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=MAX_NODES)
    parser.add_argument("--demo", help="also measure this page (autograd-mini demo writes one)")
    parser.add_argument("--shots", metavar="DIR", help="save screenshots into this folder")
    parser.add_argument("--chromium", default=shutil.which("chromium"))
    args = parser.parse_args(argv)
    loss = network_loss(args.nodes)
    order = topological_order(loss)
    start = time.perf_counter()
    html = to_html(loss)
    made = time.perf_counter() - start
    folder = Path(tempfile.mkdtemp())
    big = folder / "big.html"
    big.write_text(html, encoding="utf-8")
    print(f"graph: {drawn_nodes(order)} drawn nodes; to_html took {made:.1f} s (layout included)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        pages = [("demo", args.demo)] if args.demo else []
        for name, path in [*pages, ("2,000-node", big)]:
            for size in SIZES:
                shots = None
                if args.shots:
                    Path(args.shots).mkdir(parents=True, exist_ok=True)
                    shots = str(Path(args.shots) / name.replace(",", ""))
                print(f"{name} page at {size}: {measure(browser, path, size, shots)}")
        browser.close()


if __name__ == "__main__":
    main()
