"""The reader's names: each study package registers its models' names from its names.yml, and one key has one
name across the book."""

import pytest

from helpers.common import names


def test_a_registered_key_reads_as_its_name_and_an_unknown_key_is_refused(tmp_path):
    path = tmp_path / "names.yml"
    path.write_text("tiny_model: Tiny model\n", encoding="utf-8")
    assert names.register_reader_names(path, "helpers.tiny.names") == {"tiny_model": "Tiny model"}
    assert names.reader_names(["tiny_model"]) == ["Tiny model"]
    with pytest.raises(KeyError, match="model key 'no_such_model' has no reader's name"):
        names.reader_name("no_such_model")


def test_a_key_two_packages_name_differently_is_refused_naming_both(tmp_path):
    from helpers.movielens import names as movielens_names
    from helpers.netflix import names as netflix_names

    assert netflix_names.READER_NAMES["mf"] == movielens_names.READER_NAMES["mf"] == names.reader_name("mf")
    other = tmp_path / "names.yml"
    other.write_text("mf: Matrix factorisation\n", encoding="utf-8")
    with pytest.raises(
        ValueError, match=r"names.yml: model key 'mf' is 'Matrix factorisation' here but 'MF' in helpers"
    ):
        names.register_reader_names(other, "helpers.other.names")


def test_a_name_that_is_not_text_is_refused_naming_the_file_and_key(tmp_path):
    path = tmp_path / "names.yml"
    path.write_text("tiny_number: 7\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"names.yml: 'tiny_number': expected a model key and its reader's name"):
        names.register_reader_names(path, "helpers.tiny.names")
