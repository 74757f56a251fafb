"""Douyin chapter under the quick profile on the real data: records present, in range, fast enough."""

import pytest

from helpers.common.names import reader_names

STEM = "03_douyin"
# model key: the prefix of its records
LSTMS = {
    "lstm1": "douyin.lstm1",
    "lstm2": "douyin.lstm2",
    "lstm_multi": "douyin.lstm_multi.study_config",
}
MODELS = {**LSTMS, **{name: f"douyin.{name}" for name in ("persistence", "moving_avg", "gbm_lags")}}
# the study's trials on v2: one change each (L2 on the LSTMs, a ReLU or ELU head)
TRIALS = ("douyin.lstm2.l2", "douyin.lstm2.dense_relu", "douyin.lstm2.dense_elu")
pytestmark = pytest.mark.notebooks


def test_cleaning_keeps_the_live_minutes_of_the_day(quick_records):
    records = quick_records(STEM)
    # 696 rows + 241 off-air minutes filled - 239 minutes of the midday dead stretch
    assert records["douyin.n_minutes"] == 698
    assert records["douyin.n_test_minutes"] == 698 - int(698 * 0.75)


def test_every_model_is_scored_in_viewers_per_minute(quick_records):
    records = quick_records(STEM)
    for name, prefix in MODELS.items():
        # R² of a one-step forecast of noisy minute counts: above a useless forecast, below perfect
        assert -1.0 < records[f"{prefix}.r2"] < 0.9, name
        # RMSE in viewers per minute: the test minutes' standard deviation is about 9.6
        assert 3.0 < records[f"{prefix}.rmse"] < 15.0, name
    assert records["douyin.best.name"] in reader_names(MODELS)


def test_baselines_are_exactly_those_of_the_day(quick_records):
    records = quick_records(STEM)
    # persistence does not depend on any setting: its R² on the 175 test minutes is fixed
    assert records["douyin.persistence.r2"] == pytest.approx(0.24228, abs=1e-4)
    assert records["douyin.persistence.r2_with_gap"] > records["douyin.persistence.r2_whole_day"] + 0.3


def test_window_sweep_and_verdict_are_recorded(quick_records):
    records = quick_records(STEM)
    windows = [int(k.split("window_")[1].split(".")[0]) for k in records if k.startswith("douyin.lstm2.window_")]
    assert windows and records["douyin.lstm2.best_window"] in windows
    best_lstm = max(records[f"{prefix}.r2"] for prefix in (*LSTMS.values(), *TRIALS))
    verdict = records["douyin.lstm_verdict"]
    assert verdict.startswith("Yes:" if best_lstm > records["douyin.persistence.r2"] else "No:")
    assert "0.242" in verdict  # persistence's fixed R² on the day's test minutes, in the book's format
    assert 0 <= records["douyin.seasonal_strength"] <= 1
    assert 0 < records["douyin.poisson_r2_ceiling"] < 1


def test_the_study_multivariate_run_uses_its_window_and_batch(quick_records):
    records = quick_records(STEM)
    # the study's code: create_dataset(..., seq_len=30) and create_batch_dataset(..., batch_size=64)
    assert (records["douyin.study_multi.window"], records["douyin.study_multi.batch"]) == (30, 64)
    assert records["douyin.study_headline.model"] == "LSTM v2"


def test_the_studys_trials_are_fitted_and_not_ranked_on_one_seed(quick_records):
    records = quick_records(STEM)
    assert all(f"{prefix}.r2" in records for prefix in TRIALS)
    assert records["douyin.lstm2.dense_linear.r2"] == records["douyin.lstm2.r2"]  # no head activation is v2
    assert records["douyin.trials_verdict"].count("one seed: not ranked") == len(TRIALS)


def test_the_test_peak_is_placed_on_the_training_scale(quick_records):
    from sklearn.preprocessing import MinMaxScaler

    from helpers import datasets
    from helpers.douyin import timeseries

    records = quick_records(STEM)
    minutes = timeseries.expand_sources(datasets.load("douyin").minutes)
    filled = timeseries.fill_minutes(timeseries.drop_dead_days(minutes, 10)[0])
    dead = (timeseries.traffic(filled) == 0) & (filled["WATCH_UCNT"] == 0)
    y = filled.loc[~timeseries.dead_runs(dead, 30), "WATCH_UCNT"].to_numpy(float)
    n_train = int(len(y) * 0.75)
    scaler = MinMaxScaler().fit(y[:n_train, None])
    assert records["douyin.test_max_scaled"] == pytest.approx(scaler.transform([[y[n_train:].max()]])[0, 0], abs=1e-9)
    assert records["douyin.test_max_scaled"] > 1  # the evening's peak lies above every training minute


def test_the_chapter_has_six_exercises(quick_records):
    assert quick_records(STEM)["book.exercises.03_douyin"] >= 6
