"""Douyin chapter under the quick profile on the real data: records present, in range, the choices made on
the validation minutes, and the judged claims against what the data give."""

import numpy as np
import pytest
from exercise_levels import check_levels_and_harder_code_exercises
from sklearn.metrics import r2_score
from sklearn.preprocessing import MinMaxScaler

from helpers import datasets
from helpers.common import judgement
from helpers.common.exercises import count_exercises
from helpers.common.names import reader_name
from helpers.common.paths import notebooks_dir
from helpers.douyin import claims, timeseries
from helpers.publishing import chapters

STEM = "03_douyin"
# model key: the prefix of its records
LSTMS = {
    "lstm1": "douyin.lstm1",
    "lstm2": "douyin.lstm2",
    "lstm_multi": "douyin.lstm_multi.study_config",
}
BASELINES = ("persistence", "training_mean", "moving_avg", "gbm_lags")
MODELS = {**LSTMS, **{name: f"douyin.{name}" for name in BASELINES}}
# the study's trials on v2: one change each (L2 on the LSTMs, a ReLU or ELU head)
TRIALS = ("douyin.lstm2.l2", "douyin.lstm2.dense_relu", "douyin.lstm2.dense_elu")
TEST_RECORDS = {**LSTMS, **dict(zip(("lstm2_l2", "lstm2_relu", "lstm2_elu"), TRIALS, strict=True))}
N_MINUTES, TEST_START, N_TRAIN = 698, 523, 418  # int(698 * 0.75), then int(523 * 0.8): the quick profile's
pytestmark = pytest.mark.notebooks


def registered_minutes() -> np.ndarray:
    """Viewers entering per minute of the registered day, cleaned by the chapter's rules with its default
    settings (days below 10 visits dropped, gaps filled, dead runs of 30 minutes or more removed)."""
    minutes = timeseries.expand_sources(datasets.load("douyin").minutes)
    filled = timeseries.fill_minutes(timeseries.drop_dead_days(minutes, 10)[0])
    dead = (timeseries.traffic(filled) == 0) & (filled["WATCH_UCNT"] == 0)
    return filled.loc[~timeseries.dead_runs(dead, 30), "WATCH_UCNT"].to_numpy(float)


def judged(records: dict, claim: judgement.Claim) -> judgement.Judged:
    return judgement.Judged.from_json(records[judgement.record_name(claim.id)])


def test_cleaning_keeps_the_live_minutes_of_the_day(quick_records):
    records = quick_records(STEM)
    # 696 rows + 241 off-air minutes filled - 239 minutes of the midday dead stretch
    assert records["douyin.n_minutes"] == N_MINUTES
    assert records["douyin.n_test_minutes"] == N_MINUTES - TEST_START
    assert records["douyin.train_share"] == pytest.approx(N_TRAIN / N_MINUTES)


def test_every_model_is_scored_in_viewers_per_minute(quick_records):
    records = quick_records(STEM)
    for name, prefix in MODELS.items():
        # R² of a one-step forecast of noisy minute counts: above a useless forecast, below perfect
        assert -1.0 < records[f"{prefix}.r2"] < 0.9, name
        # RMSE in viewers per minute: the test minutes' standard deviation is about 9.6
        assert 3.0 < records[f"{prefix}.rmse"] < 15.0, name


def test_baselines_are_exactly_those_of_the_day(quick_records):
    records = quick_records(STEM)
    y = registered_minutes()
    # persistence and the training minutes' mean do not depend on any model: computed here with scikit-learn
    assert records["douyin.persistence.r2"] == pytest.approx(0.24228, abs=1e-4)
    assert records["douyin.persistence.r2"] == pytest.approx(r2_score(y[TEST_START:], y[TEST_START - 1 : -1]))
    level = np.full(N_MINUTES - TEST_START, y[:N_TRAIN].mean())
    assert records["douyin.training_mean.r2"] == pytest.approx(r2_score(y[TEST_START:], level), abs=1e-9)
    assert records["douyin.persistence.r2_with_gap"] > records["douyin.persistence.r2_whole_day"] + 0.3
    assert records["douyin.persistence.gap_effect"] == "raise"


def test_the_test_peak_is_placed_on_the_training_scale(quick_records):
    records = quick_records(STEM)
    y = registered_minutes()
    scaler = MinMaxScaler().fit(y[:N_TRAIN, None])  # the training minutes only, validation left out
    assert records["douyin.test_max_scaled"] == pytest.approx(scaler.transform([[y[TEST_START:].max()]])[0, 0])
    assert records["douyin.test_max_scaled"] > 1  # the evening's peak lies above every training minute


def test_the_lstm_is_chosen_on_the_validation_minutes_and_scored_once(quick_records):
    records = quick_records(STEM)
    candidates = {k: v for k, v in records.items() if k.startswith("douyin.valid_r2.")}
    # v1, v2 at the one quick window, three trials and the multivariate model
    assert len(candidates) == 6
    best = max(candidates, key=candidates.get)  # the highest validation R², whatever the test minutes say
    assert records["douyin.chosen.valid_r2"] == candidates[best]
    name, window = best.removeprefix("douyin.valid_r2.").split(".window_")
    assert records["douyin.chosen.window"] == int(window)
    # every candidate of the quick profile is at its recorded window: its test R² is the chosen one's
    assert records["douyin.chosen.r2"] == pytest.approx(records[f"{TEST_RECORDS[name]}.r2"])


def test_the_chosen_lstm_is_judged_against_the_days_persistence(quick_records):
    records = quick_records(STEM)
    found = judged(records, claims.CHOSEN_BEATS_PERSISTENCE)
    assert found.book_figures["persistence"] == pytest.approx(0.24228, abs=1e-4)
    assert found.book_figures["chosen LSTM"] == pytest.approx(records["douyin.chosen.r2"])
    # one seed in the quick profile: the interval comes from the test minutes alone, in moving blocks
    assert found.units_resampled.startswith("1 seed and 175 test minutes")
    low, high = found.interval
    expected = judgement.REPRODUCED if low > 0 else judgement.CONTRADICTED if high < 0 else judgement.NOT_RESOLVED
    assert found.verdict == expected and found.sentence == records["douyin.chosen_beats_persistence.verdict"]


def test_every_study_claim_is_judged_on_the_recorded_figures(quick_records):
    records = quick_records(STEM)
    v2_v1 = judged(records, claims.V2_BEATS_V1)
    assert v2_v1.book_figures == pytest.approx(
        {"LSTM v2": records["douyin.lstm2.r2"], "LSTM v1": records["douyin.lstm1.r2"]}
    )
    block = records["douyin.block.v2_v1"]  # the length the page prints
    assert v2_v1.units_resampled == "1 seed and 175 test minutes" + (f" in blocks of {block}" if block > 1 else "")
    multi = judged(records, claims.MULTI_WORSE)
    assert multi.book_figures["multivariate"] == pytest.approx(records["douyin.lstm_multi.study_config.r2"])
    rmse = judged(records, claims.V2_RMSE)
    assert rmse.book_figures["figure"] == pytest.approx(records["douyin.lstm2.rmse"])
    # the study's figures come from two months with off-air nights: never comparable with one cleaned day
    for claim in (claims.V2_R2, claims.V2_RMSE, claims.MULTI_R2):
        assert judged(records, claim).verdict == judgement.NOT_COMPARABLE


def test_window_sweep_is_read_on_validation_and_the_studys_window_needs_its_windows(quick_records):
    records = quick_records(STEM)
    windows = [int(k.split("window_")[1]) for k in records if k.startswith("douyin.valid_r2.lstm2.window_")]
    assert windows == [10] and records["douyin.lstm2.valid_best_window"] == 10
    # the quick profile fits one window, so the study's 10 / 100 / 200 comparison is not run, and says why
    window_claim = judged(records, claims.WINDOW)
    assert window_claim.verdict == judgement.NOT_RUN and "[10]" in window_claim.sentence


def seasonal_strength_by_hand(y: np.ndarray, period: int) -> float:
    """Hyndman's strength of seasonality, max(0, 1 − Var(R) / Var(S + R)), of the classical additive
    decomposition written out with numpy: the trend a centred moving average over one period (2 × period
    for an even one), the seasonal part each phase's mean detrended value less their mean, R the rest."""
    weights = np.r_[0.5, np.ones(period - 1), 0.5] / period if period % 2 == 0 else np.ones(period) / period
    half = len(weights) // 2
    trend = np.full(y.size, np.nan)
    trend[half : y.size - half] = np.convolve(y, weights, mode="valid")
    detrended = y - trend
    phases = np.array([np.nanmean(detrended[k::period]) for k in range(period)])
    seasonal = np.resize(phases - phases.mean(), y.size)
    resid = (y - trend - seasonal)[~np.isnan(trend)]
    return max(0.0, 1 - resid.var() / (seasonal[~np.isnan(trend)] + resid).var())


def test_the_seasonal_strength_and_the_poisson_ceiling_are_those_of_the_day(quick_records):
    records = quick_records(STEM)
    y = registered_minutes()
    period = records["douyin.setting.decompose_period"]
    strength = seasonal_strength_by_hand(y, period)
    assert records["douyin.seasonal_strength"] == pytest.approx(strength, abs=1e-9)
    # the words the page prints follow the number: under 0.3 little, under 0.6 a moderate share, else most
    words = "little" if strength < 0.3 else "a moderate share" if strength < 0.6 else "most"
    assert records["douyin.seasonal_strength_words"] == words
    # counts of independent arrivals (Poisson) vary by their mean: the share of the test minutes' variance
    # beyond that is the most any forecast can explain
    test = y[TEST_START:]
    assert records["douyin.poisson_r2_ceiling"] == pytest.approx(1 - test.mean() / test.var(), abs=1e-9)


def test_every_score_is_that_of_the_test_minutes_of_the_day(quick_records):
    # R² and RMSE come from the same forecasts of the same 175 test minutes, whose variance is computed here
    # from the data file: R² = 1 − RMSE² / Var(test minutes) for every model, the LSTMs included. A score on
    # other minutes, a scaled forecast not brought back to viewers, or a wrong metric breaks the identity
    records = quick_records(STEM)
    variance = registered_minutes()[TEST_START:].var()
    assert records["douyin.test_sd"] == pytest.approx(np.sqrt(variance), abs=1e-9)
    scored = {**MODELS, **{name: f"douyin.lstm2.{name}" for name in ("l2", "dense_relu", "dense_elu")}}
    scored["lstm2_long"] = "douyin.lstm2_long"
    for name, prefix in scored.items():
        assert records[f"{prefix}.r2"] == pytest.approx(1 - records[f"{prefix}.rmse"] ** 2 / variance, abs=1e-9), name


def test_the_studys_trials_are_fitted_and_judged_against_v2(quick_records):
    records = quick_records(STEM)
    assert all(f"{prefix}.r2" in records for prefix in TRIALS)
    for key, claim in claims.TRIALS.items():
        found = judged(records, claim)
        assert found.claimed_side == -1  # the report dropped each trial as worse than v2
        assert found.book_figures == pytest.approx(
            {reader_name(key): records[f"{TEST_RECORDS[key]}.r2"], "LSTM v2": records["douyin.lstm2.r2"]}
        )
    # a head that passes positive inputs unchanged and never saw a negative one is v2 up to rounding; where
    # every fit forecasts within tol of v2's, the test MSEs differ by at most 2·tol·RMSE + tol², so the R²
    # by at most that over the test minutes' variance
    tol = records["douyin.same_forecast"]
    bound = (2 * tol * records["douyin.lstm2.rmse"] + tol**2) / records["douyin.test_sd"] ** 2
    for key in ("dense_relu", "dense_elu"):
        if records[f"douyin.lstm2.{key}.same_as_v2"] == records["douyin.n_lstm_seeds"]:
            assert abs(records[f"douyin.lstm2.{key}.r2"] - records["douyin.lstm2.r2"]) <= bound


def test_the_recursive_forecast_drift_is_read_from_its_numbers(quick_records):
    records = quick_records(STEM)
    start = abs(records["douyin.forecast.first"] - records["douyin.train_mean"])
    end = abs(records["douyin.forecast.last"] - records["douyin.train_mean"])
    assert records["douyin.forecast.drift"] == ("toward" if end < start else "away from")


def test_the_chapter_has_six_exercises():
    assert count_exercises(notebooks_dir() / f"{STEM}.ipynb") >= 6


def test_the_registered_day_has_no_repeated_or_off_grid_minute(quick_records):
    times = datasets.load("douyin").minutes["date_time"]
    # the file's times, read here with pandas: each once, each on a whole minute
    assert not times.duplicated().any() and (times.dt.second == 0).all()
    assert quick_records(STEM)["douyin.irregular_rows"] == 0


def test_the_longer_trial_counts_its_updates_as_keras_batches_them(quick_records):
    records = quick_records(STEM)
    # quick profile: 418 training minutes, 10-minute windows -> 408 windows, ceil(408 / 32) = 13 batches
    assert records["douyin.updates.windows"] == 408
    quick = chapters.chapter(STEM).profiles["quick"]  # the epochs of the quick profile, in the manifest
    assert records["douyin.updates.chapter"] == 13 * quick["epochs"]
    assert records["douyin.updates.longer"] == 13 * quick["longer_epochs"]
    assert records["douyin.updates.study"] == 63_180  # 2,106 batches x 30 epochs in the study's log
    found = judged(records, claims.LONGER_BEATS_PERSISTENCE)
    assert found.book_figures["persistence"] == pytest.approx(0.24228, abs=1e-4)
    assert found.book_figures[claims.LONGER_BEATS_PERSISTENCE.first] == pytest.approx(records["douyin.lstm2_long.r2"])
    # the answer printed follows the verdict
    assert records["douyin.updates.answer"].startswith(
        "With more updates" if found.verdict == judgement.REPRODUCED else "Trained longer, v2 does not"
    )


def test_every_exercise_shows_its_level_and_minutes_and_each_stub_says_only_what_to_write():
    check_levels_and_harder_code_exercises(STEM)
