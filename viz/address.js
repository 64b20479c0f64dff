// A page's address after "#" names where it is (exercise.html#step=12&mode=forward): a link
// opens there, and the address follows the steps, so that a reload or a copied link keeps it.

// Each write of the address is a navigation for the browser: in Chromium 8-9 ms of CPU and a
// redraw of the whole window, as much as a step itself. writeAddressSoon writes at most once
// per WRITE_GAP ms: of steps quicker than that (a key held down) only the last is written,
// WRITE_GAP ms after the write before; a step after a pause writes at once.
const WRITE_GAP = 100;
let written = -Infinity; // when the address was last written (performance.now())
let waiting = null; // { hash, from, timer }: the address to write over `from` in WRITE_GAP ms

// The address's fields: readAddress().get("step"), an address waiting to be written first.
export function readAddress() {
  if (waiting) writeWaiting();
  return new URLSearchParams(location.hash.slice(1));
}

// The address becomes `hash` ("#step=3&mode=forward"), with no new history entry: Back leaves
// the page rather than stepping back through it.
export function writeAddress(hash) {
  dropWaiting();
  if (location.hash === hash) return;
  written = performance.now();
  try {
    history.replaceState(null, "", hash);
  } catch (error) {
    // A page shown from a string (an iframe's srcdoc) has no address to update.
  }
}

// writeAddress(hash) now, or WRITE_GAP ms after the last write (see above).
export function writeAddressSoon(hash) {
  dropWaiting();
  const wait = written + WRITE_GAP - performance.now();
  if (location.hash === hash || wait <= 0) return writeAddress(hash);
  waiting = { hash, from: location.hash, timer: setTimeout(writeWaiting, wait) };
}

// The waiting address written, unless the address changed since it was asked for: a link
// followed in between (its hashchange not yet dispatched) goes where the link says.
function writeWaiting() {
  const { hash, from } = waiting;
  dropWaiting();
  if (location.hash === from) writeAddress(hash);
}

// A link followed drops the address waiting: the page goes where the link says. (Added here,
// before any page's own followers: listeners run in the order they were added.)
addEventListener("hashchange", dropWaiting);

// No address waiting to be written.
function dropWaiting() {
  clearTimeout(waiting?.timer);
  waiting = null;
}

// Go to `link` (readAddress's fields, changed) as a followed link does: a new history entry,
// and the page's followers (followAddress, reloadOnChange) respond.
export function goToAddress(link) {
  location.hash = link.toString();
}

// A page filled from field `name` of its address once, at load (viz/snapshots.js): it loads
// again when a followed link names another value than `value`.
export function reloadOnChange(name, value) {
  addEventListener("hashchange", () => {
    const asked = readAddress().get(name);
    if (asked !== null && asked !== value) location.reload();
  });
}

// A link followed or an address typed in: `open` reads the new address, unless the page is
// already there (`here()` is its address now).
export function followAddress(open, here) {
  addEventListener("hashchange", () => {
    if (location.hash !== here()) open();
  });
}
