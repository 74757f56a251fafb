"""Tabular box-office features from TMDB rows, the budget split, and the study's MLP as a scikit-learn estimator.

The study (report 000) describes 17 features of a film; :data:`FEATURES` are the 15 that TMDB 5000
can give, in the study's order. Each rule is stated in :data:`FEATURE_RULES`, so the chapter can
print it. The target is ``log1p(revenue)`` in log US dollars.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from sklearn.base import BaseEstimator, RegressorMixin, TransformerMixin

from helpers.common.errors import DataError
from helpers.common.training import compile_with_built_optimizer
from helpers.datasets import json_names

if TYPE_CHECKING:
    import keras

STUDY_FEATURES = [
    "log_budget", "popularity", "runtime", "collection", "has_homepage", "is_en", "has_tagline",
    "num_production_companies", "num_production_countries", "num_spoken_languages", "num_Keywords",
    "num_cast", "num_crew", "is_popular_genres", "release_year", "release_day", "release_month",
]  # fmt: skip
MISSING_FEATURES = {
    "collection": "no belongs_to_collection field (TMDB 5000 has none)",
    "num_crew": (
        "no crew list: the cast table used here (a third party's join of TMDB 5000's credits) keeps only"
        " the director; Kaggle's tmdb_5000_credits.csv holds every film's crew"
    ),
}
FEATURES = [name for name in STUDY_FEATURES if name not in MISSING_FEATURES]
JSON_LIST_COUNTS = {
    "num_production_companies": "production_companies",
    "num_production_countries": "production_countries",
    "num_spoken_languages": "spoken_languages",
    "num_Keywords": "keywords",
}
GENRE_CAP = 6
FEATURE_RULES = {
    "log_budget": "log1p(budget in US dollars)",
    "popularity": "TMDB popularity score, as given",
    "runtime": "running time in minutes, as given",
    "has_homepage": "1 if the film has a homepage URL, else 0",
    "is_en": "1 if original_language is 'en', else 0",
    "has_tagline": "1 if the film has a tagline, else 0",
    **{feature: f"number of entries in the JSON list `{column}`" for feature, column in JSON_LIST_COUNTS.items()},
    "num_cast": "number of '/'-joined names in the cast list (0 if the film has none)",
    "is_popular_genres": (
        f"number of the film's genres among the popular ones (fitted on training films), capped at {GENRE_CAP}"
    ),
    "release_year": "calendar year of release_date",
    "release_day": "weekday of release_date (0 = Monday .. 6 = Sunday)",
    "release_month": "month of release_date (1..12)",
    "budget_unknown": "1 if the budget is 0 (unknown), else 0; not a feature of the study's",
}
ZERO_BUDGET_RULE = "budget is 0 (unknown)"
CLEANING_RULES = {
    ZERO_BUDGET_RULE: lambda films: films["budget"] > 0,
    "revenue is 0 (unknown)": lambda films: films["revenue"] > 0,
    "no release date": lambda films: films["release_date"].notna(),
    "no runtime": lambda films: films["runtime"].notna(),
}
REQUIRED_COLUMNS = ["id", "budget", "revenue", "popularity", "runtime", "release_date", "original_language", "genres"]
CAST = "cast file"  # the input of num_cast, which is not a column of the films
# each feature built from an optional input: that input (a column of the films, or the cast file)
OPTIONAL_INPUTS = {"has_homepage": "homepage", "has_tagline": "tagline", **JSON_LIST_COUNTS, "num_cast": CAST}


def _require_columns(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """Raise DataError naming the columns of ``columns`` that ``frame`` lacks."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(f"{what}: missing column(s) {missing}; it has {list(frame.columns)}")


def clean_films(movies: pd.DataFrame, keep_zero_budget: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply :data:`CLEANING_RULES` in order to TMDB ``movies`` (one row per film); with
    ``keep_zero_budget`` the films whose budget is 0 (unknown) stay, as in the study's competition data.

    Returns ``(kept films, counts)`` where ``counts`` has one row per rule: ``rule``, ``removed``
    (films that rule removes among those the earlier rules kept) and ``remaining``.
    """
    _require_columns(movies, REQUIRED_COLUMNS, "movies")
    kept = movies
    rows = [{"rule": "raw films", "removed": 0, "remaining": len(movies)}]
    rules = {k: v for k, v in CLEANING_RULES.items() if not (keep_zero_budget and k == ZERO_BUDGET_RULE)}
    for rule, keep in rules.items():
        mask = keep(kept).to_numpy(dtype=bool)
        kept = kept[mask]
        rows.append({"rule": rule, "removed": int((~mask).sum()), "remaining": len(kept)})
    return kept.reset_index(drop=True), pd.DataFrame(rows)


def log_revenue(films: pd.DataFrame) -> pd.Series:
    """Return the target ``log1p(revenue)`` (log US dollars), indexed by film ``id``."""
    return pd.Series(np.log1p(films["revenue"].to_numpy(dtype=float)), index=films["id"].to_numpy(), name="log_revenue")


def popular_genres(genres: pd.Series, y: ArrayLike, n: int, min_films: int) -> list[str]:
    """Return the ``n`` genres with the highest mean log revenue among films whose TMDB ``genres`` (JSON
    lists, one per film) and log revenue ``y`` (n films,) are given.

    Only genres with at least ``min_films`` films compete, so that a rare genre with a few hits is
    not called popular. Give training films only: the ranking reads their revenue.
    """
    if n < 1 or min_films < 1:
        raise ValueError(f"n={n} and min_films={min_films} must both be at least 1")
    revenue = np.asarray(y, dtype=float).ravel()
    if revenue.size != len(genres):
        raise ValueError(f"{len(genres)} films' genres but {revenue.size} revenues")
    long = pd.DataFrame({"genre": genres.map(json_names).to_numpy(), "log_revenue": revenue}).explode("genre")
    stats = long.dropna(subset=["genre"]).groupby("genre")["log_revenue"].agg(["mean", "size"])
    stats = stats[stats["size"] >= min_films]
    if stats.empty:
        raise ValueError(f"no genre has {min_films} or more films")
    return stats.sort_values(["mean", "size"], ascending=False).index[:n].tolist()


class FilmFeatures(TransformerMixin, BaseEstimator):
    """The study's features of films as a scikit-learn transformer, so that the one feature fitted on
    revenue, ``is_popular_genres``, is fitted on the films a pipeline is trained on and nowhere else.

    ``fit(films, y)`` ranks the genres by the training films' log revenue ``y`` (n,) with
    :func:`popular_genres` (``popular_count`` genres, each with at least ``popular_min_films`` films);
    ``transform(films)`` returns :func:`build_features` of ``films`` (a float DataFrame, one row per
    film, the columns ``features``), reading no revenue. Inside cross-validation each fold's pipeline
    therefore ranks the genres on that fold's training part, and the held-out films' revenue reaches no
    feature. ``cast`` is the cast table :func:`build_features` needs (None without ``num_cast``).
    """

    def __init__(
        self,
        features: Sequence[str] = tuple(FEATURES),
        cast: pd.DataFrame | None = None,
        popular_count: int = 6,
        popular_min_films: int = 30,
    ) -> None:
        self.features = features
        self.cast = cast
        self.popular_count = popular_count
        self.popular_min_films = popular_min_films

    def fit(self, films: pd.DataFrame, y: ArrayLike) -> FilmFeatures:
        """Rank the genres on the training ``films`` and their log revenue ``y`` (n,); return self."""
        _require_columns(films, ["genres"], "films")
        self.popular_ = popular_genres(films["genres"], y, self.popular_count, self.popular_min_films)
        return self

    def transform(self, films: pd.DataFrame) -> pd.DataFrame:
        """Return the features of ``films``, shape (n films, len(features)), with the fitted genres."""
        return build_features(films, self.cast, self.popular_, list(self.features))

    def get_feature_names_out(self, input_features: Sequence[str] | None = None) -> np.ndarray:
        """Return the names of the features :meth:`transform` gives."""
        return np.asarray(list(self.features), dtype=object)


def available_features(columns: Sequence[str], has_cast: bool) -> tuple[list[str], dict[str, str]]:
    """Return the :data:`FEATURES` that films with ``columns`` (and a cast table if ``has_cast``) can give,
    in the study's order, and ``{feature: why it is left out}`` for the study's others: those of
    :data:`MISSING_FEATURES` and those whose optional input (:data:`OPTIONAL_INPUTS`) is absent."""
    given = {*columns, *([CAST] if has_cast else [])}
    left_out = dict(MISSING_FEATURES)
    for feature, source in OPTIONAL_INPUTS.items():
        if source not in given:
            left_out[feature] = f"no {source} was given" if source == CAST else f"the films have no {source} column"
    return [name for name in STUDY_FEATURES if name not in left_out], left_out


def build_features(
    films: pd.DataFrame, cast: pd.DataFrame | None, popular: Sequence[str], features: Sequence[str] = FEATURES
) -> pd.DataFrame:
    """Return ``features`` (default :data:`FEATURES`) of each film, rows indexed by film ``id``, by
    :data:`FEATURE_RULES`; a float DataFrame (n films, len(features)).

    ``films`` are cleaned TMDB rows (see :func:`clean_films`) with the columns the features need,
    ``cast`` has ``id`` and ``cast`` ('/'-joined names, may be missing; None when no feature needs it),
    ``popular`` the genres counted by ``is_popular_genres``. Raises DataError if a column is missing,
    a release date or runtime is missing, or a film has no row in ``cast``.
    """
    inputs = [OPTIONAL_INPUTS[f] for f in features if OPTIONAL_INPUTS.get(f, CAST) != CAST]
    _require_columns(films, [*REQUIRED_COLUMNS, *inputs], "films")
    for column in ("release_date", "runtime"):
        if films[column].isna().any():
            raise DataError(f"films: {int(films[column].isna().sum())} film(s) have no {column}; run clean_films first")
    popular_set = set(popular)
    dates = films["release_date"].dt
    rules = {
        "log_budget": lambda: np.log1p(films["budget"].to_numpy(dtype=float)),
        "popularity": lambda: films["popularity"].to_numpy(dtype=float),
        "runtime": lambda: films["runtime"].to_numpy(dtype=float),
        "has_homepage": lambda: films["homepage"].notna().astype(int).to_numpy(),
        "is_en": lambda: (films["original_language"] == "en").astype(int).to_numpy(),
        "has_tagline": lambda: films["tagline"].notna().astype(int).to_numpy(),
        **{f: _list_length(films, c) for f, c in JSON_LIST_COUNTS.items()},
        "num_cast": lambda: _cast_counts(films, cast),
        "is_popular_genres": lambda: (
            films["genres"].map(lambda text: min(len(popular_set.intersection(json_names(text))), GENRE_CAP)).to_numpy()
        ),
        "release_year": lambda: dates.year.to_numpy(),
        "release_day": lambda: dates.day_of_week.to_numpy(),
        "release_month": lambda: dates.month.to_numpy(),
        "budget_unknown": lambda: (films["budget"] == 0).astype(int).to_numpy(),
    }
    return pd.DataFrame(
        {name: rules[name]() for name in features}, index=pd.Index(films["id"].to_numpy(), name="id")
    ).astype(float)


def _list_length(films: pd.DataFrame, column: str) -> Callable[[], np.ndarray]:
    """A rule giving the number of entries of each film's TMDB JSON list in ``column``."""
    return lambda: films[column].map(lambda text: len(json_names(text))).to_numpy()


def _cast_counts(films: pd.DataFrame, cast: pd.DataFrame | None) -> np.ndarray:
    """The number of '/'-joined names in each film's cast list (0 for an empty one); raises DataError
    when ``cast`` is None, lacks a column, or has no row, or more than one, for a film."""
    if cast is None:
        raise DataError("num_cast needs a cast table; leave the feature out when there is none")
    _require_columns(cast, ["id", "cast"], "cast")
    repeated = cast["id"].duplicated()
    if repeated.any():
        raise DataError(f"cast: film id {cast['id'][repeated].iloc[0]} has more than one row; keep one per film")
    names = cast.set_index("id")["cast"]
    absent = ~films["id"].isin(names.index)
    if absent.any():
        raise DataError(f"cast: no row for film id(s) {films['id'][absent].tolist()[:5]}")
    return names.loc[films["id"]].map(lambda text: 0 if pd.isna(text) else len(text.split("/"))).to_numpy()


def budget_group(log_budget: ArrayLike, threshold: float) -> np.ndarray:
    """Return ``"high"`` where ``log_budget > threshold`` and ``"low"`` elsewhere (an array of str)."""
    values = np.asarray(log_budget, dtype=float)
    if np.isnan(values).any():
        raise ValueError("log_budget holds NaN: a film without a budget cannot be put in a budget group")
    return np.where(values > threshold, "high", "low")


def budget_masks(log_budget: ArrayLike, threshold: float) -> dict[str, np.ndarray]:
    """Return boolean masks (n,) of the films in each group: ``"all"``, and ``"high"`` and ``"low"`` by
    :func:`budget_group` at ``threshold`` (log dollars)."""
    group = budget_group(log_budget, threshold)
    return {"all": np.ones(group.size, bool), "high": group == "high", "low": group == "low"}


# Mini-batches TensorFlow runs per call of its training step: one call covers an epoch of these networks,
# which makes a fit about 40 % faster on the book's machine and leaves the weights the same.
STEPS_PER_CALL = 32


class StudyMLP(RegressorMixin, BaseEstimator):
    """The study's network as a scikit-learn regressor: BatchNormalization on the input, two hidden
    ``Dense(units)`` ReLU layers each with L1+L2 weight penalties and dropout, a linear output.

    ``fit(X, y)`` takes ``X`` of shape (n films, n features) and ``y`` of shape (n,) in log
    dollars; it holds out ``validation_fraction`` of the rows (seeded) for early stopping on the
    validation MSE with ``patience`` epochs, restoring the best weights. The output bias starts at
    the mean of ``y`` so that training does not spend its first epochs climbing to ~17 log dollars.
    ``history_`` keeps the per-epoch ``loss`` and ``val_loss``.
    """

    def __init__(
        self,
        units: int = 64,
        dropout: float = 0.2,
        l1: float = 1e-4,
        l2: float = 1e-3,
        learning_rate: float = 1e-3,
        epochs: int = 300,
        batch_size: int = 64,
        patience: int = 20,
        validation_fraction: float = 0.2,
        seed: int = 0,
    ) -> None:
        self.units = units
        self.dropout = dropout
        self.l1 = l1
        self.l2 = l2
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.batch_size = batch_size
        self.patience = patience
        self.validation_fraction = validation_fraction
        self.seed = seed

    def _network(self, n_features: int, output_bias: float) -> keras.Model:
        """Return the compiled network for ``n_features`` inputs, with its output
        bias set to ``output_bias`` (log dollars). Lines are kept short: the
        chapter shows this code on the page."""
        import keras

        penalty = keras.regularizers.L1L2(l1=self.l1, l2=self.l2)
        layers = [
            keras.Input(shape=(n_features,)),
            keras.layers.BatchNormalization(),
        ]
        for _ in range(2):
            layers += [
                keras.layers.Dense(
                    self.units,
                    activation="relu",
                    kernel_regularizer=penalty,
                ),
                keras.layers.Dropout(self.dropout),
            ]
        start = keras.initializers.Constant(output_bias)
        layers.append(keras.layers.Dense(1, bias_initializer=start))
        model = keras.Sequential(layers)
        compile_with_built_optimizer(
            model,
            keras.optimizers.Adam(self.learning_rate),
            loss="mse",
            steps_per_execution=STEPS_PER_CALL,
        )
        return model

    def fit(self, X: ArrayLike, y: ArrayLike) -> StudyMLP:
        """Train on ``X`` (n, d) and ``y`` (n,) and return self.

        The rows reach Keras as a ``tf.data`` pipeline, shuffled again every epoch with the seed: for a
        network this small, TensorFlow spends most of an epoch setting up its feed of numpy arrays,
        and the pipeline halves the time of an epoch on the book's machine. The batches are the same
        kind (``batch_size`` rows drawn without replacement); the arithmetic is the same.
        """
        import keras
        import tensorflow as tf
        from sklearn.model_selection import train_test_split

        X, y = np.asarray(X, dtype="float32"), np.asarray(y, dtype="float32").ravel()
        if X.ndim != 2 or len(X) != len(y):
            raise ValueError(f"X must be 2-D with one row per target, got X {X.shape} and y {y.shape}")
        keras.utils.set_random_seed(self.seed)
        X_fit, X_val, y_fit, y_val = train_test_split(X, y, test_size=self.validation_fraction, random_state=self.seed)
        self.model_ = self._network(X.shape[1], float(y_fit.mean()))
        batches = (
            tf.data.Dataset.from_tensor_slices((X_fit, y_fit))
            .shuffle(len(y_fit), seed=self.seed, reshuffle_each_iteration=True)
            .batch(self.batch_size)
            .prefetch(2)
        )
        held_out = tf.data.Dataset.from_tensor_slices((X_val, y_val)).batch(self.batch_size).cache()
        stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=self.patience, restore_best_weights=True)
        history = self.model_.fit(
            batches, validation_data=held_out, epochs=self.epochs, callbacks=[stop], verbose=0, shuffle=False
        )
        self.history_ = history.history
        self.n_features_in_ = X.shape[1]
        return self

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Return predicted log revenue, shape (n,), for ``X`` of shape (n, d)."""
        from keras import ops

        X = np.asarray(X, dtype="float32")
        return ops.convert_to_numpy(self.model_(X, training=False)).ravel().astype(float)


TINY_REVENUE = 10_000  # US dollars: a recorded revenue below this is implausible for a released film
TINY_BOTH = 1_000  # US dollars: budget and revenue both below this look recorded in millions


def tiny_revenue_note(films: pd.DataFrame, low: ArrayLike) -> str:
    """Say how many of the training ``films`` recorded a revenue under :data:`TINY_REVENUE` dollars and what share of
    them is low-budget (``low``: a bool mask over the films, shape (n,))."""
    tiny = films["revenue"].to_numpy() < TINY_REVENUE
    if not tiny.any():
        return f"no training film recorded less than ${TINY_REVENUE:,}"
    share = np.asarray(low, dtype=bool)[tiny].mean()
    return f"{tiny.sum():,} training films recorded less than ${TINY_REVENUE:,}, {share:.0%} of them low-budget"


def odd_records(films: pd.DataFrame) -> str:
    """Name, among the training ``films`` (with title, budget and revenue in US dollars), the one with the largest
    budget that recorded a revenue under :data:`TINY_REVENUE` dollars, and count those whose budget and
    revenue are both under :data:`TINY_BOTH` dollars (as if recorded in millions); a clause of prose."""
    tiny = films[films["revenue"] < TINY_REVENUE]
    both = int(((films["budget"] < TINY_BOTH) & (films["revenue"] < TINY_BOTH)).sum())
    parts = []
    if len(tiny):
        film = tiny.loc[tiny["budget"].idxmax()]
        parts.append(f"“{film['title']}” records a budget of ${film['budget']:,} and a revenue of ${film['revenue']:,}")
    counted = {0: "no training film records", 1: "one training film records"}.get(
        both, f"{both:,} training films record"
    )
    parts.append(f"{counted} both budget and revenue under ${TINY_BOTH:,}, as if in millions of dollars")
    return ", and ".join(parts)
