"""Unit tests of helpers.douban.rating_models: every model builds, trains briefly and predicts ratings."""

import keras
import numpy as np
import pytest

from helpers.douban.distill import RatingClasses
from helpers.douban.rating_models import ALONE, MODELS, NUMERIC, Field, Settings, build, epoch_seconds, train


def tiny_data(n: int = 48):
    """Two fields and two numeric features; the rating depends on the genre id and the first number."""
    rng = np.random.default_rng(0)
    genre = rng.integers(2, 5, size=(n, 1)).astype("int32")
    actors = np.where(rng.random((n, 3)) < 0.7, rng.integers(1, 6, size=(n, 3)), 0).astype("int32")
    numeric = rng.normal(size=(n, 2)).astype("float32")
    ratings = np.clip(4.0 + genre[:, 0] + 0.5 * numeric[:, 0], 0, 10)
    fields = [Field("genre", 5, 1, (0, 0, 10, 10, 10)), Field("actor", 6, 3, (0, 5, 5, 5, 5, 5))]
    return {"genre": genre, "actor": actors, NUMERIC: numeric}, ratings, fields


SETTINGS = Settings(
    dim=4, regularization=0.1, attention_hidden=3, deep_units=(8,), teacher_units=(16, 8), student_units=(4,),
    hint_weight=0.1, classes=RatingClasses.over(0.0, 10.0, 1.0), rating_mean=6.0,
)  # fmt: skip


@pytest.mark.parametrize("name", (*MODELS, *ALONE))
def test_model_trains_and_predicts_ratings(name):
    keras.utils.set_random_seed(0)
    arrays, ratings, fields = tiny_data()
    model = build(name, fields, 2, SETTINGS)
    checks = train(
        model, arrays, ratings, arrays, ratings, epochs=2, batch_size=16, learning_rate=0.01, patience=4, seed=0
    )
    assert len(checks) == 4 and all(np.isfinite(checks))  # two checks per epoch, no early stop
    predicted = model.predict(arrays)
    assert predicted.shape == (len(ratings),)
    # the best check's weights are restored at the end
    assert np.mean(np.abs(predicted - ratings)) == pytest.approx(min(checks), rel=1e-5)
    assert (model.teacher is not None) == (name in ("kd", "kadn"))


def test_unknown_model_is_refused():
    _, _, fields = tiny_data()
    with pytest.raises(ValueError, match="unknown model"):
        build("svm", fields, 2, SETTINGS)


def test_the_student_alone_is_the_distilled_students_network():
    # the same embeddings and MLP as the student view of a distilled pair, without the teacher
    _, _, fields = tiny_data()
    alone = build("student", fields, 2, SETTINGS).network
    assert alone.count_params() == build("kd", fields, 2, SETTINGS).student.count_params()


def test_epoch_seconds_times_each_model_in_turn_and_trains_it():
    keras.utils.set_random_seed(0)
    arrays, ratings, fields = tiny_data()
    models = {"fm": build("fm", fields, 2, SETTINGS), "student": build("student", fields, 2, SETTINGS)}
    before = {name: model.predict(arrays) for name, model in models.items()}
    seconds = epoch_seconds(models, arrays, ratings, batch_size=16, learning_rate=0.01, repeats=3, seed=0)
    assert set(seconds) == {"fm", "student"}
    assert all(times.shape == (3,) and np.all((times > 0) & (times < 30)) for times in seconds.values())
    assert not any(np.allclose(model.predict(arrays), before[name]) for name, model in models.items())
    with pytest.raises(ValueError, match="repeats"):
        epoch_seconds(models, arrays, ratings, batch_size=16, learning_rate=0.01, repeats=0, seed=0)
