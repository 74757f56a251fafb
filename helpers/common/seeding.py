"""Make a run repeatable: one call seeds Python, NumPy and TensorFlow and asks for deterministic ops."""

from __future__ import annotations

import os
import random

import numpy as np


def seed_everything(seed: int, *, tensorflow: bool = True) -> np.random.Generator:
    """Seed ``random``, NumPy's legacy global state and (optionally) TensorFlow/Keras.

    Returns a fresh ``np.random.Generator`` seeded with ``seed`` for code that takes one.
    With ``tensorflow=True`` it also turns on ``tf.config.experimental.enable_op_determinism``,
    so the same seed gives the same weights and the same figures on the same machine.
    """
    os.environ["PYTHONHASHSEED"] = str(seed)
    random.seed(seed)
    np.random.seed(seed)
    if tensorflow:
        import keras
        import tensorflow as tf

        keras.utils.set_random_seed(seed)
        tf.config.experimental.enable_op_determinism()
    return np.random.default_rng(seed)
