"""Unit tests of the Netflix chapter's inputs of one's own (:mod:`helpers.netflix.inputs`) and of what the
report says of its data (:mod:`helpers.netflix.study_data`), on tiny files written here."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.common.judgement import Interval
from helpers.netflix import inputs, study_data


def write_ratings(path, rows) -> None:
    """A headerless ``MovieID,UserID,Rating`` file of ``rows``."""
    path.write_text("".join(f"{movie},{user},{rating}\n" for movie, user, rating in rows))


def test_own_training_file_without_a_held_out_file_holds_out_a_share(tmp_path) -> None:
    rows = [(m, u, 1 + (m + u) % 5) for m in range(10, 15) for u in range(100, 108)]  # 40 ratings
    write_ratings(tmp_path / "mine.txt", rows)
    own = inputs.load_or_own(tmp_path / "mine.txt", None, None, 0.25, seed=3)
    assert len(own.held_out) == 10 and len(own.ratings) == 30
    together = pd.concat([own.ratings, own.held_out])
    assert not together.duplicated(["user_id", "movie_id"]).any() and len(together) == 40
    assert own.names == ("mine.txt", "mine.txt, held out") and own.described == "mine.txt"
    assert own.titles is None


def test_counts_show_repeated_pairs_and_pairs_shared_with_training(tmp_path) -> None:
    write_ratings(tmp_path / "train.txt", [(1, 7, 3), (1, 7, 4), (2, 7, 5), (2, 8, 1)])
    write_ratings(tmp_path / "test.txt", [(2, 8, 2), (3, 9, 4)])
    own = inputs.load_or_own(tmp_path / "train.txt", tmp_path / "test.txt", None, 0.1, seed=0)
    counts = own.counts()
    assert list(counts.index) == ["train.txt", "test.txt"] and own.described == "train.txt and test.txt"
    assert counts["ratings"].tolist() == [4, 2] and counts["users"].tolist() == [2, 2]
    assert counts["repeated user-movie pairs"].tolist() == [1, 0]
    assert counts["pairs also in the training file"].tolist() == [4, 1]  # (user 8, movie 2) is in both


def test_most_rated_counts_and_averages_each_movie(tmp_path) -> None:
    write_ratings(tmp_path / "train.txt", [(5, 1, 2), (5, 2, 4), (5, 3, 3), (6, 1, 5), (7, 2, 1), (7, 3, 2)])
    most = inputs.load_or_own(tmp_path / "train.txt", tmp_path / "train.txt", None, 0.1, seed=0).most_rated(top=2)
    assert most.index.tolist()[0] == 5 and most.loc[5, "ratings"] == 3
    assert most.loc[5, "mean rating (stars)"] == pytest.approx(3.0)


def test_own_folds_partition_the_file_and_share_codes(tmp_path) -> None:
    rng = np.random.default_rng(0)
    lines = [
        f"{u}\t{i}\t{rng.integers(1, 6)}\t{1000 + k}\n"
        for k, (u, i) in enumerate((u, i) for u in range(12) for i in range(10))
    ]
    (tmp_path / "my.data").write_text("".join(lines))
    ml = inputs.folds_or_own(tmp_path / "my.data", seed=1)
    assert not ml.official and ml.described == "five seeded random folds of my.data (120 ratings)"
    tests = pd.concat([held for _, held in ml.folds])
    assert len(ml.folds) == 5 and len(tests) == 120 and not tests.duplicated(["user_id", "item_id"]).any()
    folds, n_users, n_items = ml.coded(2)
    assert len(folds) == 2 and (n_users, n_items) == (12, 10)
    for train, test in folds:
        assert len(train) + len(test) == 120 and train.user.max() < n_users and test.item.max() < n_items


def test_density_table_reads_the_reports_counts() -> None:
    table = study_data.density_table(10, 20, 50)
    assert table.loc[study_data.THIS_SLICE, "density (%)"] == pytest.approx(25.0)
    assert table.loc[study_data.AT_DENSITY, "ratings"] == pytest.approx(0.117 * 10_000 * 17_770)
    assert table.loc[study_data.WHOLE_PRIZE, "density (%)"] == pytest.approx(1.1776, abs=1e-4)


def test_the_reports_diagrams_imply_its_mlp_and_its_users_and_movies() -> None:
    # the report's figures: an MLP of 103,105 parameters and 21,232 users and movies (32 numbers each)
    assert study_data.mlp_parameters(32, [512, 128, 32]) == 103_105
    assert study_data.study_embedded_rows(32, [512, 128, 32]) == 21_232
    assert study_data.STUDY_EMBEDDED == 21_232  # DL+'s extra biases: the same count


def test_prize_table_sets_the_book_below_the_milestones() -> None:
    table = study_data.prize_table({"this book: DL+": Interval(0.9, 0.88, 0.92, 0.95, "test ratings", "bootstrap")})
    assert table.index[-1] == "this book: DL+" and len(table) == len(study_data.MILESTONES) + 1
    assert table.loc["this book: DL+", "95 % interval"] == "0.880 to 0.920"
    assert table.loc["2007 progress prize", "RMSE (stars)"] == 0.8712


def test_fold_sizes_count_each_folds_parts() -> None:
    fold = (pd.DataFrame({"rating": [1.0, 2.0, 3.0]}), pd.DataFrame({"rating": [4.0]}))
    sizes = inputs.fold_sizes([fold, fold])
    assert sizes.index.tolist() == [1, 2] and sizes.loc[2].tolist() == [3, 1]
