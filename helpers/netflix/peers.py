"""Surprise's models beside the Netflix chapter's: SVD and SVD++ over a grid of settings, and the naive
baselines (the mean rating, the mean plus user and movie biases), each a
:class:`helpers.netflix.cross_validation.FoldModel` that cross-validation trains as it trains the chapter's
models. Ratings tables are as in :mod:`helpers.netflix.rating_tables`.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import product

import numpy as np
import pandas as pd
import surprise

from helpers.netflix.names import reader_name
from helpers.netflix.rating_tables import RATING_COLUMNS

PEER_ALGORITHMS = {"SVD": "SVD", "SVDpp": "SVD++"}  # Surprise's classes beside the chapter's models: reader's names
PEER_UPDATE_COST = {"SVD": 3.3, "SVDpp": 166.0}  # cost units per rating, factor and epoch (see PeerTask.cost)
BASELINES = {kind: reader_name(kind) for kind in ("mean", "bias_only")}  # the naive baselines: reader's names


@dataclass(frozen=True)
class PeerSpec:
    """One configuration of a Surprise algorithm (a key of :data:`PEER_ALGORITHMS`): ``factors`` latent
    factors, ``epochs`` epochs of SGD, learning rate and regularisation of every parameter (Surprise's
    ``lr_all`` and ``reg_all``). A :class:`~helpers.netflix.cross_validation.FoldModel`: cross-validation
    trains it on a fold's training part and predicts the fold's validation and test parts, as it does the
    chapter's models."""

    algorithm: str
    factors: int
    epochs: int
    learning_rate: float
    regularisation: float

    def __post_init__(self) -> None:
        if self.algorithm not in PEER_ALGORITHMS:
            raise ValueError(f"peer algorithm {self.algorithm!r} is not one of {sorted(PEER_ALGORITHMS)}")

    @property
    def name(self) -> str:
        """The configuration as a reader reads it, e.g. ``"SVD (100 factors, 20 epochs, learning rate
        0.005, regularisation 0.02)"``."""
        return (
            f"{PEER_ALGORITHMS[self.algorithm]} ({self.factors} factors, {self.epochs} epochs, "
            f"learning rate {self.learning_rate:g}, regularisation {self.regularisation:g})"
        )

    def fold_task(
        self,
        train: pd.DataFrame,
        valid: pd.DataFrame,
        n_users: int,
        n_items: int,
        seed: int,
        scored: Mapping[str, pd.DataFrame],
    ) -> PeerTask:
        """The task that trains this configuration on ``train`` and predicts ``scored`` (``valid`` plays
        no part in the fit: Surprise's SGD runs its epochs without early stopping)."""
        return PeerTask(self, train, seed, scored)


def peer_grid(
    algorithms: Sequence[str],
    factors: Sequence[int],
    epochs: Sequence[int],
    learning_rates: Sequence[float],
    regularisations: Sequence[float],
) -> list[PeerSpec]:
    """Return every configuration of the grid: each algorithm with each combination of factors, epochs,
    learning rate and regularisation (in that order)."""
    return [PeerSpec(*values) for values in product(algorithms, factors, epochs, learning_rates, regularisations)]


@dataclass
class SurpriseSummary:
    """A Surprise fit as a worker hands it back: predictions in stars per scored table (``{name: (n,)}``),
    the epochs run and the mean seconds per epoch."""

    predictions: dict[str, np.ndarray]
    epochs: int
    seconds_per_epoch: float


def _trainset(train: pd.DataFrame, rating_range: tuple[float, float]) -> surprise.Trainset:
    """The ratings table ``train`` as Surprise's training set, on the scale ``rating_range``."""
    reader = surprise.Reader(rating_scale=rating_range)
    return surprise.Dataset.load_from_df(train[list(RATING_COLUMNS)], reader).build_full_trainset()


def _surprise_predictions(algorithm: surprise.AlgoBase, table: pd.DataFrame) -> np.ndarray:
    """A fitted Surprise algorithm's predictions (n,), stars, clipped to its rating scale as Surprise
    clips them, for the ``user``/``item`` pairs of ``table``."""
    return np.array([algorithm.predict(u, i).est for u, i in zip(table.user, table.item, strict=True)])


@dataclass(frozen=True)
class PeerTask:
    """One fit of a :class:`PeerSpec` on the ``train`` ratings table, seeded with ``seed``, predicting each
    table of ``scored`` (name → ratings table, as in :mod:`helpers.netflix.rating_tables`)."""

    spec: PeerSpec
    train: pd.DataFrame
    seed: int
    scored: Mapping[str, pd.DataFrame]

    def cost(self) -> float:
        """A rough relative cost, in the units of :meth:`helpers.netflix.fitting.FitTask.cost` (about 4·10⁸ a
        second on the book's machine): SGD updates per training rating, factor and epoch, SVD++'s about 50
        times SVD's (each of its updates also touches the implicit factors of every movie the user rated).
        Measured on MovieLens 100K here: SVD, 100 factors, 20 epochs, about 1.2 s; SVD++, 20 factors, about
        12 s."""
        per_update = PEER_UPDATE_COST[self.spec.algorithm]
        return per_update * self.spec.factors * self.spec.epochs * len(self.train)

    def run(self) -> SurpriseSummary:
        """Train and predict (:func:`fit_peer`)."""
        return fit_peer(self)


def fit_peer(task: PeerTask) -> SurpriseSummary:
    """Train ``task.spec`` with Surprise on ``task.train`` and return its predictions of each scored table."""
    spec = task.spec
    # SVD++ may keep each user's rated items between epochs: the same fit, about 10 % faster
    cached = {"cache_ratings": True} if spec.algorithm == "SVDpp" else {}
    algorithm = getattr(surprise, spec.algorithm)(
        n_factors=spec.factors,
        n_epochs=spec.epochs,
        lr_all=spec.learning_rate,
        reg_all=spec.regularisation,
        random_state=task.seed,
        **cached,
    )
    start = time.perf_counter()
    algorithm.fit(_trainset(task.train, (1, 5)))
    seconds = time.perf_counter() - start
    predictions = {name: _surprise_predictions(algorithm, table) for name, table in task.scored.items()}
    return SurpriseSummary(predictions, spec.epochs, seconds / spec.epochs)


@dataclass(frozen=True)
class Baseline:
    """A naive baseline (a key of :data:`BASELINES`): ``"mean"`` predicts the training mean rating for
    every pair; ``"bias_only"`` the mean plus a user and a movie bias (Surprise's ``BaselineOnly``, its
    default ten rounds of alternating least squares with its default shrinkage, clipped to 1..5 stars).
    A :class:`~helpers.netflix.cross_validation.FoldModel`, so cross-validation scores it as it scores the models."""

    kind: str

    def __post_init__(self) -> None:
        if self.kind not in BASELINES:
            raise ValueError(f"baseline {self.kind!r} is not one of {sorted(BASELINES)}")

    @property
    def name(self) -> str:
        """The reader's name of the baseline."""
        return BASELINES[self.kind]

    def predict(self, train: pd.DataFrame, scored: Mapping[str, pd.DataFrame]) -> dict[str, np.ndarray]:
        """Fit on the ``train`` ratings table and return the predictions (n,), stars, of each table of
        ``scored``."""
        if self.kind == "mean":
            mean = float(train["rating"].mean())
            return {name: np.full(len(table), mean) for name, table in scored.items()}
        algorithm = surprise.BaselineOnly(verbose=False)
        algorithm.fit(_trainset(train, (1, 5)))
        return {name: _surprise_predictions(algorithm, table) for name, table in scored.items()}

    def fold_task(
        self,
        train: pd.DataFrame,
        valid: pd.DataFrame,
        n_users: int,
        n_items: int,
        seed: int,
        scored: Mapping[str, pd.DataFrame],
    ) -> BaselineTask:
        """The task that fits the baseline on ``train`` and predicts ``scored`` (``valid`` is not used)."""
        return BaselineTask(self, train, scored)


@dataclass(frozen=True)
class BaselineTask:
    """One fit of a :class:`Baseline` on ``train``, predicting each table of ``scored``."""

    baseline: Baseline
    train: pd.DataFrame
    scored: Mapping[str, pd.DataFrame]

    def cost(self) -> float:
        """A negligible cost: the baselines run last."""
        return float(len(self.train))

    def run(self) -> SurpriseSummary:
        """Fit and predict."""
        start = time.perf_counter()
        predictions = self.baseline.predict(self.train, self.scored)
        return SurpriseSummary(predictions, 1, time.perf_counter() - start)
