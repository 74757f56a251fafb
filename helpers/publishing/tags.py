"""The cell tags the book's tooling reads and writes, named once: the page's (Jupyter Book's hide and
remove), papermill's, the run note's, and the code exercises' (see :mod:`helpers.publishing.student`)."""

RUN_INFO_TAG = "book-run-info"  # the note on run time, requirements and settings the build adds under the title
HIDDEN = "hide-cell"  # shown on the page as a "show code" button; the downloaded notebook keeps the cell
REMOVED = "remove-cell"  # left off the page; the downloaded notebook keeps the cell
PARAMETERS_TAG = "parameters"  # the cell papermill reads the parameters from
INJECTED_TAG = "injected-parameters"  # papermill's tag on the cell it adds after the parameters cell
STUB_TAG = "exercise-stub"  # a code exercise's function for the student to write
CHECK_TAG = "exercise-check"  # a code exercise's check against a known answer
