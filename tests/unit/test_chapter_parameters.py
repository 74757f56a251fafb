"""Each chapter's parameter rules, written once in its study package: the notebook's own settings pass and
glue the settings the page cites; a bad value of one parameter stops the check with that parameter's name
and what it accepts; each check across parameters names the parameters it compares."""

import ast
import importlib
import re

import nbformat
import pytest

from helpers.common.errors import ParameterError
from helpers.publishing import notebooks

NOTEBOOKS = {path.stem: path for path in notebooks.all_notebooks()}
CHECK_MODULE = re.compile(r"^from (helpers\.\w+) import parameters$", re.M)


def parameters_module(stem: str):
    """The study package's ``parameters`` module that chapter ``stem`` checks its settings with, read from
    the validation cell right after its parameters cell."""
    cells = nbformat.read(str(NOTEBOOKS[stem]), as_version=4).cells
    at = next(i for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", []))
    return importlib.import_module(CHECK_MODULE.search(cells[at + 1].source).group(1) + ".parameters")


def defaults(stem: str) -> dict:
    """The settings of chapter ``stem``'s parameters cell (each a Python literal), by name."""
    cells = nbformat.read(str(NOTEBOOKS[stem]), as_version=4).cells
    source = next(c.source for c in cells if "parameters" in c.metadata.get("tags", []))
    return {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign)
    }


@pytest.fixture
def glued(monkeypatch):
    """The (name, value) pairs glued while the test runs, instead of glueing them into a notebook."""
    pairs = []
    monkeypatch.setattr("myst_nb.glue", lambda name, value, display: pairs.append((name, value)))
    return pairs


@pytest.mark.parametrize("stem", sorted(NOTEBOOKS))
def test_the_notebooks_own_settings_pass_and_the_cited_ones_are_glued(stem, glued):
    module = parameters_module(stem)
    settings = defaults(stem)
    module.check(settings)
    expected = [(f"{module.RECORD_PREFIX}.setting.{name}", settings[name]) for name in module.CITED]
    # a list is glued as words ("10, 30 and 100"), every other setting as it is
    assert [(name, value) for name, value in glued if not isinstance(settings[name.rsplit(".", 1)[1]], list)] == [
        (name, value) for name, value in expected if not isinstance(value, list)
    ]
    assert [name for name, _ in glued] == [name for name, _ in expected]


BAD_VALUES = [  # one bad value per chapter: (chapter, the values changed, what the error must say)
    ("00_data", {"sample_rows": 0}, r"^parameter sample_rows=0: must be at least 1$"),
    ("01_box_office", {"dropout": 0.95}, r"^parameter dropout=0\.95: must be at most 0\.9$"),
    ("02_movielens", {"n_test_per_user": 20}, r"^parameter n_test_per_user=20: must be at most 19$"),
    ("03_douyin", {"window": 50}, r"^parameter window=50: must be one of sweep_windows=\[10, 100, 200\]$"),
    ("04_douban", {"first_year": 2020}, r"^parameter first_year=2020 is after last_year=2019"),
    ("05_netflix", {"tune_l2": [1e-4, 0.0]}, r"^parameter tune_l2=0\.0: must be greater than 0$"),
    ("06_scale", {"sizes": [100000, 10000]}, r"^parameter sizes=\[100000, 10000\]: give at least 4 sizes"),
]


@pytest.mark.parametrize(("stem", "changed", "message"), BAD_VALUES, ids=[case[0] for case in BAD_VALUES])
def test_a_bad_value_is_named_in_the_error_and_nothing_is_glued(stem, changed, message, glued):
    with pytest.raises(ParameterError, match=message):
        parameters_module(stem).check({**defaults(stem), **changed})
    assert not glued


def test_every_chapter_has_a_bad_value_case():
    assert sorted(stem for stem, _, _ in BAD_VALUES) == sorted(NOTEBOOKS)


CROSS_CHECKS = [  # each check across parameters: (chapter, the values changed, what the error must say)
    ("01_box_office", {"cast_file": "cast.csv"}, r"parameter cast_file goes with movies_file"),
    ("02_movielens", {"ratings_file": "ratings.csv"}, r"parameters ratings_file and movies_file go together"),
    ("02_movielens", {"links_file": "links.csv"}, r"\(links_file only with them\)"),
    ("03_douyin", {"longer_seeds": 6}, r"parameter longer_seeds=6: at most lstm_seeds=5"),
    ("04_douban", {"paper_models": ["svm"]}, r"parameter paper_models=\['svm'\]: \['svm'\] are not models"),
    ("04_douban", {"paper_seeds": 4}, r"parameter paper_seeds=4: must be at most 3, the number of seeds"),
    ("04_douban", {"seeds": [0], "beyond_seeds": 2}, r"parameter beyond_seeds=2: must be at most 1"),
    ("05_netflix", {"titles_file": "titles.csv"}, r"parameters test_file and titles_file go with train_file"),
    ("06_scale", {"sizes": [10000]}, r"parameter sizes=\[10000\]: give at least 4 sizes"),
]


@pytest.mark.parametrize(("stem", "changed", "message"), CROSS_CHECKS)
def test_each_check_across_parameters_names_them(stem, changed, message, glued):
    with pytest.raises(ParameterError, match=message):
        parameters_module(stem).check({**defaults(stem), **changed})


def test_a_papermill_value_for_no_parameter_is_refused_with_the_chapters_parameters(glued):
    settings = {**defaults("00_data"), "In": ["# Parameters\nsample_row = 3\n"], "sample_row": 3}
    with pytest.raises(ParameterError, match=r"no parameter\(s\) \['sample_row'\] in this notebook"):
        parameters_module("00_data").check(settings)
