// The pages' stepper: Reset, Previous, Play, Next and the slider move through a page's steps
// (the step-through page's steps, the training page's snapshots). A page makes one with its
// count, its current step and its `show(k)`, and calls `mark` from `show`; the stepper keeps
// only the play timer.
export function makeStepper({ count, current, show, interval }) {
  const slider = document.getElementById("slider");
  const playButton = document.getElementById("play");
  let timer = null;

  function pause() {
    clearInterval(timer);
    timer = null;
    playButton.textContent = "Play";
    playButton.setAttribute("aria-pressed", "false");
  }

  // Play on from here (from the start when at the end), one step each `interval` ms.
  function togglePlay() {
    if (timer) return pause();
    if (current() === count() - 1) show(0);
    playButton.textContent = "Pause";
    playButton.setAttribute("aria-pressed", "true");
    timer = setInterval(() => (current() < count() - 1 ? show(current() + 1) : pause()), interval);
  }

  // Every control but Play stops playing, then goes to step k.
  function go(k) {
    pause();
    show(k);
  }

  // Where the page is: the slider, and `label` in the counter and read out for the slider.
  function mark(label) {
    slider.max = count() - 1;
    slider.value = current();
    slider.setAttribute("aria-valuetext", label);
    document.getElementById("counter").textContent = label;
  }

  document.getElementById("reset").addEventListener("click", () => go(0));
  document.getElementById("prev").addEventListener("click", () => go(current() - 1));
  document.getElementById("next").addEventListener("click", () => go(current() + 1));
  playButton.addEventListener("click", togglePlay);
  slider.addEventListener("input", () => go(Number(slider.value)));
  return { count, current, pause, togglePlay, go, mark };
}
