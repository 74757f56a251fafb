"""The student edition: each chapter with code exercises runs up to its first stub, whose check stops with
the stub's message saying what to write, and passes once the book's solution is put back."""

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from helpers.publishing import runner, student

pytestmark = pytest.mark.notebooks
WITH_STUBS = [
    path
    for path in runner.all_notebooks()
    if any(student.STUB_TAG in c.metadata.get("tags", []) for c in nbformat.read(str(path), as_version=4).cells)
]
TIMEOUT_S = 600


@pytest.mark.parametrize("path", WITH_STUBS, ids=lambda p: p.stem)
def test_first_stub_stops_its_check_until_the_solution_is_back(path, tmp_path):
    book = nbformat.read(str(path), as_version=4)
    solutions, _ = student._solutions(book)
    quick = runner.parameters_for(path, "quick", {}, runner.load_profiles())
    nb = student.student_edition(book)
    after = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])) + 1
    nb.cells.insert(after, nbformat.v4.new_code_cell("\n".join(f"{k} = {v!r}" for k, v in quick.items())))
    client = NotebookClient(nb, kernel_name=runner.KERNEL_NAME, timeout=TIMEOUT_S, resources={"metadata": {}})
    stub = next(c for c in nb.cells if student.STUB_TAG in c.metadata.get("tags", []))
    label = stub.metadata["exercise"]
    message = stub.source.split('"')[1]  # the stub's NotImplementedError text
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            tags = cell.metadata.get("tags", [])
            if student.CHECK_TAG in tags and cell.metadata.get("exercise") == label:
                with pytest.raises(CellExecutionError, match="NotImplementedError") as failed:
                    client.execute_cell(cell, index)
                assert message in str(failed.value)
                client.execute_cell(nbformat.v4.new_code_cell("\n\n".join(solutions[label])), index)
                client.execute_cell(cell, index)  # raises if the check fails with the solution back
                return
            client.execute_cell(cell, index)
    pytest.fail(f"{path.stem}: no check cell for exercise {label!r}")
