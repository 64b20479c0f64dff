// One number formatter for the pages (the training page and the step-through page).
// The text it gives parses back to the number within its significant digits: the exponent is
// never trimmed (toPrecision(4) of -1.237e-10 is "-1.237e-10"; trimming zeros there once showed
// "-1.237e-1"), only trailing zeros of the mantissa are.

// Plain notation between 0.001 and 10^digits, so that 0.5 and 1234 read as themselves;
// outside that, 3.799e-4 is shorter than 0.0003799 and easier to compare.
export function formatNumber(x, digits = 4) {
  const value = Number(x);
  if (!Number.isFinite(value)) return String(value);  // NaN, Infinity, -Infinity
  if (value === 0) return "0";  // -0 too: a sign on zero says nothing to a learner
  const size = Math.abs(value);
  const plain = size >= 1e-3 && size < 10 ** digits;
  const text = plain ? value.toPrecision(digits) : value.toExponential(digits - 1);
  // toPrecision can still answer in exponent form when rounding carries (9999.6 -> "1.000e+4").
  const [mantissa, exponent] = text.split("e");
  const trimmed = mantissa.includes(".") ? mantissa.replace(/\.?0+$/, "") : mantissa;
  return exponent === undefined ? trimmed : `${trimmed}e${exponent.replace("+", "")}`;
}

// A share (0.875) as a percentage in the same rule: its number of percent, then % (87.5%, 75%,
// 33.33%); look.format_percent is its twin.
export function formatPercent(share) {
  return `${formatNumber(100 * share)}%`;
}
