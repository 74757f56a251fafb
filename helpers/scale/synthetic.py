"""Netflix-shaped ratings at any size, generated in chunks, and written in the prize's format or as Parquet.

:func:`fit_shape` reads what the public data tell about the prize's 100,480,507 ratings into a
:class:`NetflixShape`; :func:`generate` then draws any number of ratings of that shape, one chunk of movies
at a time, so that 10^8 ratings never sit in memory together:

* each movie's number of ratings comes from log-normal popularity weights (a few movies hold most ratings),
  capped at half the users;
* each movie's users are drawn without replacement with probability proportional to log-normal activity
  weights (a few users rate thousands of movies);
* a rating is a latent score ``b_u + b_i + p_u . q_i + noise`` (stars) cut into 1..5 at thresholds that give
  the fitted share of each star;
* its date is drawn from the dated sample's dates.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from scipy import optimize, stats

from helpers.common.errors import ParameterError
from helpers.common.files import write_atomically
from helpers.scale.prize_format import DATE_FORMAT, DEFAULT_CHUNK_ROWS

PRIZE_RATINGS = 100_480_507  # the prize's training ratings (combined_data_1..4.txt)
PRIZE_USERS = 480_189
PRIZE_MOVIES = 17_770
STARS = np.arange(1, 6)  # the rating scale
INTERACTION_RANK = 8  # rank of the planted user x movie interaction: chosen, not fitted
INTERACTION_SD = 0.3  # its standard deviation (stars): chosen, not fitted; about a tenth of a rating's variance
MIN_NOISE_SD = 0.1  # stars: floor of the fitted noise, so the latent score is never noiseless
MIN_USERS = 10  # sizes_for's floor, so that a tiny data set still has several users per movie
MAX_SIGMA = 5.0  # upper end of the search for a log-normal sigma
QUADRATURE_NODES = 80  # Gauss-Hermite nodes of the expectation over a log-normal weight
OVERSAMPLE = 1.2  # draws (with replacement) per user wanted in a movie's first round of draws
SPARE_DRAWS = 8  # extra draws per round, so that a movie of few ratings rarely needs a second round
SCHEMA = pa.schema(  # the columns of every chunk, in this order, as write_parquet stores them
    [("movie_id", pa.int32()), ("user_id", pa.int32()), ("rating", pa.int8()), ("date", pa.timestamp("ms"))]
)  # milliseconds: Parquet has no coarser unit of time


@dataclass(frozen=True, eq=False)
class NetflixShape:
    """Everything :func:`generate` needs, as :func:`fit_shape` fits it from the public data.

    ``rating_probs``: P(rating = 1..5 stars). ``user_bias_sd``, ``movie_bias_sd``: standard deviations of the
    per-user and per-movie biases (stars). ``noise_sd``: of the rating noise (stars), what remains of the
    ratings' variance. ``user_activity_sigma``, ``movie_popularity_sigma``: sigma of the log-normal number of
    ratings per user and per movie. ``date_pool``: dates to draw from (``datetime64[D]``). ``n_movies`` and
    ``ratings_per_user`` are the prize's (17,770 and 100,480,507 / 480,189 = 209.25). ``interaction_rank`` and
    ``interaction_sd`` (stars) size the low-rank term ``p_u . q_i``; they are NOT fitted but the named constants
    INTERACTION_RANK and INTERACTION_SD, there so that a model with embeddings has something beyond biases to
    learn.
    """

    rating_probs: tuple[float, ...]
    user_bias_sd: float
    movie_bias_sd: float
    noise_sd: float
    user_activity_sigma: float
    movie_popularity_sigma: float
    date_pool: np.ndarray
    n_movies: int = PRIZE_MOVIES
    ratings_per_user: float = PRIZE_RATINGS / PRIZE_USERS
    interaction_rank: int = INTERACTION_RANK
    interaction_sd: float = INTERACTION_SD

    @property
    def latent_sd(self) -> float:
        """Standard deviation (stars) of the latent score: biases, interaction and noise together."""
        return float(np.sqrt(self.user_bias_sd**2 + self.movie_bias_sd**2 + self.interaction_sd**2 + self.noise_sd**2))


def bias_sd(ratings: pd.DataFrame, key: str) -> float:
    """Method-of-moments standard deviation (stars) of the per-``key`` bias in ``ratings`` (columns ``key``,
    ``rating``): the variance of the group means minus the mean of the noise variance / n over the groups,
    with the noise variance pooled within groups; 0 when the groups' means vary no more than noise."""
    groups = ratings.groupby(key)["rating"]
    means, sizes = groups.mean(), groups.size()
    within = float(((ratings["rating"] - groups.transform("mean")) ** 2).sum() / (len(ratings) - len(sizes)))
    return float(np.sqrt(max(means.var(ddof=1) - within * float((1 / sizes).mean()), 0.0)))


def expected_distinct(sigma: float, n_draws: int, population: int) -> float:
    """Expected number of distinct units among ``n_draws`` draws, with replacement, from ``population`` units
    whose chances are proportional to log-normal(0, ``sigma``) weights (Poisson approximation, Gauss-Hermite
    quadrature over the weight)."""
    z, w = np.polynomial.hermite_e.hermegauss(QUADRATURE_NODES)
    rate = n_draws / population * np.exp(sigma * z - sigma**2 / 2)  # expected draws of a unit at z
    return float(population * (w @ -np.expm1(-rate)) / w.sum())


def sigma_from_distinct(n_draws: int, n_distinct: int, population: int) -> float:
    """The log-normal sigma of per-unit activity under which ``n_draws`` uniform draws of ratings from the
    whole data would be expected to meet ``n_distinct`` distinct units out of ``population`` (0 when they meet
    at least as many as equal activity would, MAX_SIGMA at most)."""

    def gap(sigma: float) -> float:
        return expected_distinct(sigma, n_draws, population) - n_distinct

    if gap(0.0) <= 0:
        return 0.0
    if gap(MAX_SIGMA) >= 0:
        return MAX_SIGMA
    return float(optimize.brentq(gap, 0.0, MAX_SIGMA))


def fit_shape(ratings: pd.DataFrame, sample: pd.DataFrame) -> NetflixShape:
    """Fit a :class:`NetflixShape` to the public data.

    ``ratings`` (columns movie_id, user_id, rating in 1..5 stars; the user-complete slice ``nf.train``) gives
    the rating distribution, the bias and noise standard deviations. ``sample`` (columns movie_id, user_id,
    date; the dated random sample ``nf.sample`` of the prize's ratings) gives the date pool and both
    log-normal sigmas, from how often its draws meet the same user or movie (:func:`sigma_from_distinct` with
    the prize's 480,189 users and 17,770 movies): the slice's users were chosen for having many ratings, so
    its spread of ratings per user (sigma ~0.3) is far narrower than the prize's.
    """
    shares = ratings["rating"].round().astype(int).value_counts(normalize=True)
    probs = tuple(float(shares.get(star, 0.0)) for star in STARS)
    user_sd, movie_sd = bias_sd(ratings, "user_id"), bias_sd(ratings, "movie_id")
    residual = float(ratings["rating"].var()) - user_sd**2 - movie_sd**2 - INTERACTION_SD**2
    n = len(sample)
    return NetflixShape(
        rating_probs=probs,
        user_bias_sd=user_sd,
        movie_bias_sd=movie_sd,
        noise_sd=float(np.sqrt(max(residual, MIN_NOISE_SD**2))),
        user_activity_sigma=sigma_from_distinct(n, sample["user_id"].nunique(), PRIZE_USERS),
        movie_popularity_sigma=sigma_from_distinct(n, sample["movie_id"].nunique(), PRIZE_MOVIES),
        date_pool=sample["date"].to_numpy().astype("datetime64[D]"),
    )


def shape_table(shape: NetflixShape) -> pd.DataFrame:
    """The values of ``shape`` for a reader: one row per quantity, with columns ``value`` (text, units in the
    row's name) and ``from`` (where it comes from: the slice, the dated sample, the prize's README or a choice)."""
    shares = ", ".join(f"{p:.1%}" for p in shape.rating_probs)
    first, last = shape.date_pool.min(), shape.date_pool.max()
    rows = {
        "share of 1, 2, 3, 4, 5 stars": (shares, "the slice"),
        "user bias sd (stars)": (f"{shape.user_bias_sd:.3f}", "the slice"),
        "movie bias sd (stars)": (f"{shape.movie_bias_sd:.3f}", "the slice"),
        "noise sd (stars)": (f"{shape.noise_sd:.3f}", "the slice, what the rest leaves"),
        "taste term sd (stars), rank": (f"{shape.interaction_sd:.3f}, {shape.interaction_rank}", "a choice"),
        "sigma of log ratings per user": (f"{shape.user_activity_sigma:.2f}", "the dated sample's repeats"),
        "sigma of log ratings per movie": (f"{shape.movie_popularity_sigma:.2f}", "the dated sample's repeats"),
        "dates": (f"{first} to {last}", "the dated sample"),
        "ratings per user (mean)": (f"{shape.ratings_per_user:.2f}", "the prize's README"),
        "movies": (f"{shape.n_movies:,}", "the prize's README"),
    }
    return pd.DataFrame.from_dict(rows, orient="index", columns=["value", "from"]).rename_axis("quantity")


def with_taste(shape: NetflixShape, taste_sd: float) -> NetflixShape:
    """``shape`` with a taste term of standard deviation ``taste_sd`` (stars) and the noise that keeps the
    latent score's spread the same (so the stars' thresholds and biases are unchanged), never below
    MIN_NOISE_SD. Raises ParameterError for a negative ``taste_sd``."""
    if taste_sd < 0:
        raise ParameterError(f"taste_sd={taste_sd}: a standard deviation is zero or more (stars)")
    noise_sd = np.sqrt(max(shape.noise_sd**2 + shape.interaction_sd**2 - taste_sd**2, MIN_NOISE_SD**2))
    return dataclasses.replace(shape, interaction_sd=float(taste_sd), noise_sd=float(noise_sd))


def sizes_for(n_ratings: int, shape: NetflixShape) -> tuple[int, int]:
    """The (n_users, n_movies) of a data set of ``n_ratings``: the prize's ratings per user (at least
    MIN_USERS users) and the prize's movies, but no more movies than ``n_ratings // 2``, so that the density
    stays near the prize's 1.18 % and a tiny data set is not mostly empty movies."""
    n_users = max(MIN_USERS, round(n_ratings / shape.ratings_per_user))
    return n_users, max(1, min(shape.n_movies, n_ratings // 2))


def movie_counts(n_ratings: int, n_users: int, weights: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Ratings per movie (int64, one per weight), summing to ``n_ratings``: a multinomial draw with chances
    proportional to ``weights``, each movie capped at half the users, a capped movie's excess drawn again
    over the movies below the cap (each round fills at least one more movie, so the loop ends)."""
    cap = max(1, n_users // 2)
    if n_ratings > cap * weights.size:
        raise ParameterError(f"n_ratings={n_ratings}: more than {weights.size} movies x {cap} users can hold")
    counts = rng.multinomial(n_ratings, weights / weights.sum())
    while (excess := int(np.clip(counts - cap, 0, None).sum())) > 0:
        np.minimum(counts, cap, out=counts)
        room = counts < cap
        counts[room] += rng.multinomial(excess, weights[room] / weights[room].sum())
    return counts


def distinct_users(k: int, cdf: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``k`` distinct user indices (0-based, int64, in the order drawn), drawn one after another with chances
    given by ``cdf`` (cumulative weights ending at exactly 1) without replacement: draws with replacement,
    the first occurrence of each user kept, more drawn (twice as many each round) until ``k`` are distinct.
    Every user has a positive chance and ``k`` is at most half the users, so the loop ends."""
    drawn = np.empty(0, dtype=np.int64)
    factor = OVERSAMPLE
    while True:
        more = np.searchsorted(cdf, rng.random(int(np.ceil(k * factor)) + SPARE_DRAWS), side="right")
        drawn = np.concatenate([drawn, more])
        _, first = np.unique(drawn, return_index=True)
        if first.size >= k:
            return drawn[np.sort(first)[:k]]
        factor *= 2


def chunk_bounds(counts: np.ndarray, chunk_rows: int) -> list[tuple[int, int]]:
    """Split movies (their rating ``counts``, in id order) into consecutive ranges ``(start, stop)`` of at most
    ``chunk_rows`` ratings each; a movie with more than ``chunk_rows`` ratings gets a range of its own, and a
    movie without ratings joins the range before it (so no range is empty)."""
    bounds, start, rows = [], 0, 0
    for movie, count in enumerate(counts.tolist()):
        if rows and count and rows + count > chunk_rows:
            bounds.append((start, movie))
            start, rows = movie, 0
        rows += count
    bounds.append((start, counts.size))
    return bounds


def thresholds(shape: NetflixShape) -> np.ndarray:
    """The four cut points (stars of latent score) between 1..5 stars: quantiles of the latent score's
    normal marginal (mean 0, sd ``shape.latent_sd``) at the cumulative rating shares."""
    return shape.latent_sd * stats.norm.ppf(np.cumsum(shape.rating_probs)[:-1])


def _centred(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``values`` minus their mean weighted by ``weights`` (so the ratings' mean latent score is near 0)."""
    return values - np.average(values, weights=weights)


def generate(
    shape: NetflixShape, n_ratings: int, seed: int, chunk_rows: int = DEFAULT_CHUNK_ROWS
) -> Iterator[pd.DataFrame]:
    """Yield ``n_ratings`` Netflix-shaped ratings of ``sizes_for(n_ratings, shape)`` users and movies, in chunks.

    Each chunk has columns movie_id (int32, from 1), user_id (int32, from 1), rating (int8, 1..5 stars) and
    date (datetime64[s]); chunks are grouped by movie in ascending id, each movie whole in one chunk, of at
    most ``chunk_rows`` rows unless one movie alone has more; no (movie, user) pair repeats. Only the per-user
    and per-movie values (arrays of n_users and n_movies) are drawn up front. The same ``seed`` gives the
    same ratings, whatever ``chunk_rows``.
    """
    if n_ratings < 1:
        raise ParameterError(f"n_ratings={n_ratings}: must be at least 1")
    n_users, n_movies = sizes_for(n_ratings, shape)
    rng = np.random.default_rng(seed)
    user_rng, noise_rng, date_rng = rng.spawn(3)  # one stream each, consumed in row order
    activity = rng.lognormal(0.0, shape.user_activity_sigma, n_users)
    counts = movie_counts(n_ratings, n_users, rng.lognormal(0.0, shape.movie_popularity_sigma, n_movies), rng)
    cdf = np.cumsum(activity) / activity.sum()
    cdf[-1] = 1.0
    user_bias = _centred(rng.normal(0.0, shape.user_bias_sd, n_users), activity)
    movie_bias = _centred(rng.normal(0.0, shape.movie_bias_sd, n_movies), counts)
    factor_sd = (shape.interaction_sd**2 / shape.interaction_rank) ** 0.25  # p . q then has sd interaction_sd
    p = rng.normal(0.0, factor_sd, (n_users, shape.interaction_rank))
    q = rng.normal(0.0, factor_sd, (n_movies, shape.interaction_rank))
    cuts = thresholds(shape)
    for start, stop in chunk_bounds(counts, chunk_rows):
        movie = np.repeat(np.arange(start, stop), counts[start:stop])
        user = np.concatenate([distinct_users(k, cdf, user_rng) for k in counts[start:stop].tolist() if k])
        latent = user_bias[user] + movie_bias[movie] + np.einsum("ij,ij->i", p[user], q[movie])
        latent += noise_rng.normal(0.0, shape.noise_sd, movie.size)
        dates = shape.date_pool[(date_rng.random(movie.size) * shape.date_pool.size).astype(np.int64)]
        yield pd.DataFrame(
            {
                "movie_id": (movie + 1).astype(np.int32),
                "user_id": (user + 1).astype(np.int32),
                "rating": (np.searchsorted(cuts, latent) + 1).astype(np.int8),
                "date": dates.astype("datetime64[s]"),
            }
        )


def _date_lines(dates: pa.Array) -> pa.Array:
    """``dates`` as ``YYYY-MM-DD`` plus a line end; each distinct day formatted once (there are few)."""
    days = dates.dictionary_encode()
    return pc.strftime(days.dictionary, DATE_FORMAT + "\n").take(days.indices)


def prize_text(chunk: pd.DataFrame, previous_movie: int | None) -> pa.Buffer:
    """The prize-format text (ASCII bytes) of ``chunk`` (grouped by movie): a ``MovieID:`` line before each
    movie's ``CustomerID,Rating,YYYY-MM-DD`` lines, none before the first rows if they continue
    ``previous_movie``. Built with Arrow's string kernels, never a Python string per line."""
    movie = chunk["movie_id"].to_numpy()
    starts = np.flatnonzero(np.r_[movie[0] != previous_movie, movie[1:] != movie[:-1]])
    lines = pc.binary_join_element_wise(
        pc.cast(pa.array(chunk["user_id"].to_numpy()), pa.string()),
        pc.cast(pa.array(chunk["rating"].to_numpy()), pa.string()),
        _date_lines(pa.array(chunk["date"].to_numpy())),
        ",",
    )
    headers = pc.binary_join_element_wise(pc.cast(pa.array(movie[starts]), pa.string()), ":\n", "")
    order = np.insert(np.arange(movie.size), starts, movie.size + np.arange(starts.size))
    text = pa.concat_arrays([lines, headers]).take(order)
    return pc.binary_join(pa.ListArray.from_arrays([0, len(text)], text), "")[0].as_buffer()


def write_combined_data(chunks: Iterable[pd.DataFrame], path: Path) -> int:
    """Write ``chunks`` (columns movie_id, user_id, rating, date; grouped by movie) in the prize's
    ``combined_data_*.txt`` format: ``MovieID:`` then that movie's ``CustomerID,Rating,YYYY-MM-DD`` lines.
    Written to a temporary file renamed onto ``path`` at the end. Returns the number of ratings written."""

    def write(temporary: Path) -> int:
        rows, previous = 0, None
        with temporary.open("wb") as out:
            for chunk in chunks:
                if chunk.empty:
                    continue
                out.write(prize_text(chunk, previous))
                rows += len(chunk)
                previous = int(chunk["movie_id"].iloc[-1])
        return rows

    return write_atomically(path, write)


def write_parquet(chunks: Iterable[pd.DataFrame], path: Path) -> int:
    """Write ``chunks`` (columns movie_id, user_id, rating, date) to one Parquet file at ``path`` (SCHEMA: the
    date as a timestamp in ms), one row group per chunk, through a temporary file renamed into place. Returns
    the number of ratings written."""

    def write(temporary: Path) -> int:
        rows = 0
        with pq.ParquetWriter(temporary, SCHEMA) as writer:
            for chunk in chunks:
                writer.write_table(pa.Table.from_pandas(chunk, schema=SCHEMA, preserve_index=False))
                rows += len(chunk)
        return rows

    return write_atomically(path, write)
