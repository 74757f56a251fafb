"""helpers.scale.engines on tiny generated data folders: the streaming dataset yields every rating once per
epoch in a new order, its memory does not grow with the ratings, Spark's ALS learns planted structure
without printing anything here, and the power-law fit recovers a known exponent."""

from __future__ import annotations

import json
import multiprocessing
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import psutil
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from helpers.netflix import models
from helpers.scale import engines

TINY = models.ModelSpec("tiny", deep=True, bias=True, normalise=True, latent=8, hidden=(8,), learning_rate=1e-2)


def write_layout(
    folder: Path,
    n_ratings: int,
    n_users: int,
    n_items: int,
    bucket_rows: int,
    seed: int = 0,
    test_fraction: float = 0.1,
) -> Path:
    """Write a data folder as the engines read it (train/part-*.parquet buckets of ``bucket_rows``
    ratings, test.parquet, meta.json) and return it. Ratings (stars, 1..5, rounded to halves) are
    3.5 + user effect + item effect + a rank-2 product + noise, for random user-item pairs."""
    rng = np.random.default_rng(seed)
    users = rng.integers(0, n_users, n_ratings).astype(np.int32)
    items = rng.integers(0, n_items, n_ratings).astype(np.int32)
    user_factors, item_factors = rng.normal(0, 0.6, (n_users, 2)), rng.normal(0, 0.6, (n_items, 2))
    planted = (
        3.5
        + rng.normal(0, 0.5, n_users)[users]
        + rng.normal(0, 0.5, n_items)[items]
        + np.sum(user_factors[users] * item_factors[items], axis=1)
        + rng.normal(0, 0.2, n_ratings)
    )
    ratings = pd.DataFrame(
        {
            "user": users,
            "item": items,
            "rating": np.clip(np.round(planted * 2) / 2, 1, 5).astype(np.float32),
            "date": pd.Timestamp("2005-01-01").date(),
        }
    )
    n_test = int(n_ratings * test_fraction)
    train, test = ratings.iloc[n_test:], ratings.iloc[:n_test]
    (folder / engines.TRAIN_DIR).mkdir(parents=True)
    starts = range(0, len(train), bucket_rows)
    for number, start in enumerate(starts):
        part = pa.Table.from_pandas(train.iloc[start : start + bucket_rows], preserve_index=False)
        pq.write_table(part, folder / engines.TRAIN_DIR / f"part-{number:05d}.parquet")
    pq.write_table(pa.Table.from_pandas(test, preserve_index=False), folder / engines.TEST_FILE)
    meta = {
        "n_users": n_users,
        "n_items": n_items,
        "n_train": len(train),
        "n_test": n_test,
        "train_mean": float(train.rating.mean()),
        "train_std": float(train.rating.std(ddof=0)),
        "n_buckets": len(starts),
        "seed": seed,
        "test_fraction": test_fraction,
    }
    (folder / engines.META_FILE).write_text(json.dumps(meta))
    return folder


def epoch_batches(dataset: object) -> list[pd.DataFrame]:
    """One pass over a streaming dataset: its batches as tables (user, item, rating), in the order they came."""
    return [
        pd.DataFrame({"user": user.numpy(), "item": item.numpy(), "rating": rating.numpy()})
        for (user, item), rating in dataset
    ]


def test_an_epoch_yields_every_training_rating_once_in_batches_of_the_requested_size(tmp_path: Path) -> None:
    folder = write_layout(tmp_path, n_ratings=11_000, n_users=300, n_items=200, bucket_rows=3_000)
    dataset = engines.streaming_dataset(folder / engines.TRAIN_DIR, batch_size=512, seed=1)
    batches = epoch_batches(dataset)
    sizes = [len(batch) for batch in batches]
    assert sizes[:-1] == [512] * (len(sizes) - 1) and sizes[-1] == 9_900 % 512  # 9,900 training ratings
    first, second = pd.concat(batches, ignore_index=True), pd.concat(epoch_batches(dataset), ignore_index=True)
    on_disk = pd.concat(pd.read_parquet(p) for p in sorted((folder / engines.TRAIN_DIR).glob("*.parquet")))
    columns = ["user", "item", "rating"]
    expected = on_disk[columns].sort_values(columns, ignore_index=True)
    for epoch in (first, second):
        pd.testing.assert_frame_equal(epoch.sort_values(columns, ignore_index=True), expected)
    assert not first.equals(second)  # each epoch in its own order
    again = engines.streaming_dataset(folder / engines.TRAIN_DIR, batch_size=512, seed=1)
    pd.testing.assert_frame_equal(pd.concat(epoch_batches(again), ignore_index=True), first)  # seed: same orders


# Peak memory of one training in a fresh process, at 10^5 and 10^6 training ratings (same users, items and
# model; buckets of 50,000 ratings, so that both hold full buckets in flight). Held in memory, the extra
# 900,000 ratings are 10 MiB of int32/int32/float32 arrays, and the chapter's in-memory path (pandas tables
# into `fitting.fit`: NumPy inputs, Keras's tf.data copies) raised the peak by 111-118 MiB in the same set-up;
# streaming raised it by 1-3 MiB (runs of this test; up to 12 MiB with 250,000-rating buckets).
PEAK_GROWTH_LIMIT_MIB = 30


def test_streaming_training_memory_does_not_grow_with_the_ratings(tmp_path: Path, capfd: pytest.CaptureFixture) -> None:
    peaks = {}
    for n_ratings in (100_000, 1_000_000):
        folder = write_layout(
            tmp_path / str(n_ratings), n_ratings, n_users=2_000, n_items=1_000, bucket_rows=50_000, test_fraction=0.02
        )
        task = engines.DLScaleTask(folder, TINY, epochs=1, batch_size=2048, seed=0, onednn=True)
        result = engines.measure_dl(task)
        assert result.rows == n_ratings * 0.98 and result.epochs == 1 and len(result.epoch_seconds) == 1
        assert result.rmse_test < result.rmse_mean_predictor
        assert result.baseline_mib <= result.peak_mib
        peaks[n_ratings] = result.peak_mib
    assert peaks[1_000_000] < peaks[100_000] + PEAK_GROWTH_LIMIT_MIB
    assert not capfd.readouterr().err  # neither TensorFlow's oneDNN notice nor a Keras warning


def test_a_spawned_processs_peak_memory_is_its_own() -> None:
    held = np.ones(2**28 // 8)  # 256 MiB resident here: a spawned child's ru_maxrss would start above it
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        child_peak = pool.submit(engines.peak_resident_mib).result()
    assert child_peak < held.nbytes / 2**20 < psutil.Process().memory_info().rss / 2**20


def test_a_failed_spark_run_quotes_its_log(tmp_path: Path) -> None:
    task = engines.ALSTask(tmp_path, rank=4, reg_param=0.05, iterations=10, seed=0)
    with pytest.raises(RuntimeError, match="(?s)the last lines of .*Master must"):
        engines.measure_als([task], master="no-such-master", log_path=tmp_path / "spark.log")


def test_a_failed_run_keeps_its_own_log_in_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the system's temporary folder, for this test
    task = engines.ALSTask(tmp_path, rank=4, reg_param=0.05, iterations=10, seed=0)
    with pytest.raises(RuntimeError, match="(?s)the last lines of .*scale-als-spark-.*Master must"):
        engines.measure_als([task], master="no-such-master")
    (log,) = tmp_path.glob("scale-als-spark-*.log")
    assert "Master must" in log.read_text()


def test_growth_exponent_recovers_a_power_law() -> None:
    sizes = [1e5, 1e6, 1e7]
    seconds = [3 * n**1.1 for n in sizes]
    slope, intercept = engines.growth_exponent(sizes, seconds)
    assert slope == pytest.approx(1.1) and intercept == pytest.approx(np.log10(3))
    assert engines.extrapolate(sizes, seconds, to=1e8) == pytest.approx(3 * 1e8**1.1)


def test_size_labels_are_the_records_names():
    assert [engines.size_label(n) for n in (100_000, 10_000_000, 20_000, 2_500_000)] == ["1e5", "1e7", "2e4", "2.5e6"]
