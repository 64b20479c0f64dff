// The pages' keys: → / ← next and previous, Home / End first and last, Space play or pause,
// and each page's own `actions` (letters work with Shift: the help shows capitals). They work
// whatever was clicked; a control reached with Tab keeps its own keys.
export function listenToKeys(stepper, actions, { ignore = () => false } = {}) {
  // How the focused control was reached: a click or Tab.
  let focusedBy = "keyboard";
  document.addEventListener("pointerdown", () => { focusedBy = "pointer"; }, true);
  document.addEventListener("keydown", (event) => {
    if (ignore(event.target)) return; // e.g. typing an answer: every key is the learner's
    const all = {
      ArrowRight: () => stepper.go(stepper.current() + 1),
      ArrowLeft: () => stepper.go(stepper.current() - 1),
      Home: () => stepper.go(0),
      End: () => stepper.go(stepper.count() - 1),
      " ": stepper.togglePlay,
      ...actions,
    };
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    // The slider and a list step with the arrow keys themselves. A control reached with Tab
    // keeps its own keys (arrows choose a radio button, Space and Enter press a button); one
    // just clicked does not, so that → after clicking a pass steps, and Space after Next plays.
    if (event.key === "Tab") focusedBy = "keyboard";
    const typed = event.target.matches("input[type=range], select")
      || (event.target.matches("input, button") && focusedBy === "keyboard");
    const own = typed
      ? ["ArrowRight", "ArrowLeft", "ArrowUp", "ArrowDown", "Home", "End", " ", "Enter"] : [];
    if (own.includes(key)) return;
    if (event.ctrlKey || event.metaKey || event.altKey || !(key in all)) return;
    event.preventDefault();
    all[key]();
  });
}
