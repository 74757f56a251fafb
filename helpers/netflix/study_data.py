"""What the Netflix study's report says of its own data and models, set beside this book's data: the
report's counts (which disagree with one another), the parameter counts of its two diagrams, and the
Netflix Prize's milestones it compares its best model with.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from helpers.netflix.claims import PROGRESS_PRIZE_2007, STUDY_USERS, TEST
from helpers.netflix.judging import interval_text

PRIZE_RATINGS, PRIZE_USERS, PRIZE_MOVIES = 100_480_507, 480_189, 17_770  # the whole Netflix Prize training data
STUDY_DENSITY = 0.117  # the report's words: "a density of only 0.117"
STUDY_DL_PARAMS, STUDY_DLPLUS_PARAMS = 782_529, 803_761  # the parameter counts of the report's two diagrams
STUDY_EMBEDDED = STUDY_DLPLUS_PARAMS - STUDY_DL_PARAMS  # DL+'s extra parameters: one bias per user and per movie
STUDY_TRAIN_SHARE = 0.9  # the study's 9:1 split
MILESTONES = {  # RMSE (stars) on the prize's hidden quiz set, and the study's best test RMSE
    "Cinematch (Netflix)": 0.9514,
    "10 % improvement target": 0.8563,
    "2007 progress prize": PROGRESS_PRIZE_2007,
    "2008 progress prize": 0.8616,
    "2009 grand prize": 0.8554,
    "the study: DL+ + norm (its 10 % test)": TEST["dlplus_norm"][0],
}
THIS_SLICE = "this book's slice"
AT_COUNTS = "the report: 10,000 users, all ratings"
AT_DENSITY = "the report: 10,000 users at its density"
WHOLE_PRIZE = "the whole prize"


def density_table(users: int, movies: int, ratings: int) -> pd.DataFrame:
    """One row per reading of the data: this book's slice (``users``, ``movies``, ``ratings``), the
    report's 10,000 users with the whole prize's ratings, the same users at the report's density, and the
    whole prize; columns users, movies, ratings (counts) and density (%, ratings per user–movie cell)."""
    table = pd.DataFrame(
        {
            THIS_SLICE: [users, movies, ratings],
            AT_COUNTS: [STUDY_USERS, PRIZE_MOVIES, PRIZE_RATINGS],
            AT_DENSITY: [STUDY_USERS, PRIZE_MOVIES, STUDY_DENSITY * STUDY_USERS * PRIZE_MOVIES],
            WHOLE_PRIZE: [PRIZE_USERS, PRIZE_MOVIES, PRIZE_RATINGS],
        },
        index=["users", "movies", "ratings"],
    ).T
    table["density (%)"] = 100 * table.ratings / (table.users * table.movies)
    return table


def mlp_parameters(latent: int, hidden: Sequence[int]) -> int:
    """The weights and biases of the DL models' MLP: its input is two ``latent``-dimensional embeddings
    end to end, then ReLU layers of ``hidden`` widths and one output."""
    widths = [2 * latent, *hidden, 1]
    return sum((a + 1) * b for a, b in zip(widths[:-1], widths[1:], strict=True))


def study_embedded_rows(latent: int, hidden: Sequence[int]) -> int:
    """The users and movies that DL's diagram implies: its parameters less the MLP's, over ``latent``."""
    return (STUDY_DL_PARAMS - mlp_parameters(latent, hidden)) // latent


def prize_table(rows: Mapping[str, object]) -> pd.DataFrame:
    """The milestones (RMSE, stars) followed by this book's ``rows`` (label → interval of an RMSE, an
    object with ``estimate``, ``low`` and ``high``): columns "RMSE (stars)" and "95 % interval" (text,
    empty for a milestone, which has none)."""
    book = {label: [interval.estimate, interval_text(interval)] for label, interval in rows.items()}
    return pd.concat(
        [
            pd.DataFrame({"RMSE (stars)": MILESTONES, "95 % interval": ""}),
            pd.DataFrame(book, index=["RMSE (stars)", "95 % interval"]).T,
        ]
    )
