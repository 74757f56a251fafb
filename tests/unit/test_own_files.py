"""Files of one's own: the path parameter check, the example files, and the mean-predictor flag."""

import numpy as np
import pandas as pd
import pytest

from helpers.common.errors import ParameterError
from helpers.common.metrics import describe_flat, flat_predictions
from helpers.datasets import examples, own_path, read_ml100k_ratings, read_netflix_ratings


def test_own_path_gives_none_for_none_and_names_the_parameter_otherwise(tmp_path):
    assert own_path(None, "train_file") is None
    present = tmp_path / "ratings.txt"
    present.write_text("1,2,3\n")
    assert own_path(str(present), "train_file") == present
    with pytest.raises(ParameterError, match=r"parameter train_file='.*nowhere.txt': .* does not exist"):
        own_path(str(tmp_path / "nowhere.txt"), "train_file")
    with pytest.raises(ParameterError, match="is not a folder"):
        own_path(str(present), "posters_dir", folder=True)


def test_a_model_giving_every_pair_one_value_is_named_with_that_value():
    ratings = np.array([1.0, 2.0, 3.0, 4.0, 5.0])  # mean 3, sd 1.414 stars: 1 % is 0.014
    predictions = {
        "near the mean": np.array([3.0, 3.01, 3.0, 2.99, 3.0]),  # sd 0.006
        "near zero": np.array([-0.001, -0.002, -0.001, -0.002, -0.001]),  # sd 0.0005
        "spread": np.array([2.9, 3.0, 3.0, 3.0, 3.1]),  # sd 0.063
    }
    flat = flat_predictions(ratings, predictions)
    assert flat == pytest.approx({"near the mean": 3.0, "near zero": -0.0014})
    assert describe_flat(ratings, flat) == (
        "near the mean gives every pair 3.00 stars, the mean rating; near zero gives every pair 0.00 stars"
    )
    assert describe_flat(ratings, {}) == "no model gives every pair the same prediction here"


def test_netflix_example_files_read_back_with_the_counts_they_promise(tmp_path):
    example = examples.write_examples(tmp_path, ["05_netflix"])["05_netflix"]
    train = read_netflix_ratings(tmp_path / "05_netflix" / "my_ratings.txt")
    second = read_ml100k_ratings(tmp_path / "05_netflix" / "my_u.data")
    assert example.parameters == {
        "train_file": str(tmp_path / "05_netflix" / "my_ratings.txt"),
        "ml_file": str(tmp_path / "05_netflix" / "my_u.data"),
    }
    assert example.counts == {
        "users": train.user_id.nunique(),
        "movies": train.movie_id.nunique(),
        "ratings": len(train),
        "second_ratings": len(second),
    }
    assert train.user_id.min() > 2_649_429 and train.rating.between(1, 5).all()  # above every Prize user id
    assert not train.duplicated(["user_id", "movie_id"]).any()


def test_example_files_are_the_same_bytes_every_time(tmp_path):
    examples.write_examples(tmp_path / "a")
    examples.write_examples(tmp_path / "b")
    for stem in examples.EXAMPLES:
        for path in (tmp_path / "a" / stem).iterdir():
            assert path.read_bytes() == (tmp_path / "b" / stem / path.name).read_bytes()


def test_planted_ratings_cover_every_user_and_item_on_the_scale():
    ratings = examples.planted_ratings(30, 20, 0.1, (0.5, 5, 0.5), seed=0)
    assert set(ratings.user) == set(range(30)) and set(ratings.item) == set(range(20))
    assert (ratings.rating * 2 == (ratings.rating * 2).round()).all() and ratings.rating.between(0.5, 5).all()
    assert isinstance(ratings, pd.DataFrame) and ratings.rating.std() > 0.5


def test_an_unknown_chapter_has_no_examples(tmp_path):
    with pytest.raises(ParameterError, match="no example files for '09_nothing'"):
        examples.write_examples(tmp_path, ["09_nothing"])
