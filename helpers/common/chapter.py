"""Start a chapter: the one set-up call every notebook makes after checking its parameters.

    recorded = chapter.start(seed)

seeds the run, applies the book's plot style and number format, and returns the chapter's recorder, under
the one name every chapter gives it: ``recorded.keep(name, value)`` glues a figure, ``recorded.judged(...)``
a judged claim.
"""

from __future__ import annotations

from helpers.common import formatting, plots, seeding
from helpers.common.records import Recorder


def start(seed: int | None = None, *, openmp_threads: int | None = None) -> Recorder:
    """Set up the chapter's kernel and return its empty :class:`~helpers.common.records.Recorder`.

    ``seed``: seed Python, NumPy and TensorFlow and make TensorFlow's ops deterministic
    (:func:`~helpers.common.seeding.seed_everything`), and silence TensorFlow's notices below errors (such
    as a model's prediction function traced again); None, for a chapter that draws nothing at random and
    trains no network, leaves both alone (TensorFlow is not even imported). ``openmp_threads``: limit
    OpenMP to this many threads, for gradient boosting beside TensorFlow on few cores (it changes speed,
    not results); None leaves OpenMP as it is. Always applies the book's plot style
    (:func:`~helpers.common.plots.use_book_style`) and number format
    (:func:`~helpers.common.formatting.use_book_format`).
    """
    if openmp_threads is not None:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=openmp_threads, user_api="openmp")
    if seed is not None:
        seeding.seed_everything(seed)
        import tensorflow as tf

        tf.get_logger().setLevel("ERROR")
    plots.use_book_style()
    formatting.use_book_format()
    return Recorder()
