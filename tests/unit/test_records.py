"""Records: plain scalars in, the same values back out of an executed notebook."""

import math

import nbformat
import numpy as np
import pytest
from myst_nb.ext.glue import GLUE_PREFIX

from helpers.common import records
from helpers.common.records import as_record_value, read_records


def glued_output(name: str, text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output(
        "display_data",
        data={GLUE_PREFIX + "text/plain": text},
        metadata={"scrapbook": {"name": name, "mime_prefix": GLUE_PREFIX}},
    )


def notebook_with(tmp_path, outputs):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x = 1")
    cell.outputs = outputs
    nb.cells.append(cell)
    path = tmp_path / "run.ipynb"
    nbformat.write(nb, str(path))
    return path


@pytest.mark.parametrize(
    ("value", "expected"),
    [(np.float64(0.5), 0.5), (np.int64(7), 7), (np.bool_(True), True), ("DL+", "DL+"), (3, 3)],
)
def test_numpy_scalars_become_plain_python(value, expected):
    plain = as_record_value(value)
    assert plain == expected and type(plain) is type(expected)


def test_arrays_are_refused():
    with pytest.raises(TypeError, match="a record must be a number, string or bool, got ndarray"):
        as_record_value(np.array([1.0, 2.0]))


def test_read_records_round_trip(tmp_path):
    path = notebook_with(
        tmp_path, [glued_output("a.rmse", "0.8712"), glued_output("a.name", "'DL+'"), glued_output("a.n", "100004")]
    )
    records = read_records(path)
    assert records == {"a.rmse": 0.8712, "a.name": "DL+", "a.n": 100004}
    assert not math.isnan(records["a.rmse"])


def test_a_name_glued_twice_is_an_error(tmp_path):
    path = notebook_with(tmp_path, [glued_output("a.rmse", "0.9"), glued_output("a.rmse", "0.8")])
    with pytest.raises(ValueError, match="record 'a.rmse' is glued more than once"):
        read_records(path)


def test_recorder_keeps_what_it_glues(monkeypatch):
    glued = []
    monkeypatch.setattr("myst_nb.glue", lambda name, value, display: glued.append((name, value, display)))
    kept = records.Recorder()
    assert kept.keep("a.n", np.int64(3)) == 3 and type(kept["a.n"]) is int
    assert glued == [("a.n", 3, False)]
    with pytest.raises(ValueError, match="not finite"):
        kept.keep("a.bad", float("nan"))
    assert "a.bad" not in kept
