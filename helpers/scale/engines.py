"""Two training engines for ratings that need not fit in memory, and the arithmetic of their cost.

Both read the layout that :func:`helpers.scale.prize_format.to_training_parquet` writes::

    data_dir/train/part-00000.parquet ...   buckets of about 250,000 training ratings each
    data_dir/test.parquet                   the held-out ratings
    data_dir/meta.json                      n_users, n_items, n_train, n_test, train_mean, train_std, ...

with columns ``user`` and ``item`` (int32 codes ``0..n-1``), ``rating`` (float32, stars) and ``date``.

* The Netflix chapter's embedding models (:func:`helpers.netflix.models.build_model`) train on a
  :func:`streaming_dataset` that holds two or three buckets in memory whatever the number of ratings;
  :func:`measure_dl` runs one training in a fresh process, so that its peak memory is its own.
* Spark's alternating least squares (``pyspark.ml.recommendation.ALS``) is the distributed baseline:
  :func:`measure_als` fits it in one Spark session, in a child process whose output goes to a log file.

:func:`growth_exponent` and :func:`extrapolate` fit and extend the power law ``seconds = c * rows^k``.
"""

from __future__ import annotations

import itertools
import json
import math
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import psutil
import pyarrow.parquet as pq

from helpers.common import processes
from helpers.common.seeding import seed_everything
from helpers.scale.prize_format import META_FILE, TEST_FILE, TRAIN_DIR

if TYPE_CHECKING:  # imported where used: TensorFlow (the Netflix models import it) stays out of Spark's child process
    import pandas as pd
    import tensorflow as tf
    from pyspark.sql import SparkSession

    from helpers.netflix import models

BUCKET_PATTERN = "part-*.parquet"  # the training buckets' file names (prize_format.BUCKET_NAME)
USER, ITEM, RATING = "user", "item", "rating"  # the columns the engines read (the date is not used)
# held-out ratings predicted at a time: one prediction batch (as fitting.PREDICT_BATCH); a call on more holds
# several batches' activations at once (65,536 ratings: +80 MiB at the chapter's model)
TEST_BATCH = 2**14
MIB = 2**20  # bytes
# pyarrow's default allocator (mimalloc) keeps memory of the buckets it has read: streaming 10^7 ratings peaked
# 10-25 MiB above 10^6 with it, 1 MiB above with the C library's malloc
ARROW_ENVIRONMENT = {"ARROW_DEFAULT_MEMORY_POOL": "system"}
STATUS_FILE = Path("/proc/self/status")  # Linux: this process's memory figures, VmHWM its peak resident size in kB

SPARK_SETTINGS = {  # a quiet, offline, single-machine Spark session; its master and driver memory come from the call
    "spark.ui.enabled": "false",  # no web UI (no port to open)
    "spark.ui.showConsoleProgress": "false",  # no progress bars on stderr
    "spark.sql.catalogImplementation": "in-memory",  # no Hive metastore (no metastore_db folder)
    "spark.sql.shuffle.partitions": "8",  # the joins of prediction and evaluation: 200 by default, tiny tasks here
    "spark.driver.host": "127.0.0.1",  # local mode needs no network name: works offline
    "spark.driver.bindAddress": "127.0.0.1",
}
SPARK_LOG_LEVEL = "ERROR"
DEFAULT_DRIVER_MEMORY = "2g"  # local mode: all of Spark in one JVM; ALS on 10^7 ratings: 1g fits (1.4 GiB resident)
# ALS refitted with these numbers of iterations after each fit (those below the fit's), for its test RMSE along
# the way; two of them give the time of an iteration in a warm JVM
SCORED_ITERATIONS = (1, 3)
LOG_TAIL_LINES = 30  # lines of that log quoted when the child fails


def read_meta(data_dir: Path) -> dict[str, Any]:
    """The ``meta.json`` of a data folder: counts (``n_users``, ``n_items``, ``n_train``, ``n_test``,
    ``n_buckets``), the training ratings' ``train_mean`` and ``train_std`` (stars), ``seed``, ``test_fraction``."""
    return json.loads((Path(data_dir) / META_FILE).read_text())


def peak_resident_mib(pid: int | None = None) -> float:
    """The peak resident memory (MiB) of process ``pid`` (default: this one) since it started its program.

    On Linux this is ``VmHWM`` of ``/proc/self/status``, not ``resource.getrusage``'s ``ru_maxrss``: a
    spawned process's ``ru_maxrss`` starts at its parent's resident size when it forked, which ``exec``
    keeps, so a child of a 2 GiB notebook kernel would report at least 2 GiB. Elsewhere ``ru_maxrss``
    (bytes on macOS, KiB on other systems), for this process only (another ``pid`` raises OSError there).
    0 for a process that has exited but is not yet reaped (it holds no memory); FileNotFoundError for one
    that is gone.
    """
    status = STATUS_FILE if pid is None else Path(f"/proc/{pid}/status")
    if status.exists():
        peaks = [line.split()[1] for line in status.read_text().splitlines() if line.startswith("VmHWM:")]
        return int(peaks[0]) * 1024 / MIB if peaks else 0.0  # none: a process that has exited, not yet reaped
    if pid is not None and STATUS_FILE.exists():
        raise FileNotFoundError(f"process {pid} has ended: no {status}")
    if pid is not None:
        raise OSError(f"no peak memory for process {pid}: this system has no {status}")
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (MIB if sys.platform == "darwin" else 1024)


def started_seconds_ago() -> float:
    """Seconds since this process was created (the interpreter's start and its imports so far included)."""
    return time.time() - psutil.Process().create_time()


def streaming_dataset(train_dir: Path, batch_size: int, seed: int) -> tf.data.Dataset:
    """The training ratings of ``train_dir``'s buckets as a ``tf.data.Dataset`` of ``((user, item), rating)``
    batches: int32 codes and float32 stars, each of shape ``(batch_size,)`` (the epoch's last batch shorter).

    Each pass (epoch) reads the buckets one at a time with pyarrow, in a shuffled order, and shuffles the
    rows of each bucket; the orders are drawn from ``seed`` and the number of passes made so far, so every
    epoch differs and a rerun repeats them. One bucket is read ahead while the previous one is cut into
    batches, so memory holds two or three buckets, whatever the number of ratings. A bucket's last rows
    join the next bucket's first rows in one batch (``Dataset.rebatch``). The dataset knows its number of
    batches (from the files' footers), so Keras knows the length of an epoch before the first one ends.
    """
    import tensorflow as tf

    buckets = sorted(Path(train_dir).glob(BUCKET_PATTERN))
    if not buckets:
        raise FileNotFoundError(f"no {BUCKET_PATTERN} files in {train_dir}")
    rows = sum(pq.read_metadata(path).num_rows for path in buckets)
    passes = itertools.count()

    def shuffled_buckets() -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        rng = np.random.default_rng([seed, next(passes)])
        for path in rng.permutation(buckets):
            table = pq.read_table(path, columns=[USER, ITEM, RATING])
            order = rng.permutation(table.num_rows)
            yield tuple(table[column].to_numpy()[order] for column in (USER, ITEM, RATING))

    codes = tf.TensorSpec(shape=(None,), dtype=tf.int32)
    bucket_data = tf.data.Dataset.from_generator(
        shuffled_buckets, output_signature=(codes, codes, tf.TensorSpec(shape=(None,), dtype=tf.float32))
    )
    return (
        bucket_data.prefetch(1)
        .map(lambda user, item, rating: ((user, item), rating))
        .rebatch(batch_size)
        .apply(tf.data.experimental.assert_cardinality(math.ceil(rows / batch_size)))
        .prefetch(tf.data.AUTOTUNE)
    )


@dataclass(frozen=True)
class DLScaleTask:
    """One training of an embedding model on a data folder: ``epochs`` full passes (no early stopping) in
    batches of ``batch_size`` ratings, seeded with ``seed``; TensorFlow gets the threads of one of ``n_jobs``
    workers sharing the machine's cores (:func:`helpers.common.processes.worker_environment`) and uses
    oneDNN kernels if ``onednn``."""

    data_dir: Path
    spec: models.ModelSpec
    epochs: int
    batch_size: int
    seed: int
    onednn: bool
    n_jobs: int = 1


@dataclass
class DLScaleResult:
    """What one training cost and gave. ``rows``: training ratings; ``seconds_per_epoch``: mean over the
    epochs (s; the first includes tracing the training step) and ``epoch_seconds`` each epoch's;
    ``wall_seconds``: building, training and testing the model (s, without the process start and
    TensorFlow's import); ``fit_seconds``: from the Parquet files on disk to the trained model (building
    the model and the pipeline, every epoch; the scoring after each epoch left out, s); ``startup_seconds``:
    from the process's creation to the task's start (the interpreter, TensorFlow's import, s);
    ``peak_mib``: the process's peak resident memory (MiB, :func:`peak_resident_mib`);
    ``baseline_mib``: its resident memory once TensorFlow is imported and the model built, before training;
    ``epoch_rmse``: the test RMSE after each epoch (stars), the last one ``rmse_test``;
    ``rmse_mean_predictor``: of predicting the training mean for each held-out rating (stars)."""

    rows: int
    epochs: int
    seconds_per_epoch: float
    epoch_seconds: list[float]
    wall_seconds: float
    fit_seconds: float
    startup_seconds: float
    peak_mib: float
    baseline_mib: float
    epoch_rmse: list[float]
    rmse_test: float
    rmse_mean_predictor: float


def _test_rmse(
    predict: Callable[[pd.DataFrame], np.ndarray], test_file: Path, train_mean: float
) -> tuple[float, float]:
    """RMSE (stars) of ``predict`` (a table of user, item -> stars, shape ``(n,)``) and of the constant
    ``train_mean`` on the ratings of ``test_file``, read :data:`TEST_BATCH` rows at a time."""
    squared, squared_mean, count = 0.0, 0.0, 0
    for batch in pq.ParquetFile(test_file).iter_batches(batch_size=TEST_BATCH, columns=[USER, ITEM, RATING]):
        ratings = batch.to_pandas()
        truth = ratings[RATING].to_numpy(dtype=float)
        squared += float(np.sum((predict(ratings) - truth) ** 2))
        squared_mean += float(np.sum((train_mean - truth) ** 2))
        count += len(truth)
    return float(np.sqrt(squared / count)), float(np.sqrt(squared_mean / count))


def train_dl(task: DLScaleTask) -> DLScaleResult:
    """Build ``task.spec`` for the data folder's users and items, train it for ``task.epochs`` epochs on
    :func:`streaming_dataset`, scoring it on ``test.parquet`` after each epoch (in this process;
    :func:`measure_dl` runs it in a fresh one). A normalised spec trains on ratings z-scored with
    ``meta.json``'s mean and std."""
    import keras

    from helpers.netflix import fitting, models, rating_tables

    startup_seconds = started_seconds_ago()
    start = time.perf_counter()
    meta = read_meta(task.data_dir)
    seed_everything(task.seed)
    model = models.build_model(task.spec, meta["n_users"], meta["n_items"])
    baseline_mib = psutil.Process().memory_info().rss / MIB
    normaliser = (
        rating_tables.Normaliser(meta["train_mean"], meta["train_std"])
        if task.spec.normalise
        else rating_tables.Normaliser()
    )
    data = streaming_dataset(Path(task.data_dir) / TRAIN_DIR, task.batch_size, task.seed).map(
        lambda inputs, rating: (inputs, (rating - normaliser.mean) / normaliser.std)
    )
    test_file = Path(task.data_dir) / TEST_FILE
    began: list[float] = []
    epoch_seconds: list[float] = []
    epoch_rmse: list[float] = []
    scoring_seconds: list[float] = []

    def score(epoch: int, logs: dict[str, float]) -> None:
        """Time the epoch that just ended, then score the model on the held-out ratings."""
        epoch_seconds.append(time.perf_counter() - began[-1])
        scored = time.perf_counter()
        fitted = fitting.FitResult(task.spec, normaliser, {}, 0.0, epoch + 1, model)
        epoch_rmse.append(_test_rmse(fitted.predict, test_file, meta["train_mean"])[0])
        scoring_seconds.append(time.perf_counter() - scored)

    timer = keras.callbacks.LambdaCallback(
        on_epoch_begin=lambda epoch, logs: began.append(time.perf_counter()), on_epoch_end=score
    )
    model.fit(data, epochs=task.epochs, callbacks=[timer], shuffle=False, verbose=0)
    fit_seconds = time.perf_counter() - start - sum(scoring_seconds)
    _, rmse_mean = _test_rmse(lambda ratings: np.full(len(ratings), meta["train_mean"]), test_file, meta["train_mean"])
    return DLScaleResult(
        rows=meta["n_train"],
        epochs=task.epochs,
        seconds_per_epoch=float(np.mean(epoch_seconds)),
        epoch_seconds=epoch_seconds,
        wall_seconds=time.perf_counter() - start,
        fit_seconds=fit_seconds,
        startup_seconds=startup_seconds,
        peak_mib=peak_resident_mib(),
        baseline_mib=baseline_mib,
        epoch_rmse=epoch_rmse,
        rmse_test=epoch_rmse[-1],
        rmse_mean_predictor=rmse_mean,
    )


def train_dl_all(tasks: Sequence[DLScaleTask]) -> list[DLScaleResult]:
    """:func:`train_dl` on each of ``tasks`` in turn, in this process: the first pays the process's start,
    which every result reports as its ``startup_seconds``; each result's ``peak_mib`` is the process's peak
    so far (the earlier trainings' included). TensorFlow's warnings are silenced: each model after the first
    traces its steps anew, which it would report as retracing."""
    import tensorflow as tf

    tf.get_logger().setLevel("ERROR")
    results = [train_dl(task) for task in tasks]
    return [replace(result, startup_seconds=results[0].startup_seconds) for result in results]


def measure_dl_all(tasks: Sequence[DLScaleTask]) -> list[DLScaleResult]:
    """Run :func:`train_dl_all` on ``tasks`` in one fresh spawned process with their TensorFlow settings
    (the first task's; its start-up notices kept off stderr, :func:`helpers.common.processes.start_worker`)
    and pyarrow allocating with the C library's malloc (:data:`ARROW_ENVIRONMENT`), and return the results
    in the order of ``tasks``."""
    environment = processes.worker_environment(tasks[0].n_jobs, tasks[0].onednn) | ARROW_ENVIRONMENT
    with ProcessPoolExecutor(
        1, mp_context=multiprocessing.get_context("spawn"), initializer=processes.start_worker, initargs=(environment,)
    ) as pool:
        return pool.submit(train_dl_all, list(tasks)).result()


def measure_dl(task: DLScaleTask) -> DLScaleResult:
    """:func:`measure_dl_all` of ``task`` alone: one training in a fresh process, so that the result's peak
    memory is this training's own."""
    (result,) = measure_dl_all([task])
    return result


@dataclass(frozen=True)
class ALSTask:
    """One fit of Spark's ALS on a data folder: ``rank`` latent factors, ``reg_param`` (Spark's ``regParam``,
    scaled by each user's and item's number of ratings), ``iterations`` alternations, seeded with ``seed``;
    then refitted and scored with each of ``scored_iterations`` below ``iterations`` (none: the fit alone,
    where only its time and final RMSE are wanted)."""

    data_dir: Path
    rank: int
    reg_param: float
    iterations: int
    seed: int
    scored_iterations: tuple[int, ...] = SCORED_ITERATIONS


@dataclass
class ALSResult:
    """What one ALS fit cost and gave. ``rows``: training ratings; ``read_seconds``: reading and caching
    them (s); ``seconds``: the fit (s, wall time) and ``seconds_per_iteration`` that over the iterations
    (the fit's set-up included); ``fit_seconds``: from the Parquet files on disk to the fitted model,
    reading and fitting (s); ``iteration_rmse``: the test RMSE after each number of iterations scored
    (stars; the fit's own and the shorter fits of :data:`SCORED_ITERATIONS` run after it) and
    ``iteration_seconds`` those fits' seconds; ``rmse_test``: on the held-out ratings after the fit,
    the training mean standing in for users and movies without training ratings (stars);
    ``rmse_mean_predictor``: of the training mean alone (stars); ``start_seconds``: starting the Spark
    session (JVM), once per :func:`measure_als` call, shared by its tasks; ``jvm_mib``: the resident
    memory of Spark's processes after the fit (MiB); ``peak_mib``: the peak resident memory of the Python
    process and of each of Spark's processes, added up (MiB; at least the joint peak)."""

    rows: int
    seconds: float
    seconds_per_iteration: float
    read_seconds: float
    rmse_test: float
    rmse_mean_predictor: float
    start_seconds: float
    jvm_mib: float
    fit_seconds: float
    iteration_rmse: dict[int, float]
    iteration_seconds: dict[int, float]
    peak_mib: float


def process_tree_peak_mib() -> float:
    """The peak resident memory (MiB, :func:`peak_resident_mib`) of this process and of every process it
    started, still running, added up: an upper bound on their joint peak."""
    peak = peak_resident_mib()
    for child in psutil.Process().children(recursive=True):
        try:
            peak += peak_resident_mib(child.pid)
        except FileNotFoundError:  # it ended since it was listed
            continue
    return peak


def fit_als(spark: SparkSession, task: ALSTask, start_seconds: float) -> ALSResult:
    """Read ``task``'s data folder into the running Spark session ``spark``, fit ALS and score it; then
    fit and score it again with each of ``task.scored_iterations`` below ``task.iterations``, so that the
    test RMSE is known along the way (Spark's ALS reports nothing between its iterations).

    ALS splits the users and the movies into as many blocks as the cores Spark has (its default of 10
    blocks makes tasks of a few hundred ratings at the appendix's small sizes, whose overhead then
    outweighs the solves)."""
    from pyspark.ml.evaluation import RegressionEvaluator
    from pyspark.ml.recommendation import ALS
    from pyspark.sql import functions

    meta = read_meta(task.data_dir)
    blocks = spark.sparkContext.defaultParallelism  # cores: local[*]'s, or the cluster's (at least 2)
    began = time.perf_counter()
    train = spark.read.parquet(str(Path(task.data_dir) / TRAIN_DIR)).select(USER, ITEM, RATING).cache()
    rows = train.count()
    read_seconds = time.perf_counter() - began

    def fitted(iterations: int) -> tuple[Any, float]:
        """ALS fitted with ``iterations`` alternations, and the fit's seconds."""
        als = ALS(
            rank=task.rank,
            maxIter=iterations,
            regParam=task.reg_param,
            userCol=USER,
            itemCol=ITEM,
            ratingCol=RATING,
            seed=task.seed,
            coldStartStrategy="nan",
            nonnegative=False,
            numUserBlocks=blocks,
            numItemBlocks=blocks,
        )
        began = time.perf_counter()
        model = als.fit(train)  # eager: ALS computes and counts both factor matrices before it returns
        return model, time.perf_counter() - began

    model, seconds = fitted(task.iterations)
    jvm_mib = sum(child.memory_info().rss for child in psutil.Process().children(recursive=True)) / MIB
    test = spark.read.parquet(str(Path(task.data_dir) / TEST_FILE)).select(USER, ITEM, RATING)
    evaluator = RegressionEvaluator(metricName="rmse", labelCol=RATING, predictionCol="prediction")
    mean = meta["train_mean"]

    def scored(model: Any) -> float:
        """The test RMSE of a fitted ALS model (stars), the training mean for unknown users and movies."""
        return evaluator.evaluate(model.transform(test).fillna(mean, subset=["prediction"]))

    iteration_rmse, iteration_seconds = {task.iterations: scored(model)}, {task.iterations: seconds}
    for iterations in (k for k in task.scored_iterations if k < task.iterations):
        shorter, iteration_seconds[iterations] = fitted(iterations)
        iteration_rmse[iterations] = scored(shorter)
    rmse_mean = evaluator.evaluate(test.withColumn("prediction", functions.lit(mean)))
    peak_mib = process_tree_peak_mib()
    train.unpersist()
    return ALSResult(
        rows,
        seconds,
        seconds / task.iterations,
        read_seconds,
        iteration_rmse[task.iterations],
        rmse_mean,
        start_seconds,
        jvm_mib,
        fit_seconds=read_seconds + seconds,
        iteration_rmse=dict(sorted(iteration_rmse.items())),
        iteration_seconds=dict(sorted(iteration_seconds.items())),
        peak_mib=peak_mib,
    )


def _run_als(
    tasks: Sequence[ALSTask], master: str, driver_memory: str, log_path: Path, settings: Mapping[str, str]
) -> list[ALSResult]:
    """The child process of :func:`measure_als`: send file descriptors 1 and 2 (this process's and the
    JVM's it starts) to ``log_path``, start one Spark session with ``settings`` added and fit every task."""
    with open(log_path, "w") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
    from pyspark.sql import SparkSession

    began = time.perf_counter()
    settings = SPARK_SETTINGS | {"spark.driver.memory": driver_memory} | dict(settings)
    spark = SparkSession.builder.master(master).appName("scale-als").config(map=settings).getOrCreate()
    spark.sparkContext.setLogLevel(SPARK_LOG_LEVEL)
    start_seconds = time.perf_counter() - began
    try:
        return [fit_als(spark, task, start_seconds) for task in tasks]
    finally:
        spark.stop()


def measure_als(
    tasks: Sequence[ALSTask],
    master: str = "local[*]",
    driver_memory: str = DEFAULT_DRIVER_MEMORY,
    log_path: Path | None = None,
    settings: Mapping[str, str] | None = None,
) -> list[ALSResult]:
    """Fit Spark's ALS for each task, in order, in one Spark session (one JVM start) that runs in a fresh
    spawned process, and return the results in the order of ``tasks``.

    ``master`` is Spark's: ``"local[*]"`` runs it on this machine's cores; a cluster's URL (e.g.
    ``"spark://host:7077"``, ``"yarn"``) runs the same fits there, given data folders that the cluster
    can read at the same paths (a shared file system or an object store's URL). ``driver_memory`` is
    the driver JVM's heap (in local mode, all of Spark's). Everything Spark and its JVM print goes to
    ``log_path`` (overwritten; default: a new file in the system's temporary folder, so runs at the same
    time keep their own logs, removed after a run that succeeds), never to this process's output; if the
    child fails, RuntimeError quotes the log's last lines and names the file, which is kept. ``settings``:
    more of Spark's settings (e.g. ``{"spark.cores.max": "1"}`` on a standalone cluster).
    """
    temporary = log_path is None
    if temporary:
        handle, name = tempfile.mkstemp(prefix="scale-als-spark-", suffix=".log")
        os.close(handle)
        log_path = Path(name)
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            results = pool.submit(_run_als, list(tasks), master, driver_memory, Path(log_path), settings or {}).result()
    except Exception as error:
        lines = Path(log_path).read_text(errors="replace").splitlines() if Path(log_path).exists() else []
        tail = "\n".join(lines[-LOG_TAIL_LINES:])
        raise RuntimeError(f"Spark's ALS failed ({error!r}); the last lines of {log_path}:\n{tail}") from error
    if temporary:
        Path(log_path).unlink(missing_ok=True)
    return results


def growth_exponent(sizes: Sequence[float], seconds: Sequence[float]) -> tuple[float, float]:
    """The power law through measured costs: the slope ``k`` and intercept ``b`` of the least-squares line
    ``log10(seconds) = k * log10(size) + b`` (``k = 1``: cost proportional to size). Needs two sizes or more."""
    slope, intercept = np.polyfit(np.log10(sizes), np.log10(seconds), deg=1)
    return float(slope), float(intercept)


def extrapolate(sizes: Sequence[float], seconds: Sequence[float], to: float) -> float:
    """The seconds that the power law of :func:`growth_exponent` through ``(sizes, seconds)`` predicts at
    size ``to``."""
    slope, intercept = growth_exponent(sizes, seconds)
    return float(10 ** (intercept + slope * np.log10(to)))


def size_label(n: float) -> str:
    """A number of ratings as the records name it: ``100000`` -> ``"1e5"``, ``2500000`` -> ``"2.5e6"``."""
    mantissa, exponent = f"{n:.6e}".split("e")
    return f"{float(mantissa):g}e{int(exponent)}"


def dl_plus(latent: int, hidden: Sequence[int], normalise: bool) -> models.ModelSpec:
    """The Netflix chapter's DL+ (embeddings of ``latent`` dimensions joined by ReLU layers of ``hidden``
    widths, a bias per user and per movie, the chapter's other settings), trained on z-scored ratings if
    ``normalise`` (the study's "DL+ + norm")."""
    from helpers.netflix import models

    name = "DL+ + norm" if normalise else "DL+"
    return models.ModelSpec(name, deep=True, bias=True, normalise=normalise, latent=latent, hidden=tuple(hidden))
