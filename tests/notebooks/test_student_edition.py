"""The student edition: each code exercise's stub stops its check with the stub's message saying what to
write, and the check passes once the book's solution is put back.

The exercises run in a kernel that has run only the chapter's set-up cells (parameters, their validation,
the imports: every code cell before the first section), as a code exercise may use nothing else. A student
who runs the chapter from the top reaches the same cells; the chapter's own runs show that the cells in
between run.
"""

import re

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from helpers.publishing import notebooks, profiles, runner, student, tags

pytestmark = pytest.mark.notebooks
WITH_STUBS = [
    path
    for path in notebooks.all_notebooks()
    if any(tags.STUB_TAG in c.metadata.get("tags", []) for c in nbformat.read(str(path), as_version=4).cells)
]
TIMEOUT_S = 600
FIRST_SECTION = re.compile(r"^## ", re.MULTILINE)


def setup_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """The code cells before the notebook's first section heading (``## ...``)."""
    first = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and FIRST_SECTION.search(c.source))
    return [c for c in nb.cells[:first] if c.cell_type == "code"]


@pytest.mark.parametrize("path", WITH_STUBS, ids=lambda p: p.stem)
def test_each_stub_stops_its_check_until_the_solution_is_back(path, tmp_path):
    book = nbformat.read(str(path), as_version=4)
    solutions, _ = student._solutions(book)
    quick = profiles.parameters_for(path, "quick", {}, profiles.load_profiles())
    if "work_dir" in notebooks.notebook_parameters(path):  # the chapter's files go here: its clean-up cell never runs
        quick["work_dir"] = str(tmp_path)
    nb = student.student_edition(book)
    cells = setup_cells(nb)
    after = next(i for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", [])) + 1
    cells.insert(after, nbformat.v4.new_code_cell("\n".join(f"{k} = {v!r}" for k, v in quick.items())))
    stubs = [c for c in nb.cells if tags.STUB_TAG in c.metadata.get("tags", [])]
    checks = {c.metadata["exercise"]: c for c in nb.cells if tags.CHECK_TAG in c.metadata.get("tags", [])}
    client = NotebookClient(nb, kernel_name=runner.KERNEL_NAME, timeout=TIMEOUT_S, resources={"metadata": {}})
    with client.setup_kernel():
        for cell in cells:
            client.execute_cell(cell, 0)
        for stub in stubs:
            label = stub.metadata["exercise"]
            assert label in checks, f"{path.stem}: no check cell for exercise {label!r}"
            message = re.search(r'NotImplementedError\(\s*"([^"]+)"', stub.source).group(1)  # its first words
            client.execute_cell(stub, 0)
            with pytest.raises(CellExecutionError, match="NotImplementedError") as failed:
                client.execute_cell(checks[label], 0)
            assert message in str(failed.value), label
            client.execute_cell(nbformat.v4.new_code_cell("\n\n".join(solutions[label])), 0)
            client.execute_cell(checks[label], 0)  # raises if the check fails with the solution back
    assert stubs
