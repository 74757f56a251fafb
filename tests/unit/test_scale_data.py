"""Unit tests of the scale appendix's data half: the Netflix-shaped generator, the prize's file format read
and written, and the training layout, on a hand-made shape near the one fitted to the public slice."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from helpers.common.errors import DataError, ParameterError
from helpers.scale import prize_format, synthetic

N = 200_000  # ratings in the generated data set most tests share
CHUNK_ROWS = 30_000
PRIZE_DENSITY = 100_480_507 / (480_189 * 17_770)  # 1.18 %
SHAPE = synthetic.NetflixShape(  # rounded from fit_shape(nf.train, nf.sample) on the real data
    rating_probs=(0.05, 0.11, 0.33, 0.33, 0.18),
    user_bias_sd=0.4,
    movie_bias_sd=0.6,
    noise_sd=0.7,
    user_activity_sigma=1.1,
    movie_popularity_sigma=2.0,
    date_pool=np.arange("2000-01-01", "2005-12-31", 7, dtype="datetime64[D]"),
)


@pytest.fixture(scope="module")
def chunks() -> list[pd.DataFrame]:
    return list(synthetic.generate(SHAPE, N, seed=7, chunk_rows=CHUNK_ROWS))


@pytest.fixture(scope="module")
def ratings(chunks: list[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(chunks, ignore_index=True)


def failing_after_one(chunks: list[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """Yield the first chunk, then fail as a broken source would."""
    yield chunks[0]
    raise RuntimeError("source broke")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="ascii", newline="")
    return path


# --- the generator -----------------------------------------------------------------------------------------


def test_generated_rows_types_and_ids(ratings: pd.DataFrame) -> None:
    n_users, n_movies = synthetic.sizes_for(N, SHAPE)
    assert len(ratings) == N
    assert ratings.dtypes.astype(str).tolist() == ["int32", "int32", "int8", "datetime64[s]"]
    assert not ratings.duplicated(["movie_id", "user_id"]).any()
    assert ratings["user_id"].between(1, n_users).all() and ratings["movie_id"].between(1, n_movies).all()
    assert set(ratings["rating"].unique()) == {1, 2, 3, 4, 5}
    assert set(ratings["date"].dt.floor("D").unique()) <= set(pd.to_datetime(SHAPE.date_pool))


def test_sizes_keep_the_prizes_density_and_stay_sensible_when_tiny() -> None:
    for n in (N, 10**7, 100_480_507):
        n_users, n_movies = synthetic.sizes_for(n, SHAPE)
        assert n_movies == 17_770
        assert n / (n_users * n_movies) == pytest.approx(PRIZE_DENSITY, rel=0.01)  # users rounded: < 0.1 % off
    assert synthetic.sizes_for(100_480_507, SHAPE) == (480_189, 17_770)
    assert synthetic.sizes_for(10, SHAPE) == (synthetic.MIN_USERS, 5)
    assert sum(len(c) for c in synthetic.generate(SHAPE, 10, seed=0)) == 10


def test_rating_shares_match_the_shape(ratings: pd.DataFrame) -> None:
    shares = ratings["rating"].value_counts(normalize=True).sort_index().to_numpy()
    # binomial sd of a share at 200,000 ratings is < 0.0011; 0.01 leaves room for the biases' finite samples
    assert shares == pytest.approx(SHAPE.rating_probs, abs=0.01)


def test_popularity_and_activity_have_heavy_tails(ratings: pd.DataFrame) -> None:
    per_movie = ratings.groupby("movie_id").size().sort_values(ascending=False)
    top = synthetic.sizes_for(N, SHAPE)[1] // 100
    # log-normal weights of sigma 2 give their top 1 % a share of 1 - Phi(z_0.99 - 2) = 0.37; the cap at half
    # the 956 users trims the largest movies. Equal popularity would give the top 1 % about 1.5 %.
    assert per_movie.iloc[:top].sum() / N > 0.15
    per_user = ratings.groupby("user_id").size()
    # sigma 1.1 over ~950 users: the largest weight is ~exp(1.1 * 3.1) = 30 times the median; rating each movie at
    # most once trims the heaviest users (~10 times here). Equal activity gives ~1.2 times.
    assert per_user.max() > 5 * per_user.median()


def test_movie_and_user_means_vary_beyond_noise(ratings: pd.DataFrame) -> None:
    stars = ratings.assign(rating=ratings["rating"].astype(float))
    for key in ("movie_id", "user_id"):
        groups = stars.groupby(key)["rating"]
        big = groups.size() >= 50
        noise_only = (groups.var()[big] / groups.size()[big]).mean()  # variance of a mean with no bias at all
        assert groups.mean()[big].var() > 5 * noise_only
        # the method of moments on the generated ratings finds biases near the planted ones (0.4, 0.6 latent)
        assert synthetic.bias_sd(stars, key) == pytest.approx(
            SHAPE.user_bias_sd if key == "user_id" else SHAPE.movie_bias_sd, rel=0.25
        )


def test_chunks_hold_whole_movies_in_order(chunks: list[pd.DataFrame]) -> None:
    assert len(chunks) >= N // CHUNK_ROWS
    assert all(len(c) <= CHUNK_ROWS for c in chunks)
    firsts = [c["movie_id"].iloc[0] for c in chunks]
    lasts = [c["movie_id"].iloc[-1] for c in chunks]
    assert all(last < first for last, first in zip(lasts[:-1], firsts[1:], strict=True))
    for chunk in chunks:
        assert chunk["movie_id"].is_monotonic_increasing


def test_a_movie_larger_than_chunk_rows_gets_a_chunk_of_its_own() -> None:
    small = list(synthetic.generate(SHAPE, 20_000, seed=1, chunk_rows=40))
    for chunk in small:
        assert len(chunk) <= 40 or chunk["movie_id"].nunique() == 1
    assert any(len(chunk) > 40 for chunk in small)


def test_chunk_bounds_never_make_an_empty_chunk() -> None:
    assert synthetic.chunk_bounds(np.array([3, 4, 0, 5]), 7) == [(0, 3), (3, 4)]
    assert synthetic.chunk_bounds(np.array([0, 50, 0, 0]), 10) == [(0, 4)]


def test_same_seed_same_ratings_whatever_the_chunk_size(ratings: pd.DataFrame) -> None:
    again = pd.concat(synthetic.generate(SHAPE, N, seed=7, chunk_rows=N), ignore_index=True)
    pd.testing.assert_frame_equal(again, ratings)
    other = pd.concat(synthetic.generate(SHAPE, N, seed=8, chunk_rows=N), ignore_index=True)
    assert not other["user_id"].equals(ratings["user_id"])


def test_movie_counts_respect_the_cap_and_the_total() -> None:
    rng = np.random.default_rng(0)
    weights = np.array([1000.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    counts = synthetic.movie_counts(30, 10, weights, rng)  # cap 5: the big movie's excess goes elsewhere
    assert counts.sum() == 30 and counts.max() == 5 and counts[0] == 5
    with pytest.raises(ParameterError, match=r"n_ratings=41: more than 8 movies x 5 users can hold"):
        synthetic.movie_counts(41, 10, weights, rng)


def test_distinct_users_are_distinct_even_with_skewed_weights() -> None:
    weights = np.exp(np.random.default_rng(0).normal(0, 3, 1000))  # a few users hold nearly all the weight
    cdf = np.cumsum(weights) / weights.sum()
    cdf[-1] = 1.0
    drawn = synthetic.distinct_users(500, cdf, np.random.default_rng(1))
    assert drawn.size == 500 and np.unique(drawn).size == 500 and drawn.min() >= 0 and drawn.max() < 1000
    assert np.argmax(weights) in drawn


# --- fitting -----------------------------------------------------------------------------------------------


def test_bias_sd_recovers_planted_biases() -> None:
    rng = np.random.default_rng(0)
    users, movies = np.meshgrid(np.arange(400), np.arange(300), indexing="ij")
    keep = rng.random(users.shape) < 0.2  # ~60 ratings per user, ~80 per movie
    u, m = users[keep], movies[keep]
    rating = rng.normal(0, 0.5, 400)[u] + rng.normal(0, 0.8, 300)[m] + rng.normal(0, 1.0, u.size)
    frame = pd.DataFrame({"user_id": u, "movie_id": m, "rating": rating})
    # 400 and 300 draws: the sd of a sample sd is ~4 %; 12 % is three of them
    assert synthetic.bias_sd(frame, "user_id") == pytest.approx(0.5, rel=0.12)
    assert synthetic.bias_sd(frame, "movie_id") == pytest.approx(0.8, rel=0.12)


def test_sigma_from_distinct_recovers_a_lognormal_spread() -> None:
    rng = np.random.default_rng(0)
    for sigma in (0.5, 1.0, 2.0):
        weights = rng.lognormal(0, sigma, 200_000)
        draws = rng.choice(weights.size, size=10_000, p=weights / weights.sum())
        estimate = synthetic.sigma_from_distinct(draws.size, np.unique(draws).size, weights.size)
        assert estimate == pytest.approx(sigma, abs=0.15)
    assert synthetic.sigma_from_distinct(1000, 1000, 10**6) == 0.0  # no repeat at all: equal activity


def test_fit_shape_on_a_hand_made_slice_and_sample() -> None:
    slice_ = pd.DataFrame(
        {
            "movie_id": [1, 1, 2, 2, 3, 3, 3, 4],
            "user_id": [1, 2, 1, 2, 1, 2, 3, 3],
            "rating": [1.0, 3, 3, 4, 4, 5, 5, 5],
        }
    )
    sample = pd.DataFrame(
        {
            "movie_id": [5, 6, 7],
            "user_id": [8, 9, 10],
            "date": pd.to_datetime(["2005-01-01", "2004-02-02", "2005-01-01"]),
        }
    )
    shape = synthetic.fit_shape(slice_, sample)
    assert shape.rating_probs == pytest.approx((1 / 8, 0, 2 / 8, 2 / 8, 3 / 8))
    assert shape.date_pool.dtype == np.dtype("datetime64[D]") and shape.date_pool.size == 3
    assert shape.user_activity_sigma == 0.0  # three different users in three draws: no sign of uneven activity
    assert shape.noise_sd >= synthetic.MIN_NOISE_SD
    assert shape.latent_sd**2 == pytest.approx(
        shape.user_bias_sd**2 + shape.movie_bias_sd**2 + synthetic.INTERACTION_SD**2 + shape.noise_sd**2
    )


# --- the prize's format ------------------------------------------------------------------------------------


def test_write_combined_data_writes_the_prizes_format(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "movie_id": np.array([1, 1, 3], dtype=np.int32),
            "user_id": np.array([1488844, 822109, 7], dtype=np.int32),
            "rating": np.array([3, 5, 1], dtype=np.int8),
            "date": pd.to_datetime(["2005-09-06", "2005-05-13", "1999-12-31"]).astype("datetime64[s]"),
        }
    )
    path = tmp_path / "combined_data_1.txt"
    assert synthetic.write_combined_data([frame.iloc[:1], frame.iloc[1:]], path) == 3  # movie 1 spans both
    assert path.read_text() == "1:\n1488844,3,2005-09-06\n822109,5,2005-05-13\n3:\n7,1,1999-12-31\n"
    assert list(tmp_path.iterdir()) == [path]


def test_prize_file_round_trip(chunks: list[pd.DataFrame], ratings: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "combined_data_1.txt"
    assert synthetic.write_combined_data(chunks, path) == N
    back = list(prize_format.read_combined_data([path], chunk_rows=7_000))  # movies cross these chunks
    assert all(len(c) <= 7_000 for c in back)
    pd.testing.assert_frame_equal(pd.concat(back, ignore_index=True), ratings)
    twice = tmp_path / "twice.txt"  # 424,000 lines read in one piece: pandas holds a column in several arrays
    synthetic.write_combined_data(chunks + chunks, twice)
    whole = list(prize_format.read_combined_data([twice]))
    assert len(whole) == 1
    pd.testing.assert_frame_equal(whole[0], pd.concat([ratings, ratings], ignore_index=True))
    again = tmp_path / "again.txt"
    synthetic.write_combined_data(back, again)
    assert again.read_bytes() == path.read_bytes()


def test_reader_takes_several_files_crlf_and_blank_lines(tmp_path: Path) -> None:
    first = write(tmp_path / "a.txt", "1:\r\n5,3,2005-01-01\r\n\r\n6,4,2005-01-02\r\n")
    second = write(tmp_path / "b.txt", "2:\n7,1,2004-02-29\n3:\n")
    frame = pd.concat(prize_format.read_combined_data([first, second], chunk_rows=2), ignore_index=True)
    assert frame.to_dict("list") == {
        "movie_id": [1, 1, 2],
        "user_id": [5, 6, 7],
        "rating": [3, 4, 1],
        "date": list(pd.to_datetime(["2005-01-01", "2005-01-02", "2004-02-29"])),
    }


def test_write_parquet_one_row_group_per_chunk(chunks: list[pd.DataFrame], ratings: pd.DataFrame, tmp_path: Path):
    path = tmp_path / "ratings.parquet"
    assert synthetic.write_parquet(chunks, path) == N
    assert pq.ParquetFile(path).num_row_groups == len(chunks)
    pd.testing.assert_frame_equal(pd.read_parquet(path), ratings.astype({"date": "datetime64[ms]"}))


GOOD = "1:\n5,3,2005-01-01\n6,4,2005-01-02\n2:\n"
BAD_LINES = [  # (file text, line number, what the message must say)
    ("5,3,2005-01-01\n1:\n", 1, r"comes before any movie header 'MovieID:'"),
    (GOOD + "7,1,2005-01-03,9\n", 5, r"it has 4 field\(s\), not 3"),
    ("5,3,2005-01-01,9\n" + GOOD, 1, r"it has 4 field\(s\), not 3"),
    (GOOD + "7,1\n", 5, r"it has 2 field\(s\), not 3"),
    (GOOD + "abc,3,2005-01-01\n", 5, r"a customer id must be a whole number"),
    (GOOD + "0,3,2005-01-01\n", 5, r"a customer id must be a whole number from 1"),
    (GOOD + "7,6,2005-01-01\n", 5, r"a rating must be a whole number of stars from 1 to 5"),
    (GOOD + "7,3.5,2005-01-01\n", 5, r"a rating must be a whole number of stars from 1 to 5"),
    (GOOD + "7,3,2005-02-30\n", 5, r"a date must be a real date written YYYY-MM-DD"),
    (GOOD + "7,3,\n", 5, r"a date must be a real date written YYYY-MM-DD"),
    (GOOD + "12a:\n8,2,2005-01-01\n", 5, r"is not a movie header 'MovieID:' \(a movie id must be a whole number"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD_LINES)
def test_reader_names_the_file_and_line_of_a_bad_line(tmp_path: Path, text: str, line: int, message: str):
    path = write(tmp_path / "combined_data_3.txt", text)
    quoted = text.splitlines()[line - 1]
    with pytest.raises(DataError, match=r"combined_data_3\.txt: line " + f"{line}: {quoted!r} " + r".*" + message):
        list(prize_format.read_combined_data([path], chunk_rows=2))  # the bad line is in a later chunk


def test_reader_reports_a_missing_or_empty_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"combined_data_9\.txt: file not found\. Check the path"):
        list(prize_format.read_combined_data([tmp_path / "combined_data_9.txt"]))
    with pytest.raises(DataError, match=r"empty\.txt: file is empty"):
        list(prize_format.read_combined_data([write(tmp_path / "empty.txt", "")]))


# --- the training layout -----------------------------------------------------------------------------------


def first_appearance_counts(ids: pd.Series) -> np.ndarray:
    """Ratings per id, the ids in order of first appearance: what the codes 0, 1, ... must count."""
    return ids.value_counts(sort=False).reindex(ids.unique()).to_numpy()


def test_training_layout(chunks: list[pd.DataFrame], ratings: pd.DataFrame, tmp_path: Path) -> None:
    out = tmp_path / "data"
    meta = prize_format.to_training_parquet(chunks, out, 0.1, seed=3, bucket_rows=25_000, expected_rows=N)
    buckets = sorted((out / "train").glob("part-*.parquet"))
    assert [p.name for p in buckets] == [f"part-{b:05d}.parquet" for b in range(8)]  # ceil(200,000 / 25,000)
    train = pd.concat([pd.read_parquet(p) for p in buckets], ignore_index=True)
    test = pd.read_parquet(out / "test.parquet")
    schema = pq.read_schema(out / "test.parquet")
    assert [str(t) for t in schema.types] == ["int32", "int32", "float", "date32[day]"]
    assert len(train) + len(test) == N
    assert len(test) / N == pytest.approx(0.1, abs=0.005)  # binomial sd 0.0007
    sizes = np.array([pq.ParquetFile(p).metadata.num_rows for p in buckets])
    assert sizes == pytest.approx(len(train) / 8, rel=0.05)  # multinomial sd ~0.7 %
    both = pd.concat([train, test])
    for code, ids in (("user", ratings["user_id"]), ("item", ratings["movie_id"])):
        counts = both[code].value_counts().sort_index()
        assert counts.index.tolist() == list(range(ids.nunique()))
        assert counts.to_numpy().tolist() == first_appearance_counts(ids).tolist()
    assert meta == json.loads((out / "meta.json").read_text())
    assert meta == {
        "n_users": ratings["user_id"].nunique(),
        "n_items": ratings["movie_id"].nunique(),
        "n_train": len(train),
        "n_test": len(test),
        "train_mean": pytest.approx(train["rating"].mean()),
        "train_std": pytest.approx(train["rating"].std(ddof=0)),
        "n_buckets": 8,
        "seed": 3,
        "test_fraction": 0.1,
    }
    assert sorted(both["rating"].unique()) == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]  # no temporary folder left


def test_training_layout_default_buckets_and_overwrite(chunks: list[pd.DataFrame], tmp_path: Path) -> None:
    out = tmp_path / "data"
    prize_format.to_training_parquet(chunks[:1], out, 0.0, seed=0)
    assert len(list((out / "train").glob("part-*.parquet"))) == prize_format.DEFAULT_BUCKETS
    assert pq.read_metadata(out / "test.parquet").num_rows == 0
    with pytest.raises(DataError, match=r"data: already exists\. Remove it, choose another folder, or pass overwrite"):
        prize_format.to_training_parquet(chunks[:1], out, 0.0, seed=0)
    with pytest.raises(RuntimeError, match="source broke"):
        prize_format.to_training_parquet(failing_after_one(chunks), out, 0.1, seed=0, overwrite=True)
    assert json.loads((out / "meta.json").read_text())["n_train"] == len(chunks[0])  # the old folder stands
    meta = prize_format.to_training_parquet(chunks[:2], out, 0.1, seed=0, expected_rows=1, overwrite=True)
    assert meta["n_buckets"] == 1 and meta["n_train"] + meta["n_test"] == len(chunks[0]) + len(chunks[1])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_id_codes_grow_and_follow_first_appearance() -> None:
    codes = prize_format.IdCodes()
    assert codes.code(np.array([40, 7, 40, 3])).tolist() == [0, 1, 0, 2]
    assert codes.code(np.array([2_000_000, 7, 5])).tolist() == [3, 1, 4]
    assert codes.n == 5 and codes.lookup.size > 2_000_000


def test_bad_split_parameters(chunks: list[pd.DataFrame], tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match=r"test_fraction=1\.0: must be at least 0 and below 1"):
        prize_format.to_training_parquet(chunks, tmp_path / "d", 1.0, seed=0)
    assert not (tmp_path / "d").exists()


# --- a failure in the middle leaves nothing under the final name ---------------------------------------------


def test_failed_writes_leave_no_file(chunks: list[pd.DataFrame], tmp_path: Path) -> None:
    for writer, name in (
        (synthetic.write_combined_data, "combined_data_1.txt"),
        (synthetic.write_parquet, "r.parquet"),
    ):
        with pytest.raises(RuntimeError, match="source broke"):
            writer(failing_after_one(chunks), tmp_path / name)
    with pytest.raises(RuntimeError, match="source broke"):
        prize_format.to_training_parquet(failing_after_one(chunks), tmp_path / "data", 0.1, seed=0)
    assert list(tmp_path.iterdir()) == []


def test_first_rows_cuts_the_stream_and_reads_no_further() -> None:
    read = []

    def stream():
        for start in range(0, 100, 30):
            read.append(start)
            yield pd.DataFrame({"rating": range(start, min(start + 30, 100))})

    taken = pd.concat(prize_format.first_rows(stream(), 45))
    assert taken["rating"].tolist() == list(range(45)) and read == [0, 30]
    assert len(pd.concat(prize_format.first_rows(stream(), 1000))) == 100


def test_a_second_taste_term_keeps_the_latent_spread() -> None:
    tasted = synthetic.with_taste(SHAPE, 0.6)
    assert tasted.interaction_sd == 0.6
    # the noise gives up what the taste term takes: the latent score's variance is unchanged
    assert tasted.latent_sd == pytest.approx(SHAPE.latent_sd, rel=1e-12)
    assert tasted.user_bias_sd == SHAPE.user_bias_sd and tasted.rating_probs == SHAPE.rating_probs
    huge = synthetic.with_taste(SHAPE, 10.0)  # more than the whole spread: the noise stops at its floor
    assert huge.noise_sd == synthetic.MIN_NOISE_SD
    with pytest.raises(ParameterError, match="taste_sd=-0.1"):
        synthetic.with_taste(SHAPE, -0.1)
