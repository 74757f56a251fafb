"""The appendix's tables: the prize's size beside the slice's, and what each engine measured at each size."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from helpers.scale import engines, synthetic


def prize_and_slice(slice_ratings: pd.DataFrame) -> pd.DataFrame:
    """Return the ratings, users, movies and density (%) of the prize's training data (its README's
    counts) and of the Netflix chapter's slice ``slice_ratings`` (user_id, movie_id, rating)."""
    frame = pd.DataFrame(
        {
            "ratings": [synthetic.PRIZE_RATINGS, len(slice_ratings)],
            "users": [synthetic.PRIZE_USERS, slice_ratings.user_id.nunique()],
            "movies": [synthetic.PRIZE_MOVIES, slice_ratings.movie_id.nunique()],
        },
        index=pd.Index(["the prize's training data", "the Netflix chapter's slice"], name="data"),
    )
    frame["density (%)"] = 100 * frame.ratings / (frame.users * frame.movies)
    return frame


def dl_table(runs: Mapping[int, engines.DLScaleResult]) -> pd.DataFrame:
    """Return what DL+ measured at each size (``runs``: ratings -> result): its training ratings, seconds per
    epoch, peak memory and memory before training (MiB), and the test RMSE of DL+ and of the mean rating."""
    return pd.DataFrame(
        {
            n: {
                "training ratings": run.rows,
                "seconds per epoch": run.seconds_per_epoch,
                "peak memory (MiB)": run.peak_mib,
                "memory before training (MiB)": run.baseline_mib,
                "test RMSE (stars)": run.rmse_test,
                "mean rating's RMSE (stars)": run.rmse_mean_predictor,
            }
            for n, run in runs.items()
        }
    ).T.rename_axis("ratings")


def als_table(runs: Mapping[int, engines.ALSResult]) -> pd.DataFrame:
    """Return what ALS measured at each size (``runs``: ratings -> result): its training ratings, the seconds
    of the fit and per iteration, Spark's memory (MiB), and the test RMSE of ALS and of the mean rating."""
    return pd.DataFrame(
        {
            n: {
                "training ratings": run.rows,
                "fit (s)": run.seconds,
                "seconds per iteration": run.seconds_per_iteration,
                "Spark's memory (MiB)": run.jvm_mib,
                "test RMSE (stars)": run.rmse_test,
                "mean rating's RMSE (stars)": run.rmse_mean_predictor,
            }
            for n, run in runs.items()
        }
    ).T.rename_axis("ratings")
