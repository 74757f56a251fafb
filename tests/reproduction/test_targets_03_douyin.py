"""Douyin chapter under the full profile: the targets of its issues (#6, #20)."""

import pytest
from sklearn.metrics import r2_score

from helpers import datasets
from helpers.douyin import timeseries
from helpers.publishing import runner

STEM = "03_douyin"
LSTMS = ("lstm1", "lstm2", "lstm_multi.study_config")
TRIALS = ("l2", "dense_relu", "dense_elu", "dense_linear")  # the study's trials on v2
pytestmark = pytest.mark.full


def test_every_record_of_the_issue_is_there(records):
    names = ["douyin.n_minutes", "douyin.best.name", "douyin.study_headline.model"]
    names += [f"douyin.{m}.{k}" for m in (*LSTMS, "persistence", "moving_avg", "gbm_lags") for k in ("r2", "rmse")]
    names += [f"douyin.lstm2.window_{w}.r2" for w in (10, 30, 100, 200)]
    names += [f"douyin.lstm2.{t}.r2" for t in TRIALS]
    assert not [n for n in names if n not in records]


def full_settings() -> dict[str, float]:
    """The chapter's cleaning and split settings under the full profile (its defaults and the profile's
    overrides)."""
    notebook = runner.resolve([STEM])[0]
    settings = {
        **runner.notebook_parameters(notebook),
        **runner.parameters_for(notebook, "full", {}, runner.load_profiles()),
    }
    return {name: float(settings[name]) for name in ("dead_day_traffic", "dead_run_minutes", "train_fraction")}


def test_persistence_is_scored_as_the_registered_day_gives_it(records):
    # the day cleaned by the chapter's rules (the study's dead-day rule and zero filling, then the
    # midday dead stretch removed); persistence and its R² computed here, with scikit-learn
    settings = full_settings()
    minutes = timeseries.expand_sources(datasets.load("douyin").minutes)
    kept, _ = timeseries.drop_dead_days(minutes, settings["dead_day_traffic"])
    filled = timeseries.fill_minutes(kept)
    dead = (timeseries.traffic(filled) == 0) & (filled["WATCH_UCNT"] == 0)
    y = filled[~timeseries.dead_runs(dead, int(settings["dead_run_minutes"]))]["WATCH_UCNT"].to_numpy(float)
    n_train = int(len(y) * settings["train_fraction"])
    assert records["douyin.persistence.r2"] == pytest.approx(r2_score(y[n_train:], y[n_train - 1 : -1]), abs=1e-9)


def test_every_lstm_configuration_comes_from_three_seeds(records):
    assert records["douyin.n_lstm_seeds"] >= 3 and records["douyin.n_multi_seeds"] >= 3
    assert all(records[f"douyin.{n}.r2_sd"] > 0 for n in (*LSTMS, "lstm_multi"))
    assert all(records[f"douyin.lstm2.{t}.r2_sd"] > 0 for t in TRIALS)
