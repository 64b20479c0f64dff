// Quiz mode: the backward pass with each new gradient hidden until the learner gives it, one
// question per gradient a step changes, in the order of its changes. Right within 0.5% (the
// page shows 4 digits): the next question, or the next step. Wrong: the local derivative as a
// hint, then the upstream gradient, then the answer.
import { formatNumber } from "viz/format.js";

const form = document.getElementById("quiz");
export const answerInput = document.getElementById("answer");
const feedback = document.getElementById("feedback");
const scoreText = document.getElementById("score");

// The quiz of a page whose steps tell it: `on()` whether the page is in quiz mode,
// `questions()` this step's (none outside it), `hide(c)` and `reveal(c)` the gradient question
// c asks, `last()` whether this is the last step, `answered(right)` once the step's last
// question is (the page shows the step's working, then moves on or calls `ask`).
export function makeQuiz({ on, questions, hide, reveal, last, answered }) {
  let asked = 0; // questions of this step answered (or revealed)
  let tries = 0; // wrong answers to the current question
  const score = { right: 0, total: 0 };

  // A new step: its gradients hidden until asked and answered.
  function begin() {
    asked = 0;
    tries = 0;
    for (let c = 0; c < questions().length; c += 1) hide(c);
  }

  // Whether every question of this step is answered (true for a step with none).
  function done() {
    return asked >= questions().length;
  }

  // Leaving a step unanswered: its gradients are shown.
  function revealRest() {
    for (let c = asked; c < questions().length; c += 1) reveal(c);
    asked = questions().length;
  }

  function resetScore() {
    Object.assign(score, { right: 0, total: 0 });
  }

  // The next question, if any, and the score.
  function ask() {
    const open = !done();
    form.hidden = !open;
    scoreText.hidden = !on();
    scoreText.textContent = `score: ${score.right} of ${score.total}`
      + (on() && last() ? " (the quiz is done)" : "");
    if (!open) return;
    document.getElementById("question").textContent = questions()[asked].question;
    answerInput.value = "";
  }

  function check() {
    const question = questions()[asked];
    const typed = Number(answerInput.value.trim().replace("\u2212", "-"));
    const right = answerInput.value.trim() !== "" && Number.isFinite(typed)
      && Math.abs(typed - question.answer) <= 5e-3 * Math.abs(question.answer) + 1e-12;
    if (!right && tries < question.hints.length) {
      feedback.textContent = `Not quite. Hint: ${question.hints[tries]}`;
      tries += 1;
      answerInput.select();
      return;
    }
    score.total += 1;
    if (right && tries === 0) score.right += 1;
    feedback.textContent = right ? `Right: ${formatNumber(question.answer)}`
      : `It is ${formatNumber(question.answer)}`;
    reveal(asked);
    asked += 1;
    tries = 0;
    if (!done()) return ask();
    answered(right);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    check();
  });
  document.getElementById("flip-sign").addEventListener("click", () => {
    // Phones' decimal keypads have no minus key.
    const text = answerInput.value.trim();
    answerInput.value = text.startsWith("-") ? text.slice(1) : `-${text}`;
    answerInput.focus();
  });
  return { begin, done, revealRest, resetScore, ask };
}
