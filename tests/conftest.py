"""Shared test set-up: hypothesis profiles, markers, one Chromium, and `cli` run as a user would."""

import contextlib
import functools
import gc
import io
import os
import shutil
import subprocess
import sys
import threading
from urllib.parse import urldefrag

import pytest

# One BLAS thread in each process the tests start (the xdist workers, `cli`'s commands, notebook
# kernels inherit it), before anything imports numpy: the tests multiply small matrices, two
# workers already fill two cores, and starting OpenBLAS's thread pool costs ~60 ms of CPU a
# process. A user's own setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def rewrite_only_tests():
    """Let pytest rewrite the asserts of tests, not those of hypothesis and autograd_mini.

    pytest rewrites every module of a package that ships a pytest plugin (hypothesis does, and
    so do we: --grad-report), and where bytecode is not kept (PYTHONDONTWRITEBYTECODE=1) it
    does so again in every run and every xdist worker: 0.55 s of CPU each (collection 3.9 ->
    3.4 s). Neither package's asserts are tests. The hook and its `_must_rewrite` set of marked
    packages are pytest's private parts (9.x), so they are found by name, never imported: if a
    later pytest has neither, nothing changes but the time.
    """
    for finder in sys.meta_path:
        marked = getattr(finder, "_must_rewrite", None)
        if type(finder).__name__ == "AssertionRewritingHook" and isinstance(marked, set):
            marked -= {"hypothesis", "autograd_mini"}


rewrite_only_tests()  # before hypothesis is imported, just below

from hypothesis import HealthCheck, settings  # noqa: E402

# Registered here, before the hypothesis plugin reads --hypothesis-profile:
# the default run keeps CI short; `pytest --hypothesis-profile=thorough` runs 30x more examples.
settings.register_profile(
    "default", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", max_examples=6000, deadline=None)


@pytest.fixture
def cli(tmp_path):
    """cli(*args) -> CompletedProcess of `python -m autograd_mini *args`, run in a temp folder.

    The temp folder keeps the repository's own `autograd_mini/` source folder off sys.path, so
    the installed package (with its `nn` and `viz` subpackages) is the one that runs.
    """

    def run(*args, timeout=120):
        return subprocess.run(
            [sys.executable, "-m", "autograd_mini", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=tmp_path,
        )

    return run


@pytest.fixture
def cli_in_process(tmp_path, monkeypatch):
    """cli_in_process(*args) -> CompletedProcess of `autograd_mini.cli.main(args)` in a temp folder.

    What `python -m autograd_mini *args` runs (its __main__ is `sys.exit(main())`), without a
    fresh interpreter's start (0.1-0.3 s of CPU a call): for tests of what a command prints,
    writes and returns. `cli` keeps a real process for the entry point itself.
    """
    from autograd_mini.cli import main

    monkeypatch.chdir(tmp_path)

    def run(*args):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(list(args))
            except SystemExit as exit:  # argparse's --help, --version and refusals exit
                status = 0 if exit.code is None else exit.code
        command = ["autograd-mini", *args]
        return subprocess.CompletedProcess(command, status, out.getvalue(), err.getvalue())

    return run


def run_in_threads(*calls):
    """Run each call in a thread of its own, switching threads as often as CPython allows."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # every microsecond: the threads interleave as much as they can
    try:
        threads = [threading.Thread(target=call) for call in calls]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)


@pytest.fixture(scope="session")  # session: hypothesis's @given tests take it too
def in_threads():
    """in_threads(*calls): each call in a thread of its own, interleaved; returns when all end."""
    return run_in_threads


# Chromium as CI runs it: root (no sandbox), no GPU, and none of the background connections this
# machine's closed network refuses. No back/forward cache and no new document object per
# navigation: the tests load about 300 pages, and these two features cost about 10% of the
# browser tests' CPU (test_viz_html.py: 31-33 s of CPU against 34-38 s, Chromium included).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-features=BackForwardCache,RenderDocument",
]


def skip_unless(condition, reason):
    """Skip locally; under CI=true a missing browser is a failure, not a skip."""
    if not condition:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run (Debian's, driven by playwright).

    Chromium's headless shell when it is installed (Debian's chromium-headless-shell, the one
    playwright itself runs for headless tests): the same Blink as the browser without the
    browser's windows, and about 23% less CPU over the browser tests (42.8-44.9 s against
    56.3-58.4 s, serial, Chromium included). Else the browser itself.

    Under pytest-xdist (`pytest -n auto`) a session is a worker process: each worker that runs a
    browser test starts its own Chromium, and no browser is shared between processes.
    """
    chromium = shutil.which("chromium-headless-shell") or shutil.which("chromium")
    skip_unless(chromium, "no chromium on PATH (apt-get install chromium-headless-shell)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_unless(False, "python playwright not installed (pip install playwright)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# The two screens pages are checked at: a laptop's, and a phone's with touch.
SCREENS = {"laptop": (1280, 800, False), "phone": (390, 844, True)}


def new_context(browser, screen, motion):
    """A browser context at `screen`, preferring reduced motion unless `motion`."""
    width, height, touch = SCREENS[screen]
    return browser.new_context(
        viewport={"width": width, "height": height},
        has_touch=touch,
        is_mobile=touch,
        reduced_motion="no-preference" if motion else "reduce",
    )


@pytest.fixture(scope="session")
def shared_pages(browser):
    """(screen, motion) -> the page that tests at that screen take in turn (one per worker)."""
    pages = {}
    yield pages
    for page in pages.values():
        page.context.close()


# A test that installed playwright's clock (page.clock is its context's) leaves a fake Date.
NATIVE_DATE = "() => String(Date.now).includes('[native code]')"

# What a test may do with a page before its first load without reading or changing the document
# the page still shows: watch its events (the page's listeners outlive loads), get its context.
PASSIVE = {"on", "once", "remove_listener", "context", "is_closed"}


def blank_on_first_use(page):
    """Leave `page` on the last test's document until the test first uses it; then about:blank.

    A test's first use is most often a goto to its own page, which loads afresh anyway: that goto
    goes straight there, sparing the load of about:blank before it (11-16 ms of CPU a test). A
    goto that would only change the hash (the same file, another #step=) is no load: it goes by
    about:blank first, and so does any other first use (evaluate, keyboard, clock, url, ...).
    """
    page.__class__ = blank_before(type(page))


@functools.cache
def blank_before(page_class):
    """A subclass of `page_class` whose first use (but PASSIVE) goes to about:blank as needed."""

    class LastTestsPage(page_class):
        playwrights_class = page_class

        def __getattribute__(self, name):
            if name.startswith("_") or name in PASSIVE:
                return super().__getattribute__(name)
            self.__class__ = page_class  # from now on, the page as playwright made it
            if name != "goto":
                self.goto("about:blank")
                return getattr(self, name)

            def goto(url, **options):
                if urldefrag(url).url == urldefrag(self.url).url:  # the same document
                    self.goto("about:blank")
                return self.goto(url, **options)

            return goto

    return LastTestsPage


@pytest.fixture
def new_page(browser, shared_pages):
    """new_page(screen="laptop", motion=False) -> a page at `screen`, as on about:blank.

    `screen` is "laptop" (1280x800) or "phone" (390x844, touch). Motion is off unless asked
    for: the context prefers reduced motion, a setting the pages honour (viz/view.js jumps where
    it would glide for 250 ms), so a test of where the view ends up does not wait out each
    glide. A test of the glide itself passes motion=True.

    The first page a test asks for at a screen is that screen's shared page, taken over from
    the test before: a page's first load costs about 0.3 s of CPU more than loading another
    address in a page already open. A second page at the same screen, in the same test, has a
    context of its own, closed after the test; so has a page whose context a test changed for
    good (its clock installed). A shared page goes to about:blank when the test first uses it,
    unless that use loads another page anyway (blank_on_first_use).
    """
    taken, contexts = [], []

    def open_page(screen="laptop", motion=False):
        key = (screen, motion)
        if key in taken:
            context = new_context(browser, screen, motion)
            contexts.append(context)
            return context.new_page()
        taken.append(key)
        page = shared_pages.get(key)
        if page is None or page.is_closed():
            page = shared_pages[key] = new_context(browser, screen, motion).new_page()
            return page  # on about:blank already
        for key_name in ("Shift", "Control", "Alt", "Meta"):  # as if the last test let go
            page.keyboard.up(key_name)
        page.mouse.up()
        blank_on_first_use(page)
        return page

    yield open_page
    for context in contexts:
        context.close()
    for key in taken:
        page = shared_pages[key]
        if hasattr(type(page), "playwrights_class"):  # unused: the last test's page, checked
            page.__class__ = type(page).playwrights_class
            continue
        if not page.is_closed() and not page.evaluate(NATIVE_DATE):
            page.context.close()
            del shared_pages[key]


@pytest.fixture
def stop_clock():
    """stop_clock(page): `page`'s timers on a clock that moves only when the test moves it.

    page.clock.install() alone leaves the clock running at real speed: on a busy machine a
    timer fires before the test moves the clock on, and a test counting a timer's steps
    counts one more. Call it before the page loads: a timer the page set earlier is the
    browser's own, which the clock's clearTimeout cannot clear (seen: the step-through page's
    waiting address written after it was dropped, a TypeError).
    """

    def stop(page):
        page.clock.install(time=0)
        page.clock.pause_at(1_000)

    return stop


@pytest.fixture
def page_errors():
    """page_errors(page) -> a list that gathers what `page` logs as an error or throws.

    It gathers until the test ends (a shared page goes on to other tests).
    """
    watched = []

    def watch(page):
        errors = []

        def console(message):
            if message.type == "error":
                errors.append(message.text)

        def thrown(error):
            errors.append(str(error))

        page.on("console", console)
        page.on("pageerror", thrown)
        watched.append((page, console, thrown))
        return errors

    yield watch
    for page, console, thrown in watched:
        if not page.is_closed():
            page.remove_listener("console", console)
            page.remove_listener("pageerror", thrown)


# Python's cyclic collector walks every object it tracks in each full pass. Collecting makes
# ~100k objects that live until the run ends (test modules, tests, hypothesis strategies, the
# libraries they import): the passes walked them again and again while collecting (0.3-0.4 s of
# CPU), then while tests ran, and once more at the process's exit. So collecting runs with the
# collector paused and ends with one pass, and what is left is frozen out of later passes
# (gc.freeze). Serial, fast core: full passes during the tests 2.5 -> 1.6 s of CPU; a test
# process's exit 0.35-0.40 -> 0.03 s (each xdist worker and the controller exit). Objects a
# test makes are collected as before.
@pytest.hookimpl(wrapper=True)
def pytest_collection(session):
    """Collect with the cyclic collector paused (as it was after)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return (yield)
    finally:
        if enabled:
            gc.enable()


def pytest_collection_finish(session):
    """Leave what collection made out of the collector's passes while tests run."""
    gc.collect()  # cyclic garbage made while collecting is freed, not kept for good
    gc.freeze()


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """Leave every object out of the passes Python's exit makes: the process is ending."""
    gc.freeze()


COLLECTED = pytest.StashKey[set]()


def pytest_itemcollected(item):
    """Note each test id collected, before -k or -m deselects any (see collected_ids)."""
    item.session.stash.setdefault(COLLECTED, set()).add(item.nodeid)


@pytest.fixture(scope="session")
def collected_ids(request):
    """Every test id this run collected (tests/test_x.py::name[case]), deselected ones too."""
    return frozenset(request.session.stash.get(COLLECTED, set()))


# The fast core first: unmarked tests answer in seconds, then slow, then browser tests.
# (benchmark tests are deselected by pyproject's addopts; .ci/run runs them as their own step.)
ORDER = ("slow", "browser", "benchmark")


def pytest_collection_modifyitems(items):
    """Run the unmarked core first, then slow, browser and benchmark tests (a stable sort)."""

    for item in items:  # marked by what they use, so a new test is marked without remembering
        if "browser" in item.fixturenames:
            item.add_marker(pytest.mark.browser)
        if "cli" in item.fixturenames:  # a fresh interpreter per call: about half a second
            item.add_marker(pytest.mark.slow)

    def rank(item):
        marks = {mark.name for mark in item.iter_markers()}
        return max((ORDER.index(m) + 1 for m in marks if m in ORDER), default=0)

    items.sort(key=rank)
