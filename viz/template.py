"""`fill_page`: a page's template filled in, the shared styles and the page's JS modules inlined.

The step-through page and the training page share their styles (page.css) and modules (the
number formatter, the stepper, the keys, ...): both are made by this one function, so they
cannot drift apart. Each JS file is an ES module that imports what it uses by its path in the
package ("viz/format.js"); a page names its main module and gets every module that one
imports, each once, dependencies first.
"""

from __future__ import annotations

import re
from importlib.resources import files
from importlib.resources.abc import Traversable

SHARED = files("autograd_mini.viz")
LOADER = "load_modules.js"
"""The classic script that turns the inlined modules' texts into an import map (see its text)."""
IMPORT = re.compile(
    r'^(?:import|export)\s*(?:(?:\{[^}]*\}|\*(?:\s+as\s+\w+)?|\w+)\s*from\s*)?"([^"]+)";',
    re.MULTILINE,
)
"""A static import at the start of a line: `import { a } from "path";`, `import "path";` (run
for its effect), `export { a } from "path";`."""


def module_file(path: str) -> Traversable:
    """The file of the module imported as `path`: "viz/view.js" is autograd_mini.viz's view.js."""
    package, _, name = path.partition("/")
    if package not in ("viz", "nn") or not re.fullmatch(r"\w+\.js", name):
        raise ValueError(f"fill_page: no module {path!r} (modules are viz/NAME.js or nn/NAME.js)")
    return files(f"autograd_mini.{package}").joinpath(name)


def imported(text: str) -> list[str]:
    """The paths a module's text imports, in order."""
    return IMPORT.findall(text)


def modules(main: str) -> dict[str, str]:
    """`main` and every module it imports, directly or not: path -> text, dependencies first."""
    texts: dict[str, str] = {}

    def add(path: str) -> None:
        if path in texts:
            return
        text = module_file(path).read_text(encoding="utf-8")
        texts[path] = ""  # a place held, so that an import cycle stops here
        for dependency in imported(text):
            add(dependency)
        del texts[path]
        texts[path] = text

    add(main)
    return texts


def module_scripts(main: str) -> str:
    """The HTML that runs module `main`: each module's text, the loader, then `main` imported."""
    parts = []
    for path, text in modules(main).items():
        if "</script" in text.lower():
            raise ValueError(f"fill_page: {path} holds '</script', which would end its element")
        # type="text/x-module": the browser keeps the text as data; the loader makes it a module.
        parts.append(f'<script type="text/x-module" data-path="{path}">\n{text}</script>')
    parts.append(f"<script>\n{SHARED.joinpath(LOADER).read_text(encoding='utf-8')}</script>")
    parts.append(f'<script type="module">import "{main}";</script>')
    return "\n".join(parts)


def fill_page(template: Traversable, fields: dict[str, str], main: str) -> str:
    """`template` with {{style}} the shared styles, {{scripts}} module `main` and its imports.

    Each other {{name}} becomes its entry in `fields`, inserted as given (escape it first).
    """
    fields = fields | {
        "style": SHARED.joinpath("page.css").read_text(encoding="utf-8"),
        "scripts": module_scripts(main),
    }
    page = template.read_text(encoding="utf-8")
    return re.sub(r"\{\{(\w+)\}\}", lambda match: fields[match.group(1)], page)
