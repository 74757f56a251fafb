"""Where the box-office films come from: one's own files, read and named, or a parameter that names no file."""

import pytest

from helpers.box_office import examples, sources
from helpers.common.errors import ParameterError


def test_own_films_without_a_cast_file_read_back_with_no_cast_and_their_name(tmp_path):
    example = examples.write_example(tmp_path)
    movies, cast, files = sources.load_or_own(example.parameters["movies_file"], None)
    assert len(movies) == example.counts["raw_films"] and cast is None and files == "my_films.csv"


def test_own_films_with_a_cast_file_name_both(tmp_path):
    example = examples.write_example(tmp_path)
    (tmp_path / "cast.csv").write_text("id,cast\n900000,Ann Example/Bo Example\n")
    movies, cast, files = sources.load_or_own(example.parameters["movies_file"], str(tmp_path / "cast.csv"))
    assert cast["cast"].tolist() == ["Ann Example/Bo Example"] and files == "my_films.csv and cast.csv"


def test_a_films_file_that_does_not_exist_is_an_error_naming_the_parameter(tmp_path):
    with pytest.raises(ParameterError, match="movies_file"):
        sources.load_or_own(str(tmp_path / "none.csv"), None)
