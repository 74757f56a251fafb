"""What the measured costs say at the prize's size beyond time: the study's own timings, the cluster the
appendix prices an ALS fit on, and the memory the prize's users add to DL+'s tables. The cost models
themselves are :mod:`helpers.scale.cost_model`; the power law beside them is
:func:`helpers.scale.engines.growth_exponent`."""

from __future__ import annotations

CLUSTER_CORES = 64  # a small class cluster, for the estimate of an ALS fit there
STUDY_SECONDS_PER_EPOCH = {"MF": 4, "DL": 10, "DL+": 11}  # the report §5, on an MX250 GPU
FLOAT_BYTES, ADAM_COPIES = 4, 3  # float32 weights; Adam keeps two moments beside each
MIB = 2**20  # bytes


def extra_table_mib(prize_users: int, largest_users: int, latent: int) -> float:
    """Return the MiB of DL+'s user table (``latent`` weights and a bias per user, float32) and Adam's two
    moments that the prize's users add beyond the ``largest_users`` of the largest size measured."""
    return (prize_users - largest_users) * (latent + 1) * FLOAT_BYTES * ADAM_COPIES / MIB
