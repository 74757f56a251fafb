"""The appendix's tables: the prize's size beside the slice's, and what each engine measured at each size."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from helpers.scale import benchmark, cost_model, synthetic


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


TIMING_COLUMNS = (  # what the appendix shows of benchmark.summary, in this order
    "repeats",
    "fit from disk (s)",
    "fit from disk (s) sd",
    "first pass (s)",
    "steady pass (s)",
    "pass for the cost model (s)",
    "pass for the cost model (s) sd",
    "start-up (s)",
    "peak memory (MiB)",
    "test RMSE (stars)",
    "to the target (s)",
    "to the target (s) sd",
)


def timing_table(timings: Mapping[int, Sequence[benchmark.Timing]], targets: Mapping[int, float]) -> pd.DataFrame:
    """Return one engine's :func:`~helpers.scale.benchmark.summary` at each size (``timings``: ratings ->
    its repeats), the seconds to the target of ``targets`` (ratings -> test RMSE, stars) at that size,
    with the columns of :data:`TIMING_COLUMNS`."""
    rows = [benchmark.summary({n: runs}, targets[n]) for n, runs in timings.items()]
    return pd.concat(rows)[list(TIMING_COLUMNS)]


def coefficient_table(models: Mapping[str, cost_model.CostModel]) -> pd.DataFrame:
    """Return each fitted cost model's coefficients (``models``: engine -> model) with their 95 % intervals,
    one row per engine and term (seconds per unit of the term)."""
    rows = {
        (engine, term): {"coefficient": value, "95 % low": low, "95 % high": high}
        for engine, model in models.items()
        for term, value, (low, high) in zip(model.terms, model.coefficients, model.intervals, strict=True)
    }
    return pd.DataFrame(rows).T.rename_axis(["engine", "term"])
