"""The one set-up call of every chapter: seeds, TensorFlow's notices, the plot style, the number format and
an empty recorder. Each case runs in a fresh interpreter, as a chapter's kernel starts."""

import json
import subprocess
import sys
import textwrap

from helpers.common import plots
from helpers.common.paths import repo_root


def in_fresh_python(code: str) -> dict:
    """Run ``code`` (which prints one JSON object) in a new interpreter; return the object."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=repo_root(), capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_seeded_start_repeats_the_draws_and_sets_the_books_style():
    seen = in_fresh_python("""
        import json, logging, random
        import matplotlib.pyplot as plt
        import numpy as np
        import pandas as pd
        from helpers.common import chapter
        recorded = chapter.start(7)
        first = [random.random(), float(np.random.random())]
        chapter.start(7)
        again = [random.random(), float(np.random.random())]
        import tensorflow as tf
        print(json.dumps({
            "repeats": first == again, "recorder": type(recorded).__name__, "empty": not recorded,
            "tf_level": tf.get_logger().level == logging.ERROR, "dpi": plt.rcParams["figure.dpi"],
            "max_columns": pd.get_option("display.max_columns"),
        }))
    """)
    assert seen == {
        "repeats": True, "recorder": "Recorder", "empty": True, "tf_level": True, "dpi": plots.DPI,
        "max_columns": None,
    }  # fmt: skip


def test_a_start_without_a_seed_leaves_tensorflow_out_and_openmp_as_asked():
    seen = in_fresh_python("""
        import json, sys
        import sklearn.ensemble  # loads the OpenMP runtime
        from threadpoolctl import threadpool_info
        from helpers.common import chapter
        chapter.start(openmp_threads=1)
        openmp = [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "openmp"]
        print(json.dumps({"tensorflow": "tensorflow" in sys.modules, "openmp": openmp}))
    """)
    assert seen["tensorflow"] is False
    assert seen["openmp"] and set(seen["openmp"]) == {1}
