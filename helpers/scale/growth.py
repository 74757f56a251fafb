"""How the measured costs grow with the number of ratings, and what they say at the prize's size: the
constants of the extrapolation, the study's own timings, the sentence on fixed costs, and the table of
measured and extrapolated seconds. The power law itself is :func:`helpers.scale.engines.growth_exponent`."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.common import formatting
from helpers.scale import engines

EXTRAPOLATE_TO = 100_000_000  # ratings: the prize's order of magnitude
CLUSTER_CORES = 64  # a small class cluster, for the lower bound of an ALS fit there
FIXED_COST_EXPONENT = 0.5  # below this, the measured sizes' cost is mostly fixed, not per rating
MOSTLY_FIXED = (
    "At these sizes the cost is mostly fixed (starting processes, compiling code),"
    " not per rating, so the lines say little about larger sizes."
)
MOSTLY_PER_RATING = (
    "At these sizes the cost per rating outweighs the fixed costs of starting processes and compiling code."
)
STUDY_SECONDS_PER_EPOCH = {"MF": 4, "DL": 10, "DL+": 11}  # the report §5, on an MX250 GPU
LARGEST_TWO = slice(-2, None)  # the two largest sizes, where fixed costs weigh least
FLOAT_BYTES, ADAM_COPIES = 4, 3  # float32 weights; Adam keeps two moments beside each
MIB = 2**20  # bytes


def fit_note(dl_exponent: float, als_exponent: float) -> str:
    """Return the sentence that says whether the measured cost is mostly fixed (either growth exponent
    below :data:`FIXED_COST_EXPONENT`) or mostly per rating."""
    return MOSTLY_FIXED if min(dl_exponent, als_exponent) < FIXED_COST_EXPONENT else MOSTLY_PER_RATING


def ratings_at(seconds: float, exponent: float, intercept: float) -> float:
    """Return the number of ratings at which the power law ``log10 t = exponent · log10 n + intercept``
    reaches ``seconds``, to two significant digits."""
    n = 10 ** ((np.log10(seconds) - intercept) / exponent)
    return float(f"{n:.2g}")


def extra_table_mib(prize_users: int, largest_users: int, latent: int) -> float:
    """Return the MiB of DL+'s user table (``latent`` weights and a bias per user, float32) and Adam's two
    moments that the prize's users add beyond the ``largest_users`` of the largest size measured."""
    return (prize_users - largest_users) * (latent + 1) * FLOAT_BYTES * ADAM_COPIES / MIB


def growth_table(sizes: Sequence[int], dl_seconds: Sequence[float], als_seconds: Sequence[float]) -> pd.DataFrame:
    """Return DL+'s seconds per epoch and ALS's seconds per fit at each measured size and, in the last
    row, extrapolated to :data:`EXTRAPOLATE_TO` ratings along the power law through the measured sizes."""
    extrapolated = [engines.extrapolate(sizes, seconds, EXTRAPOLATE_TO) for seconds in (dl_seconds, als_seconds)]
    return pd.DataFrame(
        {
            "DL+ seconds per epoch": [*dl_seconds, extrapolated[0]],
            "ALS seconds per fit": [*als_seconds, extrapolated[1]],
        },
        index=pd.Index(
            [formatting.count(n) for n in sizes] + [f"{formatting.count(EXTRAPOLATE_TO)} (extrapolated)"],
            name="ratings",
        ),
    )
