"""Side-by-side benchmarks: medians and ratios measured in one run (not tests)."""
