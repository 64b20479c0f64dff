"""Side-by-side benchmarks: medians and ratios measured in one run (not tests)."""

import time

clock = time.process_time
"""The cases' timer: CPU seconds of the process (all its threads), not wall-clock time. The
machine may be shared: a process waiting for a core is not charged for the wait, so a ratio
measured under load stays close to the same ratio measured on a quiet machine."""
