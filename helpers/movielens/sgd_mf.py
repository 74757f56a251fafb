"""Explicit matrix factorisation with user and item biases, trained by stochastic gradient descent.

The model and update rule are those of Ethan Rosenthal's ``ExplicitMF`` (the post the study built
on): ``r̂(u,i) = μ + b_u + b_i + x_u · y_i``, and for each rating, with ``e = r − r̂``,

    b_u += lr (e − λ_b b_u)        b_i += lr (e − λ_b b_i)
    x_u += lr (e y_i − λ x_u)      y_i += lr (e x_u − λ y_i)

Rosenthal loops over single ratings in Python; here ``batch_size`` ratings are updated at once
(the updates of a user or item that occurs several times in a batch summed, :func:`scatter_add`), which
is the same rule when ``batch_size = 1`` and runs ~100× faster in numpy for the sizes of this book.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp


@dataclass
class Ratings:
    """Ratings as parallel arrays: ``users``, ``items`` (int indices) and ``values`` (stars)."""

    users: np.ndarray
    items: np.ndarray
    values: np.ndarray

    def __post_init__(self) -> None:
        self.users = np.asarray(self.users, dtype=np.int64)
        self.items = np.asarray(self.items, dtype=np.int64)
        self.values = np.asarray(self.values, dtype=np.float64)
        if not (self.users.shape == self.items.shape == self.values.shape) or self.users.ndim != 1:
            raise ValueError(
                "users, items and values must be 1-D and equally long, "
                f"got {self.users.shape}, {self.items.shape}, {self.values.shape}"
            )
        if self.users.size and (self.users.min() < 0 or self.items.min() < 0):
            raise ValueError("user and item indices must be non-negative")

    def __len__(self) -> int:
        return self.values.size


def as_ratings(matrix: sp.spmatrix) -> Ratings:
    """Return the non-zero entries of a sparse rating matrix (users × items, 0 = unrated) as
    :class:`Ratings`, in the order of its COO form (row-major for a CSR matrix)."""
    coo = matrix.tocoo()
    return Ratings(coo.row, coo.col, coo.data)


def scatter_add(target: np.ndarray, index: np.ndarray, values: np.ndarray) -> None:
    """Add each row of ``values`` (n, ...) to the row ``index[j]`` of ``target`` (m, ...), in place,
    summing the rows of an index that occurs several times: ``np.add.at(target, index, values)``, done
    with one ``np.unique`` and one ``np.bincount``, which is faster for the batches of SGD."""
    rows, inverse = np.unique(index, return_inverse=True)
    width = int(np.prod(values.shape[1:], dtype=np.int64))
    flat = (inverse[:, None] * width + np.arange(width)).ravel()
    sums = np.bincount(flat, np.ravel(values), minlength=rows.size * width)
    target[rows] += sums.reshape((rows.size, *values.shape[1:]))


@dataclass
class ExplicitMF:
    """Biased MF: ``n_factors`` latent factors, factor penalty ``reg``, bias penalty ``bias_reg``,
    learning rate ``learning_rate`` (per rating), ``batch_size`` ratings per update step."""

    n_users: int
    n_items: int
    n_factors: int = 40
    reg: float = 0.01
    bias_reg: float = 0.01
    learning_rate: float = 0.01
    batch_size: int = 256
    seed: int = 0
    history: dict[str, list[float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if min(self.n_users, self.n_items, self.n_factors, self.batch_size) < 1:
            raise ValueError("n_users, n_items, n_factors and batch_size must be at least 1")
        if self.learning_rate <= 0 or self.reg < 0 or self.bias_reg < 0:
            raise ValueError("learning_rate must be > 0, reg and bias_reg ≥ 0")
        self.rng = np.random.default_rng(self.seed)
        scale = 1.0 / self.n_factors
        self.user_factors = self.rng.normal(scale=scale, size=(self.n_users, self.n_factors))
        self.item_factors = self.rng.normal(scale=scale, size=(self.n_items, self.n_factors))
        self.user_bias = np.zeros(self.n_users)
        self.item_bias = np.zeros(self.n_items)
        self.global_bias = 0.0

    def predict(self, users: np.ndarray, items: np.ndarray) -> np.ndarray:
        """Predicted ratings (stars) for the (user, item) index pairs, shape (n,)."""
        users, items = np.asarray(users), np.asarray(items)
        dots = np.einsum("ij,ij->i", self.user_factors[users], self.item_factors[items])
        return self.global_bias + self.user_bias[users] + self.item_bias[items] + dots

    def mse(self, data: Ratings) -> float:
        """Mean squared error (stars²) of the model on ``data``."""
        return float(np.mean((self.predict(data.users, data.items) - data.values) ** 2))

    def _epoch(self, train: Ratings) -> None:
        """One pass over ``train`` in a fresh random order, ``batch_size`` ratings
        per step."""
        order = self.rng.permutation(len(train))
        lr = self.learning_rate
        for start in range(0, order.size, self.batch_size):
            idx = order[start : start + self.batch_size]
            u, i = train.users[idx], train.items[idx]
            err = train.values[idx] - self.predict(u, i)
            xu, yi = self.user_factors[u], self.item_factors[i]
            np.add.at(self.user_bias, u, lr * (err - self.bias_reg * self.user_bias[u]))
            np.add.at(self.item_bias, i, lr * (err - self.bias_reg * self.item_bias[i]))
            scatter_add(self.user_factors, u, lr * (err[:, None] * yi - self.reg * xu))
            scatter_add(self.item_factors, i, lr * (err[:, None] * xu - self.reg * yi))

    def fit(
        self, train: Ratings, n_epochs: int, evaluate: dict[str, Ratings] | None = None, track_train: bool = True
    ) -> ExplicitMF:
        """Train for ``n_epochs`` passes; after each, append the MSE on every set in ``evaluate`` to
        ``self.history[name]`` and, with ``track_train``, the MSE on ``train`` to ``self.history["train"]``
        (leave it out where only the fitted model is wanted: it costs a pass over the ratings)."""
        if n_epochs < 1:
            raise ValueError(f"n_epochs must be at least 1, got {n_epochs}")
        if train.users.max() >= self.n_users or train.items.max() >= self.n_items:
            raise ValueError("a training index exceeds n_users or n_items")
        self.global_bias = float(train.values.mean())
        sets = {**({"train": train} if track_train else {}), **(evaluate or {})}
        for _ in range(n_epochs):
            self._epoch(train)
            for name, data in sets.items():
                self.history.setdefault(name, []).append(self.mse(data))
        return self


def grid_search(
    train: Ratings,
    valid: Ratings,
    n_users: int,
    n_items: int,
    factors: list[int],
    regs: list[float],
    n_epochs: int,
    **settings: Any,
) -> list[dict[str, Any]]:
    """Fit one :class:`ExplicitMF` per (n_factors, reg) (``settings`` go to the model) and return,
    per pair, a dict with the best validation MSE (stars²), the epoch (1-based) it was reached at
    and the whole validation ``curve`` (one MSE per epoch)."""
    results = []
    for n_factors in factors:
        for reg in regs:
            model = ExplicitMF(n_users, n_items, n_factors=n_factors, reg=reg, bias_reg=reg, **settings)
            model.fit(train, n_epochs, {"valid": valid}, track_train=False)
            curve = np.asarray(model.history["valid"])
            results.append(
                {
                    "n_factors": n_factors,
                    "reg": reg,
                    "valid_mse": float(curve.min()),
                    "best_epoch": int(curve.argmin()) + 1,
                    "curve": curve.tolist(),
                }
            )
    return results
