"""Unit tests of helpers.douban.fitting: a task fits its model and the results come back in task order."""

import numpy as np
import pytest
from scipy import sparse
from test_rating_models import SETTINGS, tiny_data

from helpers.douban.fitting import FitTask, fit_task, fit_tasks


def sparse_task(name: str, **extra) -> FitTask:
    """A task on a design whose rating is 2 x its first column plus 5."""
    x = sparse.csr_matrix(np.random.default_rng(0).normal(size=(40, 3)))
    y = 2 * x[:, 0].toarray().ravel() + 5
    return FitTask(name, 0, x[:30], y[:30], x[30:], y[30:], x[30:], **extra)


def test_the_mean_predicts_the_training_mean():
    task = sparse_task("mean")
    result = fit_task(task)
    assert np.all(result["test"] == pytest.approx(task.y_train.mean()))
    assert result["val_mae"] == pytest.approx(np.mean(np.abs(task.y_val - task.y_train.mean())))


def test_ridge_keeps_the_penalty_best_on_validation():
    # a linear rating: the smallest penalty fits it almost exactly, a huge one predicts nearly the mean
    result = fit_task(sparse_task("ridge", alphas=(1e6, 1e-6)))
    assert result["val_mae"] < 1e-3 and result["chosen"] == 1e-6


def test_the_svr_keeps_the_penalty_best_on_validation_and_predicts_the_test_with_it():
    # a rating of 2 x the first column + 5 spans several stars: C = 1e-4 lets the SVR fit almost nothing
    # (it predicts close to the median), C = 100 fits the slope; the test rows (here the validation rows)
    # are predicted by the C kept, so their MAE is the validation MAE
    task = sparse_task("svm", svr_cs=(1e-4, 100.0))
    result = fit_task(task)
    assert result["chosen"] == 100.0
    assert np.mean(np.abs(result["test"] - task.y_val)) == pytest.approx(result["val_mae"])
    only_small = fit_task(sparse_task("svm", svr_cs=(1e-4,)))
    assert only_small["val_mae"] > 2 * result["val_mae"]


def test_a_network_task_trains_with_its_settings_and_results_keep_task_order():
    arrays, ratings, fields = tiny_data()
    training = {"epochs": 1, "batch_size": 16, "learning_rate": 0.01, "patience": 2}
    network = FitTask(
        "kd", 0, arrays, ratings, arrays, ratings, arrays,
        fields=tuple(fields), n_numeric=2, settings=SETTINGS, training=training,
    )  # fmt: skip
    mean, kd = fit_tasks([sparse_task("mean"), network])
    assert len(mean["test"]) == 10
    assert len(kd["checks"]) == 2 and kd["val_mae"] == min(kd["checks"])  # two checks per epoch
    assert kd["teacher_test"].shape == (len(ratings),)
