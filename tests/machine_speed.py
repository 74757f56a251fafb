"""How much slower this machine is than the one on which the chapters' time limits were set.

The limits (per chapter and profile, in the tests) were set on the book's first 2-core machine. The
2-core machine the book moved to in December 2026 runs the same commit's quick runs about twice as
slowly (04_douban 59-72 s there, 124 s here; 05_netflix 36 s there, 76 s here). A fixed workload
shaped like the chapters' (import Keras, then build, trace and fit three small models), timed in a
fresh process, measures the difference: a limit is multiplied by ``max(1, seconds / REFERENCE_S)``.
``REFERENCE_S`` estimates the workload's time on the limits' machine as 0.53 of its time on the
slower one (11.5 s): the larger of the two ratios above, so that the estimate errs towards strict
limits. On a machine as fast as the first one the limits apply unchanged.

Run as a script (``make test`` does, before the tests, while nothing else runs) it writes its
measurement to ``build/machine_speed.json``, which the tests then read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REFERENCE_S = 6.1
RESULT_FILE = Path(__file__).resolve().parent.parent / "build" / "machine_speed.json"
WORKLOAD = """
import time
start = time.perf_counter()
import keras
import numpy as np
rng = np.random.default_rng(0)
x, y = rng.random((2000, 20), dtype="float32"), rng.random((2000, 1), dtype="float32")
for _ in range(3):
    model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y, epochs=2, batch_size=64, verbose=0)
    model.predict(x, verbose=0)
print(time.perf_counter() - start)
"""


def workload_seconds() -> float:
    """Run the workload in a fresh Python process and return its wall time in seconds."""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}
    done = subprocess.run([sys.executable, "-c", WORKLOAD], capture_output=True, text=True, env=env, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def slowdown() -> float:
    """Return how many times slower than the limits' machine this one is (at least 1), from
    ``build/machine_speed.json`` if a measurement is there, else measured now."""
    if RESULT_FILE.is_file():
        seconds = json.loads(RESULT_FILE.read_text())["workload_s"]
    else:
        seconds = workload_seconds()
    return max(1.0, seconds / REFERENCE_S)


if __name__ == "__main__":
    measured = workload_seconds()
    RESULT_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULT_FILE.write_text(json.dumps({"workload_s": measured, "reference_s": REFERENCE_S}))
    print(f"machine speed: the reference workload took {measured:.1f} s ({REFERENCE_S} s on the limits' machine)")
