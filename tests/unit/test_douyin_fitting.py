"""helpers.douyin.fitting on tiny windows: the chapter's fits listed in order, started at once and read by
model, the same whether they ran in worker processes or one at a time when read."""

import numpy as np
import pytest

from helpers.common import processes
from helpers.douyin import fitting, lstm, timeseries

N, N_TRAIN, TEST_START = 40, 24, 32  # minutes: training before 24, validation 24-31, test 32-39
TINY = lstm.Architecture((3,))
ARCHITECTURES = dict.fromkeys(("lstm1", "lstm2", "lstm_multi", "lstm2_l2", "lstm2_long"), TINY)


def settings(**changes):
    values = dict(
        seed=4, window=5, sweep_windows=(3, 5), seeds=2, multi_seeds=1, epochs=1, batch_size=8,
        longer_epochs=2, longer_seeds=1, forecast_minutes=3,
    )  # fmt: skip
    return fitting.FitSettings(**{**values, **changes})


@pytest.fixture(scope="module")
def windows():
    y = np.sin(np.arange(N) / 3) * 5 + 10
    windowed = {w: timeseries.make_windows(y, y, w, N_TRAIN, TEST_START) for w in (3, 5)}
    features = np.column_stack([y, np.arange(N)])
    multi = timeseries.make_windows(features, y, 4, N_TRAIN, TEST_START)
    return y, windowed, multi


def test_the_settings_are_read_from_the_chapters_parameters():
    namespace = dict(
        seed=4, window=5, sweep_windows=[3, 5], lstm_seeds=2, multi_seeds=1, epochs=1, batch_size=8,
        longer_epochs=2, longer_seeds=1, forecast_minutes=3, n_jobs=2,
    )  # fmt: skip
    assert fitting.FitSettings.of(namespace) == settings()


def test_every_fit_of_the_chapter_is_listed_in_its_order(windows):
    y, windowed, multi = windows
    tasks = fitting.study_tasks(ARCHITECTURES, y, windowed, multi, settings(), ["lstm2_l2"])
    listed = [(t.name, t.window, t.seed, t.epochs, t.batch_size) for t in tasks]
    assert listed == [
        ("lstm1", 5, 4, 1, 8), ("lstm1", 5, 5, 1, 8),
        ("lstm2", 3, 4, 1, 8), ("lstm2", 3, 5, 1, 8), ("lstm2", 5, 4, 1, 8), ("lstm2", 5, 5, 1, 8),
        ("lstm2_l2", 5, 4, 1, 8), ("lstm2_l2", 5, 5, 1, 8),
        ("lstm_multi", 4, 4, 1, fitting.STUDY_MULTI_BATCH),
        ("lstm2_long", 5, 4, 2, 8),
    ]  # fmt: skip
    # the first seed of v1, of v2 at the univariate window and of the multivariate model draws its
    # validation loss; v2's first seed at that window alone forecasts, from the 5 minutes before the last 3
    assert [t.monitor for t in tasks] == [True, False, False, False, True, False, False, False, True, False]
    forecasting = [t for t in tasks if t.forecast_steps]
    assert len(forecasting) == 1 and forecasting[0].forecast_steps == 3
    expected = windowed[5].target_scaler.transform(y[N - 3 - 5 : N - 3, None])
    np.testing.assert_allclose(forecasting[0].forecast_from, expected)


def test_fits_read_by_model_match_in_workers_and_in_this_process(windows):
    y, windowed, multi = windows
    tasks = fitting.study_tasks(ARCHITECTURES, y, windowed, multi, settings(seeds=1), [])
    here = fitting.start(tasks, windowed, multi, window=5, n_jobs=1)
    assert here._results == {}  # one worker: nothing runs before a section reads it
    v1 = here.of("lstm1")
    assert len(here._results) == 1 and [f.seed for f in v1] == [4]
    in_workers = fitting.start(tasks, windowed, multi, window=5, n_jobs=2)
    try:
        for name, window in (("lstm2", 3), ("lstm_multi", None), ("lstm1", None)):
            np.testing.assert_allclose(
                in_workers.forecasts(name, "test", window), here.forecasts(name, "test", window), rtol=1e-5
            )
    finally:
        processes.shutdown_workers()
    # forecasts are in the target's unit: the scaled predictions mapped back with its scaler
    scaled = np.array([here.of("lstm2", 3)[0].valid_pred])
    np.testing.assert_allclose(here.forecasts("lstm2", "valid", 3), windowed[3].inverse(scaled))
    assert here.forecasts("lstm_multi", "test").shape == (1, N - TEST_START)
    assert here.default_window("lstm_multi") == 4 and here.default_window("lstm2") == 5


def test_a_fit_not_started_or_an_unknown_part_is_an_error(windows):
    y, windowed, multi = windows
    tasks = fitting.study_tasks(ARCHITECTURES, y, windowed, multi, settings(seeds=1), [])
    fits = fitting.start(tasks, windowed, multi, window=5, n_jobs=1)
    with pytest.raises(KeyError, match="window of 200"):
        fits.of("lstm2", 200)
    with pytest.raises(ValueError, match="part"):
        fits.forecasts("lstm1", "train")
    with pytest.raises(ValueError, match="n_jobs"):
        fitting.start(tasks, windowed, multi, window=5, n_jobs=0)
