"""Unit tests of helpers.douban.study: feature groups, the split's design, the fitter's tasks and fits, and
the words the chapter builds from counts, on tiny films made here."""

import numpy as np
import pandas as pd
import pytest

from helpers.common import formatting
from helpers.common.errors import ParameterError
from helpers.douban import study
from helpers.douban.distill import RatingClasses
from helpers.douban.rating_models import Settings

N = 40
TUNED = {"epochs": 3, "batch_size": 8, "learning_rate": 1e-3, "patience": 2}


def tiny_split(seed: int = 0) -> tuple[study.Split, np.ndarray]:
    """40 films with two fields, runtime, year and a rater count; ratings 0-10; 24 / 8 / 8 films."""
    rng = np.random.default_rng(seed)
    values = {
        "director": [[f"d{rng.integers(5)}"] for _ in range(N)],
        "genre": [[f"g{g}" for g in rng.choice(4, size=2, replace=False)] for _ in range(N)],
    }
    numeric = np.column_stack([rng.normal(100, 10, N), rng.integers(2007, 2020, N), rng.normal(8, 1, N)])
    rows = rng.permutation(N)
    parts = {"train": rows[:24], "val": rows[24:32], "test": rows[32:]}
    split = study.Split(values, numeric, ("runtime", "year", "raters"), parts, {"director": 3, "genre": 4})
    return split, rng.uniform(2, 9, N)


def test_post_release_groups_are_the_rater_count_and_the_counts_used():
    assert study.post_release_groups([]) == ("raters",)
    assert study.post_release_groups(["comment", "review"]) == ("raters", "comments", "reviews")


def test_groups_to_leave_out_default_to_every_group_and_refuse_an_unknown_one():
    assert study.groups_to_leave_out(None, ("actor", "year")) == ("actor", "year")
    assert study.groups_to_leave_out(["year"], ("actor", "year")) == ("year",)
    with pytest.raises(ParameterError, match=r"ablation_groups.*\['budget'\]"):
        study.groups_to_leave_out(["budget", "year"], ("actor", "year"))


def test_field_table_counts_distinct_values_and_the_longest_row():
    table = study.field_table(
        {"actor": [["a", "b"], ["b", "c", "d"]], "genre": [["x"], ["x"]]}, {"actor": 2, "genre": 9}
    )
    assert table.loc["actor"].tolist() == [4, 3, 2]
    assert table.loc["genre"].tolist() == [1, 1, 9]


def test_prepare_drops_a_field_and_a_numeric_group():
    split, _ = tiny_split()
    every = split.prepare()
    assert [f.name for f in every.fields] == ["director", "genre"] and every.n_numeric == 3
    fewer = split.prepare(drop=("genre", "raters"))
    assert [f.name for f in fewer.fields] == ["director"] and fewer.n_numeric == 2
    # the sparse design loses the genre block (its ids less the padding) and one numeric column
    genre_ids = every.fields[1].size - 1
    assert every.design.sparse.shape[1] - fewer.design.sparse.shape[1] == genre_ids + 1
    # numbers standardised on the training films
    train = every.design.arrays["numeric"][split.parts["train"]]
    assert np.allclose(train.mean(axis=0), 0, atol=1e-5) and np.allclose(train.std(axis=0), 1, atol=1e-5)


def test_seeds_and_stacking():
    assert study.seeds_of("ridge", [4, 5, 6]) == [4] and study.seeds_of("kadn", [4, 5]) == [4, 5]
    runs = [{"test": np.array([1.0, 2.0])}, {"test": np.array([3.0, 4.0])}]
    assert study.stacked(runs).shape == (2, 2) and study.stacked(runs[:1]).tolist() == [1.0, 2.0]


def fitter(split: study.Split, ratings: np.ndarray) -> study.Fitter:
    settings = Settings(
        dim=4, regularization=1.0, attention_hidden=4, deep_units=(8,), teacher_units=(8,), student_units=(4,),
        hint_weight=0.1, classes=RatingClasses.over(0.0, 10.0, 1.0), rating_mean=float("nan"),
    )  # fmt: skip
    return study.Fitter(ratings, split.parts, settings, TUNED, (1.0, 10.0), (1.0,), n_jobs=1)


def test_a_task_takes_the_sparse_rows_for_a_baseline_and_the_arrays_for_a_network():
    split, ratings = tiny_split()
    inputs = split.prepare()
    fit = fitter(split, ratings)
    ridge = fit.task("ridge", inputs, seed=3)
    assert ridge.x_train.shape == (24, inputs.design.sparse.shape[1]) and ridge.x_test.shape[0] == 8
    assert np.array_equal(ridge.y_val, ratings[split.parts["val"]])
    kadn = fit.task("kadn", inputs, seed=3, training={**TUNED, "epochs": 9})
    assert set(kadn.x_train) == {"director", "genre", "numeric"} and kadn.training["epochs"] == 9
    assert kadn.settings.rating_mean == pytest.approx(ratings[split.parts["train"]].mean())


def test_fit_models_returns_one_run_per_seed_and_the_mean_predicts_the_training_mean():
    split, ratings = tiny_split()
    runs = fitter(split, ratings).fit_models(["mean", "ridge"], split.prepare(), seeds=[0, 1])
    assert len(runs["mean"]) == 1 and len(runs["ridge"]) == 1
    assert np.allclose(runs["mean"][0]["test"], ratings[split.parts["train"]].mean())
    assert runs["ridge"][0]["chosen"] in (1.0, 10.0)


def test_counts_in_words():
    assert formatting.counted(1, "seed") == "1 seed" and formatting.counted(3, "seed") == "3 seeds"
    assert formatting.counted(3040, "training film") == "3,040 training films"
    assert study.first_seeds(1) == "the first seed" and study.first_seeds(2) == "the first 2 seeds"


def test_training_table_reads_a_patience_of_every_check_as_no_early_stop():
    table = study.training_table(
        {"tuned": TUNED, "one": {**TUNED, "patience": 1}, "paper": {**TUNED, "epochs": 5, "patience": 10}}
    )
    assert table["tuned"].tolist() == ["0.001", 8, 3, "2 checks"]
    assert table.loc["early stop after", "one"] == "1 check"
    assert table.loc["early stop after", "paper"] == "none"


def test_choices_name_the_grids_and_keep_the_test_films_out():
    table = study.choices([1, 3, 10], [1.0])
    assert "best of 1, 3 and 10" in table["how"].tolist() and "best of 1" in table["how"].tolist()
    assert set(table["chosen on"]) == {"validation", "fixed before the run"}
    assert isinstance(table, pd.DataFrame)
