"""The book's papermill engine writes the executing notebook when the run starts and ends, not per cell."""

import nbformat
import papermill
import pytest
from papermill import engines

from helpers.publishing.engine import ENGINE_NAME
from helpers.publishing.runner import KERNEL_NAME


def small_notebook(path, cells: int):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"print({k} * 2)") for k in range(cells)]
    nbformat.write(nb, str(path))


@pytest.mark.parametrize("failing", [False, True])
def test_the_notebook_is_written_at_start_and_end_with_every_output(tmp_path, monkeypatch, failing):
    source, out = tmp_path / "in.ipynb", tmp_path / "out.ipynb"
    small_notebook(source, 6)
    if failing:
        nb = nbformat.read(str(source), as_version=4)
        nb.cells[4].source = "raise ValueError('stop here')"
        nbformat.write(nb, str(source))
    writes = []
    original = engines.write_ipynb
    monkeypatch.setattr(engines, "write_ipynb", lambda nb, path: (writes.append(path), original(nb, path)))
    try:
        papermill.execute_notebook(
            str(source), str(out), kernel_name=KERNEL_NAME, engine_name=ENGINE_NAME, progress_bar=False
        )
    except papermill.PapermillExecutionError:
        assert failing
    assert writes == [str(out), str(out)]  # papermill's own engine: 2 + 2 per cell
    printed = [c.outputs[0].get("text", "") for c in nbformat.read(str(out), as_version=4).cells if c.get("outputs")]
    assert printed[:4] == ["0\n", "2\n", "4\n", "6\n"]
