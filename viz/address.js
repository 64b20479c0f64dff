// A page's address after "#" names where it is (exercise.html#step=12&mode=forward): a link
// opens there, and the address follows the steps, so that a reload or a copied link keeps it.

// The address's fields: readAddress().get("step").
export function readAddress() {
  return new URLSearchParams(location.hash.slice(1));
}

// The address becomes `hash` ("#step=3&mode=forward"), with no new history entry: Back leaves
// the page rather than stepping back through it.
export function writeAddress(hash) {
  if (location.hash === hash) return;
  try {
    history.replaceState(null, "", hash);
  } catch (error) {
    // A page shown from a string (an iframe's srcdoc) has no address to update.
  }
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
