"""Shared pytest configuration: hypothesis profiles tuned for a 2-core CI machine."""

import os

from hypothesis import HealthCheck, Phase, settings

# No per-example deadline: shared CI machines are noisy, and speed is measured by benchmarks.
settings.register_profile(
    "default", deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", deadline=None, max_examples=1000, suppress_health_check=[HealthCheck.too_slow]
)
# CI: the same examples on every run, so a red build is reproducible and never a coin toss.
settings.register_profile(
    "ci",
    deadline=None,
    max_examples=60,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
# The mutation run (make mutants): fewer examples, no shrinking (a failure is all it needs to
# know) and no example database, so each of ~1,500 runs is short and none depends on another.
settings.register_profile(
    "mutants",
    deadline=None,
    max_examples=20,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
default_profile = "ci" if os.environ.get("CI") else "default"
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", default_profile))
