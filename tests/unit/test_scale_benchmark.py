"""helpers.scale.benchmark: the arithmetic of a timing worked by hand on made-up results, and one fit of
each engine timed for real on a tiny data folder (first and steady passes, the peak memory of Spark's JVM)."""

from __future__ import annotations

import math
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd
import psutil
import pytest

from helpers.scale import benchmark, cost_model, engines, tables
from tests.unit.test_scale_engines import TINY, write_layout


def dl_result(epoch_seconds: list[float], epoch_rmse: list[float], fit_seconds: float) -> engines.DLScaleResult:
    """A DL+ result with the given epochs (s), test RMSE after each (stars) and time from disk (s)."""
    return engines.DLScaleResult(
        rows=900,
        epochs=len(epoch_seconds),
        seconds_per_epoch=sum(epoch_seconds) / len(epoch_seconds),
        epoch_seconds=epoch_seconds,
        wall_seconds=fit_seconds + 1,
        fit_seconds=fit_seconds,
        startup_seconds=4.0,
        peak_mib=800.0,
        baseline_mib=700.0,
        epoch_rmse=epoch_rmse,
        rmse_test=epoch_rmse[-1],
        rmse_mean_predictor=1.05,
    )


def als_result(iteration_seconds: dict[int, float], iteration_rmse: dict[int, float]) -> engines.ALSResult:
    """An ALS result of 10 iterations (the fit's seconds under key 10) read in 2 seconds."""
    return engines.ALSResult(
        rows=900,
        seconds=iteration_seconds[10],
        seconds_per_iteration=iteration_seconds[10] / 10,
        read_seconds=2.0,
        rmse_test=iteration_rmse[10],
        rmse_mean_predictor=1.05,
        start_seconds=5.0,
        jvm_mib=600.0,
        fit_seconds=2.0 + iteration_seconds[10],
        iteration_rmse=iteration_rmse,
        iteration_seconds=iteration_seconds,
        peak_mib=900.0,
    )


def test_a_dl_timing_splits_the_first_epoch_from_the_steady_ones_and_counts_the_set_up():
    # 1.5 s of set-up before three epochs of 3, 1 and 2 s: 7.5 s from disk in all
    timing = benchmark.from_dl(dl_result([3.0, 1.0, 2.0], [1.00, 0.95, 0.90], fit_seconds=7.5))
    assert timing.first_pass_seconds == 3.0 and timing.steady_pass_seconds == 1.5  # median of 1 and 2
    assert timing.pass_seconds == timing.steady_pass_seconds
    assert timing.seconds_to_pass == {1: 4.5, 2: 5.5, 3: 7.5}
    assert benchmark.seconds_to_target(timing, 0.96) == 5.5  # second epoch: 0.95 <= 0.96
    assert benchmark.seconds_to_target(timing, 0.90) == 7.5  # the target itself counts as reached
    assert math.isnan(benchmark.seconds_to_target(timing, 0.5))
    assert math.isnan(benchmark.from_dl(dl_result([3.0], [1.0], 4.0)).steady_pass_seconds)  # one epoch only


def test_an_als_timing_reads_a_steady_iteration_off_the_shorter_fits():
    # fits of 1 and 3 iterations took 1.2 and 2.0 s: 0.4 s per steady iteration; the timed fit of 10 took
    # 6.0 s, so its first iteration took 6.0 - 9 * 0.4 = 2.4 s; read in 2 s, 8 s from disk in all
    timing = benchmark.from_als(als_result({1: 1.2, 3: 2.0, 10: 6.0}, {1: 1.0, 3: 0.93, 10: 0.9}), 10)
    assert timing.steady_pass_seconds == pytest.approx(0.4)
    assert timing.first_pass_seconds == pytest.approx(2.4)
    assert timing.fit_seconds == 8.0 and timing.pass_seconds == 0.6  # the timed fit over its 10 iterations
    # after k iterations: 8 - (10 - k) * 0.4
    assert timing.seconds_to_pass == pytest.approx({1: 4.4, 3: 5.2, 10: 8.0})
    assert benchmark.seconds_to_target(timing, 0.95) == pytest.approx(5.2)
    alone = benchmark.from_als(als_result({10: 6.0}, {10: 0.9}), 10)  # no shorter fits: no steady iteration
    assert math.isnan(alone.steady_pass_seconds) and alone.seconds_to_pass == {10: 8.0}


def test_median_and_spread_over_repeats():
    # median of 1, 2, 6 is 2; mean 3, squared deviations 4 + 1 + 9 = 14 over 2 degrees of freedom: sd sqrt(7)
    assert benchmark.median_and_sd([6.0, 1.0, 2.0]) == pytest.approx((2.0, math.sqrt(7)))
    median, sd = benchmark.median_and_sd([5.0, math.nan])  # a repeat that did not reach the target
    assert median == 5.0 and math.isnan(sd)


def test_the_summary_has_a_row_per_size_with_medians_spreads_and_targets_reached():
    fast = benchmark.from_dl(dl_result([3.0, 1.0], [1.0, 0.95], 5.0))
    slow = benchmark.from_dl(dl_result([3.0, 1.0], [1.0, 0.99], 7.0))
    table = benchmark.summary({1000: [fast, slow, fast]}, target_rmse=0.96)
    row = table.loc[1000]
    assert row["repeats"] == 3 and row["fit from disk (s)"] == 5.0  # median of 5, 7, 5
    assert row["fit from disk (s) sd"] == pytest.approx(pd.Series([5.0, 7.0, 5.0]).std())
    # the fast runs reach 0.95 at their second and last epoch, 5 s from disk; the slow run never does
    assert row["reached the target"] == 2 and row["to the target (s)"] == 5.0


def test_no_repeat_is_refused(tmp_path: Path):
    task = engines.ALSTask(tmp_path, rank=2, reg_param=0.1, iterations=2, seed=0)
    with pytest.raises(ValueError, match="repeats=0"):
        benchmark.time_repeats(task, 0)


def test_each_engine_timed_from_disk_in_a_fresh_process(tmp_path: Path, capfd: pytest.CaptureFixture):
    folder = write_layout(tmp_path / "data", n_ratings=6_000, n_users=150, n_items=100, bucket_rows=2_000)
    dl = benchmark.time_fit(engines.DLScaleTask(folder, TINY, epochs=3, batch_size=512, seed=0, onednn=True))
    assert dl.engine == benchmark.DL and dl.rows == 5_400 and dl.passes == 3
    assert sorted(dl.pass_rmse) == [1, 2, 3] and dl.rmse_test == dl.pass_rmse[3]
    assert 0 < dl.steady_pass_seconds and dl.seconds_to_pass[3] == pytest.approx(dl.fit_seconds)
    assert dl.startup_seconds > 0 and dl.peak_mib > 0
    log = tmp_path / "spark.log"
    task = engines.ALSTask(folder, rank=4, reg_param=0.05, iterations=5, seed=0)
    (als_run,) = engines.measure_als([task], master="local[2]", driver_memory="1g", log_path=log)
    captured = capfd.readouterr()
    assert log.read_text() and not (captured.out + captured.err).strip()  # Spark wrote to its log, not here
    assert als_run.rows == 5_400 and als_run.seconds_per_iteration == als_run.seconds / 5
    # planted low rank: half the mean rating's error at most (measured: 0.30 against 0.85 after 10 iterations)
    assert als_run.rmse_test < 0.5 * als_run.rmse_mean_predictor
    assert sorted(als_run.iteration_rmse) == [1, 3, 5]
    assert als_run.fit_seconds == pytest.approx(als_run.read_seconds + als_run.seconds)
    # each process's peak is at least its resident size at the end: the JVM's alone is already jvm_mib, and the
    # Python driver adds its own on top
    assert als_run.peak_mib > als_run.jvm_mib > 0
    # more iterations do not make ALS worse on planted low-rank ratings
    assert als_run.iteration_rmse[5] <= als_run.iteration_rmse[1]


def test_the_common_target_is_the_worst_final_rmse_of_either_engine():
    dl_runs = [benchmark.from_dl(dl_result([1.0, 1.0], [1.0, rmse], 3.0)) for rmse in (0.90, 0.93)]
    als_runs = [benchmark.from_als(als_result({1: 1.2, 3: 2.0, 10: 6.0}, {1: 1.0, 3: 0.95, 10: 0.91}), 10)]
    assert benchmark.common_target(dl_runs, als_runs) == 0.93
    target = benchmark.common_target(dl_runs, als_runs)
    assert all(math.isfinite(benchmark.seconds_to_target(run, target)) for run in dl_runs + als_runs)


def test_the_timing_table_and_the_coefficients_table():
    fast = benchmark.from_dl(dl_result([3.0, 1.0], [1.0, 0.95], 5.0))
    table = tables.timing_table({1000: [fast, fast], 2000: [fast, fast]}, {1000: 0.95, 2000: 0.99})
    assert table.index.tolist() == [1000, 2000] and list(table.columns) == list(tables.TIMING_COLUMNS)
    # 0.99 is reached after the first epoch (1.0 > 0.99, so the second): both at 5 s; 0.95 at the second too
    assert table["to the target (s)"].tolist() == [5.0, 5.0]
    assert table["pass for the cost model (s) sd"].tolist() == [0.0, 0.0]
    columns = cost_model.dl_terms([1e5, 1e5, 2e5, 2e5, 4e5, 4e5], [500, 500, 1000, 1000, 2000, 2000], [100] * 6, 1000)
    model = cost_model.fit(columns, columns @ [1.0, 1e-5, 1e-6] + np.tile([0.01, -0.01], 3), cost_model.DL_TERMS)
    coefficients = tables.coefficient_table({"DL+": model})
    assert coefficients.index.tolist() == [("DL+", term) for term in cost_model.DL_TERMS]
    assert (coefficients["95 % low"] < coefficients["coefficient"]).all()
    assert (coefficients["coefficient"] < coefficients["95 % high"]).all()


def test_peak_memory_of_a_process_that_has_exited():
    import subprocess

    child = subprocess.Popen(["true"])
    while psutil.Process(child.pid).status() != psutil.STATUS_ZOMBIE:  # exited, not yet reaped
        time.sleep(0.01)
    assert engines.peak_resident_mib(child.pid) == 0.0  # a zombie holds no memory
    child.wait()
    with pytest.raises(FileNotFoundError, match=f"process {child.pid} has ended"):
        engines.peak_resident_mib(child.pid)
    assert engines.peak_resident_mib(os.getpid()) == engines.peak_resident_mib()


def test_one_process_per_engine_times_every_size_in_one_start(tmp_path: Path):
    # two sizes, two repeats each, all in one TensorFlow process: the four fits come back grouped by size in
    # the order given, and share the one process's start (a fresh process per fit would measure four)
    small = write_layout(tmp_path / "small", n_ratings=3_000, n_users=100, n_items=80, bucket_rows=2_000)
    large = write_layout(tmp_path / "large", n_ratings=6_000, n_users=150, n_items=100, bucket_rows=2_000)
    tasks = {n: engines.DLScaleTask(folder, TINY, 2, 512, 0, True) for n, folder in ((3_000, small), (6_000, large))}
    timings = benchmark.time_sizes(tasks, 2, benchmark.PER_ENGINE)
    assert list(timings) == [3_000, 6_000]
    assert [run.rows for n in timings for run in timings[n]] == [2_700, 2_700, 5_400, 5_400]  # 90 % trains
    assert len({run.startup_seconds for runs in timings.values() for run in runs}) == 1


def test_an_unknown_process_setting_is_refused_with_the_choices(tmp_path: Path):
    task = engines.ALSTask(tmp_path, rank=2, reg_param=0.1, iterations=2, seed=0)
    with pytest.raises(ValueError, match="process_per='job': give 'fit' or 'engine'"):
        benchmark.time_sizes({1000: task}, 2, "job")
