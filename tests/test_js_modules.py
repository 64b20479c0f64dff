"""The pages' JS files are ES modules: each imports what it uses, none reads another's names.

The check reads the files' text (comments, strings and regexes dropped): a name declared at the
top level of one module and used in another must be imported there, and every import names a
module and a name that module exports. A name the using file declares anywhere itself (a local
of the same name) is not counted, so the check misses a free use hidden beside such a local;
the browser test below then checks that no module's name reaches the page's global scope.
"""

import re
from importlib.resources import files

import pytest
from example_pages import pages

from autograd_mini.viz.template import LOADER, imported, module_file

RESERVED = """as async await break case catch class const continue default delete do else export
extends false finally for from function if import in instanceof let new null of return static
super switch this throw true try typeof var void while yield"""
KEYWORDS = set(RESERVED.split())
TOKEN = re.compile(r"[A-Za-z_$][\w$]*|\d[\w.]*|=>|\?\.(?!\d)|\.\.\.|\S")
# After these tokens a "/" starts a regex, not a division.
OPERATORS = "( , = : [ ! & | ? { } ; + - * % < > ~ ^ => return typeof"
BEFORE_REGEX = set(OPERATORS.split())


def module_paths():
    """Every module of the pages, as it is imported: "viz/view.js", "nn/training_page.js"."""
    return sorted(
        f"{package}/{item.name}"
        for package in ("viz", "nn")
        for item in files(f"autograd_mini.{package}").iterdir()
        if item.name.endswith(".js") and not (package == "viz" and item.name == LOADER)
    )


def tokens(text):
    """The identifiers and punctuation of JS text; each string, template text or regex as '""'."""
    out, holes, depth, i = [], [], 0, 0  # holes: the brace depth at each open template ${

    def template(i):  # template text from i to its closing ` or to a ${
        while text[i] != "`":
            if text[i] == "\\":
                i += 1
            elif text.startswith("${", i):
                holes.append(depth)
                out.append("(")
                return i + 2
            i += 1
        out.append('""')
        return i + 1

    while i < len(text):
        c = text[i]
        if c.isspace():
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        elif text.startswith("/*", i):
            i = text.index("*/", i) + 2
        elif c in "\"'":
            j = i + 1
            while text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append('""')
            i = j + 1
        elif c == "`":
            i = template(i + 1)
        elif c == "}" and holes and holes[-1] == depth:
            holes.pop()
            out.append(")")
            i = template(i + 1)
        elif c == "/" and (not out or out[-1] in BEFORE_REGEX):
            j, in_class = i + 1, False
            while in_class or text[j] != "/":
                in_class = (in_class or text[j] == "[") and text[j] != "]"
                j += 2 if text[j] == "\\" else 1
            out.append('""')
            i = re.compile(r"[a-z]*").match(text, j + 1).end()
        else:
            token = TOKEN.match(text, i).group()
            depth += {"{": 1, "}": -1}.get(token, 0)
            out.append(token)
            i += len(token)
    return out


def is_name(token):
    """Whether a token is a name (of a variable, a function, a property), not a keyword."""
    return re.fullmatch(r"[A-Za-z_$][\w$]*", token) is not None and token not in KEYWORDS


def closing(toks, k):
    """The index of the bracket that closes the one at toks[k]."""
    level = 0
    for j in range(k, len(toks)):
        level += (toks[j] in "([{") - (toks[j] in ")]}")
        if level == 0:
            return j
    raise ValueError("unbalanced brackets")


def opening(toks, k):
    """The index of the bracket that the one at toks[k] closes."""
    level = 0
    for j in range(k, -1, -1):
        level += (toks[j] in ")]}") - (toks[j] in "([{")
        if level == 0:
            return j
    raise ValueError("unbalanced brackets")


def names_in(toks, start, end):
    """The names bound by a pattern or parameter list toks[start:end] (keys before ':' are not)."""
    return {
        toks[j]
        for j in range(start, end)
        if is_name(toks[j]) and toks[j + 1] != ":" and toks[j - 1] not in (".", "?.")
    }


def declarators(toks, k):
    """The names `const a = 1, { b, c } = d` binds, toks[k] being its keyword."""
    bound, j = set(), k + 1
    while True:
        if toks[j] in "{[":
            end = closing(toks, j)
            bound |= names_in(toks, j, end)
            j = end + 1
        else:
            bound.add(toks[j])
        level = 0
        while j < len(toks):  # past the initializer, to the next declarator or the end
            level += (toks[j] in "([{") - (toks[j] in ")]}")
            if level < 0 or (level == 0 and toks[j] in ";,"):
                break
            j += 1
        if j == len(toks) or toks[j] != ",":
            return bound
        j += 1


IMPORT = re.compile(r'^import\s*\{([^}]*)\}\s*from\s*"([^"]+)";', re.M)


def read_module(text):
    """What a module's text declares at top level, declares anywhere, imports, exports, uses.

    Imports are {local name: (path, exported name)}.
    """
    toks = tokens(text)
    top, declared, exports, used = set(), set(), set(), set()
    imports = {}
    for names, path in IMPORT.findall(text):
        for spec in names.split(","):
            if spec.strip():
                words = spec.split()
                imports[words[-1]] = (path, words[0])
    level = 0  # brackets open around toks[k]
    in_import = False  # inside an import statement, whose names are not uses
    for k, token in enumerate(toks):
        in_import = token == "import" or (in_import and toks[k - 1] != ";")
        if in_import:
            continue
        before = toks[k - 1] if k else ";"
        after = toks[k + 1] if k + 1 < len(toks) else ";"
        exported = before == "export" or toks[max(k - 2, 0) : k] == ["export", "async"]
        if token in ("const", "let", "var"):
            bound = declarators(toks, k)
        elif token in ("function", "class") and is_name(after):
            bound = {after}
        else:
            bound = set()
        declared |= bound
        if level == 0:
            top |= bound
            exports |= bound if exported else set()
        # Parameters: of a function, a catch, an arrow (x) => or x =>.
        if token == "(" and (before in ("function", "catch") or toks[k - 2] == "function"):
            declared |= names_in(toks, k, closing(toks, k))
        if token == "=>" and before == ")":
            declared |= names_in(toks, opening(toks, k - 1), k - 1)
        elif token == "=>":
            declared.add(before)
        key = after == ":" and before in ("{", ",")  # { key: value }
        if is_name(token) and before not in (".", "?.") and not key:
            used.add(token)
        level += (token in "([{") - (token in ")]}")
    return top, declared, imports, exports, used


def modules():
    """path -> what read_module finds in it, for every module."""
    texts = {path: module_file(path).read_text(encoding="utf-8") for path in module_paths()}
    return {path: read_module(text) for path, text in texts.items()}


def test_no_module_uses_a_name_of_another_without_importing_it():
    read = modules()
    owners = {}
    for path, (top, *_) in read.items():
        for name in top:
            owners.setdefault(name, []).append(path)
    leaks = []
    for path, (_, declared, imports, _, used) in read.items():
        for name in sorted(used - declared - set(imports)):
            leaks += [f"{path} uses {name} of {owner}" for owner in owners.get(name, [])]
    assert leaks == []


def test_every_import_names_a_module_and_a_name_it_exports_and_is_used():
    read = modules()
    for path in read:
        for source in imported(module_file(path).read_text(encoding="utf-8")):
            assert source in read, f"{path} imports {source}, which is no module"
    for path, (_, _, imports, _, _) in read.items():
        for local, (source, name) in imports.items():
            assert source in read, f"{path} imports {local} from {source}, which is no module"
            assert name in read[source][3], f"{path} imports {name}, which {source} does not export"
            assert local in read[path][4], f"{path} imports {local} and does not use it"


def address_uses(text):
    """The names of the address's APIs a module's text uses (strings and comments left out)."""
    return {"location", "history"} & set(tokens(text))


def test_only_address_js_reads_or_writes_the_address():
    """viz/address.js is the one reader and writer of the page's address (location, history)."""
    found = {
        path: address_uses(module_file(path).read_text(encoding="utf-8")) for path in module_paths()
    }
    assert found.pop("viz/address.js") == {"location", "history"}
    assert {path: names for path, names in found.items() if names} == {}
    assert address_uses("const x = location.hash; // history") == {"location"}


GLOBALS = "() => Object.getOwnPropertyNames(window)"


@pytest.mark.browser
@pytest.mark.parametrize("name", ["neuron view", "training"])
def test_the_pages_run_their_modules_and_add_no_global_name(new_page, page_errors, tmp_path, name):
    path = tmp_path / f"{name}.html"
    path.write_text(pages()[name], encoding="utf-8")
    page = new_page()
    errors = page_errors(page)
    (tmp_path / "blank.html").write_text("<!DOCTYPE html><title>blank</title>", encoding="utf-8")
    page.goto((tmp_path / "blank.html").as_uri())
    blank = set(page.evaluate(GLOBALS))
    page.goto(path.as_uri())
    assert errors == []
    assert page.text_content("#counter").startswith(("backward step 0", "step 0"))
    assert set(page.evaluate(GLOBALS)) - blank == set()
