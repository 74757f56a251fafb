"""Properties of the typed reader behind every data file and file of one's own, on tables hypothesis draws:
any valid file reads back as written, and any single corrupted cell or row is named in the error."""

import re
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.common.errors import DataError
from helpers.datasets.tables import Column, read_table

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
KINDS = {
    "int": st.integers(-(10**12), 10**12),
    "float": st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False),
    "str": st.text(string.ascii_letters + string.digits + " _-", min_size=1, max_size=8).filter(
        lambda s: s.strip() == s and s != ""
    ),
    "date": st.dates().map(lambda d: d.isoformat()).filter(lambda s: len(s) == 10),
}


@st.composite
def table(draw):
    """Column kinds (1-4), their names, and 1-12 rows of valid values."""
    kinds = draw(st.lists(st.sampled_from(list(KINDS)), min_size=1, max_size=4))
    names = [f"c{k}_{kind}" for k, kind in enumerate(kinds)]
    rows = draw(st.lists(st.tuples(*(KINDS[kind] for kind in kinds)), min_size=1, max_size=12))
    return kinds, names, rows


def write(path, names, rows, sep=","):
    lines = [sep.join(names)] + [sep.join(str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n")


@FAST
@given(table(), st.sampled_from([",", "\t", ";"]))
def test_any_valid_file_reads_back_as_written(tmp_path, drawn, sep):
    kinds, names, rows = drawn
    path = tmp_path / "table.txt"
    write(path, names, rows, sep)
    frame = read_table(path, [Column(n, k) for n, k in zip(names, kinds, strict=True)], sep=sep)
    assert list(frame.columns) == names and len(frame) == len(rows)
    for r, row in enumerate(rows):
        for name, kind, value in zip(names, kinds, row, strict=True):
            got = frame.loc[r, name]
            if kind == "float":
                assert got == pytest.approx(value, rel=1e-15, abs=0)
            elif kind == "date":
                assert got.date().isoformat() == value
            else:
                assert got == value


@FAST
@given(table(), st.data())
def test_any_single_corrupted_cell_is_named_by_its_row_and_column(tmp_path, drawn, data):
    kinds, names, rows = drawn
    typed = [k for k, kind in enumerate(kinds) if kind != "str"]
    if not typed:
        kinds, names, rows = kinds + ["int"], names + ["extra_int"], [row + (7,) for row in rows]
        typed = [len(kinds) - 1]
    col = data.draw(st.sampled_from(typed))
    row = data.draw(st.integers(0, len(rows) - 1))
    # an empty cell, where the row has other cells (alone on its line it is a blank line, which CSV skips)
    empty = [""] if len(kinds) > 1 else []
    bad = data.draw(st.sampled_from(["x", "1.5.2", "n/a", *empty] + (["2.5"] if kinds[col] == "int" else [])))
    rows = [list(r) for r in rows]
    rows[row][col] = bad
    path = tmp_path / "table.txt"
    write(path, names, rows)
    with pytest.raises(DataError) as raised:
        read_table(path, [Column(n, k) for n, k in zip(names, kinds, strict=True)])
    message = str(raised.value)
    assert message.startswith(str(path))
    assert f"data row {row + 1}, column {names[col]}:" in message
    if bad:
        assert repr(bad) in message


@FAST
@given(table(), st.data())
def test_a_row_with_a_field_missing_or_added_is_named(tmp_path, drawn, data):
    kinds, names, rows = drawn
    path = tmp_path / "table.txt"
    row = data.draw(st.integers(0, len(rows) - 1))
    text = [",".join(names)] + [",".join(str(v) for v in r) for r in rows]
    broken = (
        text[row + 1] + ",surplus" if data.draw(st.booleans()) or len(names) == 1 else text[row + 1].rsplit(",", 1)[0]
    )
    text[row + 1] = broken
    path.write_text("\n".join(text) + "\n")
    with pytest.raises(DataError) as raised:
        read_table(path, [Column(n, k) for n, k in zip(names, kinds, strict=True)])
    message = str(raised.value)
    if len(rows) > 1:  # one bad row among good ones is named; a one-row file says every row is wrong
        assert re.search(rf"data row {row + 1} has {len(broken.split(','))} of {len(names)} fields", message)
    else:
        assert f"every row has {len(broken.split(','))} fields, but this file needs {len(names)} columns" in message
