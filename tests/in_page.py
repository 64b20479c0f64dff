"""Reading a page's elements in one plain evaluate, where the read is not what a test is about.

playwright's eval_on_selector costs about 5 ms of CPU (Python, playwright's driver and Chromium
together) and eval_on_selector_all about 3 ms; the same read as one page.evaluate costs about
1 ms (measured on the exercise page with Chromium's headless shell).
"""


def query(frame, selector, script, arg=None):
    """What eval_on_selector(selector, script, arg) gives: `script` run on the first match."""
    return frame.evaluate(
        f"""([selector, arg]) => {{
  const element = document.querySelector(selector);
  if (element === null) throw new Error(`no element matches ${{selector}}`);
  return ({script})(element, arg);
}}""",
        [selector, arg],
    )


def query_all(frame, selector, script, arg=None):
    """What eval_on_selector_all(selector, script, arg) gives: `script` run on all matches."""
    return frame.evaluate(
        f"([selector, arg]) => ({script})([...document.querySelectorAll(selector)], arg)",
        [selector, arg],
    )
