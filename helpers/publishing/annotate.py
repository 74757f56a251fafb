"""Open an executed chapter as a reader should meet it: under its title a note on its run time, reading
time, exercises and requirements, and the settings the run used; the bookkeeping cells hidden."""

from __future__ import annotations

import ast
import importlib.metadata
import sys
from pathlib import Path

import nbformat
import pandas as pd

from helpers.common.exercises import count_exercises
from helpers.publishing.notebooks import helpers_files, imported_modules, notebook_code, parameter_help
from helpers.publishing.pages import reading_minutes
from helpers.publishing.tags import HIDDEN, INJECTED_TAG, PARAMETERS_TAG, REMOVED, RUN_INFO_TAG

DEFAULT_BRANCH = "main"  # the branch the source links name when `_config.yml` gives none (repository.branch)


def imported_distributions(notebook: Path) -> dict[str, str]:
    """Return ``{distribution: version}`` of the third-party packages a notebook imports, directly
    or through the ``helpers`` modules it imports (see :func:`helpers.publishing.notebooks.helpers_files`)."""
    names = imported_modules(notebook_code(notebook))
    for path in helpers_files(notebook):
        if path.suffix == ".py":
            names |= imported_modules(path.read_text(encoding="utf-8"))
    owners = importlib.metadata.packages_distributions()
    found = {}
    for top in {n.split(".")[0] for n in names} - set(sys.stdlib_module_names) - {"helpers"}:
        for dist in owners.get(top, []):
            found[dist] = importlib.metadata.version(dist)
    return dict(sorted(found.items(), key=lambda item: item[0].lower()))


def _cell_text(value: object) -> str:
    """Return a setting's value as a table cell: code font, pipes escaped."""
    return "`" + str(value).replace("|", "\\|") + "`"


def _same(value: object, default: str) -> bool:
    """Return True if ``value`` equals the Python literal written as ``default`` in the parameters cell."""
    try:
        return ast.literal_eval(default) == value
    except (ValueError, SyntaxError):
        return str(value) == default


def settings_table(nb: nbformat.NotebookNode, notebook: Path) -> pd.DataFrame:
    """Return the settings an executed chapter ran with: one row per parameter of its ``parameters``
    cell, in order, with the value that ran (papermill's injected value, else the notebook's default)
    and the line's meaning; ``notebook`` is the executed copy ``nb`` was read from."""
    injected = nb.metadata.get("papermill", {}).get("parameters", {})
    rows = []
    for name, info in parameter_help(notebook).items():
        value = injected.get(name, info["default"])
        changed = name in injected and not _same(value, info["default"])
        shown = _cell_text(value) + (f" (notebook: {_cell_text(info['default'])})" if changed else "")
        rows.append({"setting": f"`{name}`", "value": shown, "meaning": info["help"]})
    return pd.DataFrame(rows, columns=["setting", "value", "meaning"])


def hide_bookkeeping(nb: nbformat.NotebookNode) -> None:
    """Tag the parameters cell and the validation cell after it (the first code cell that follows it,
    papermill's injected cell aside) as hidden, and papermill's injected cell as removed (the settings
    table shows its values): the page opens with the study, and the downloaded notebook still holds all
    three."""
    after_parameters = False
    for cell in nb.cells:
        tags = cell.metadata.setdefault("tags", [])
        if INJECTED_TAG in tags:
            wanted = REMOVED
        elif PARAMETERS_TAG in tags:
            wanted, after_parameters = HIDDEN, True
        elif after_parameters and cell.cell_type == "code":
            wanted, after_parameters = HIDDEN, False
        else:
            continue
        if wanted not in tags:
            tags.append(wanted)


def source_links(stem: str, repository: str, branch: str = DEFAULT_BRANCH) -> str:
    """The note's line on where the chapter's notebook lives in the book's public ``repository`` (its
    address; "" for none: then the line is empty): the notebook on ``branch`` and, for a GitHub address,
    a link that opens it on Binder (mybinder.org), which installs the repository and starts JupyterLab."""
    if not repository:
        return ""
    base = repository.rstrip("/").removesuffix(".git")
    path = f"notebooks/{stem}.ipynb"
    line = f"**Source.** [The notebook]({base}/blob/{branch}/{path}) in the book's repository"
    owner_repo = base.removeprefix("https://github.com/")
    if owner_repo != base and owner_repo.count("/") == 1:
        line += f"; [run it on Binder](https://mybinder.org/v2/gh/{owner_repo}/{branch}?labpath={path})"
    return line + "."


def annotate(notebook: Path, stats: dict | None, repository: str = "", branch: str = DEFAULT_BRANCH) -> None:
    """Open an executed chapter as a reader should meet it (replacing an earlier annotation): under
    its title, a note on run time and requirements from the runner's statistics and, when the book's
    ``repository`` address is set, links to the chapter's notebook there (:func:`source_links`), then the
    settings the run used in a collapsed table; the bookkeeping cells hidden (:func:`hide_bookkeeping`)."""
    nb = nbformat.read(str(notebook), as_version=4)
    nb.cells = [c for c in nb.cells if RUN_INFO_TAG not in c.metadata.get("tags", [])]
    hide_bookkeeping(nb)
    packages = ", ".join(f"{name} {version}" for name, version in imported_distributions(notebook).items())
    if stats:
        ran = (
            f"This copy ran under the `{stats['profile']}` profile in {stats['wall_s']:.0f} s "
            f"(peak memory {stats['peak_mib']:.0f} MiB) on the machine that built the book."
        )
    else:
        ran = "No run statistics were recorded for this copy."
    settings = settings_table(nb, notebook)
    reading = f"**Reading time.** About {reading_minutes(nb)} min."
    exercises = count_exercises(notebook)
    if exercises:
        reading += f" **Exercises.** {exercises}, at the end, each with its solution folded under it."
    source = source_links(notebook.stem, repository, branch)
    text = (
        f":::{{note}}\n{reading}\n\n**Run time.** {ran}\n\n**Requirements.** Python 3.11 with {packages}, "
        "and this book's `helpers` package and data: see {doc}`the rerun page <../rerun>`."
        + (f"\n\n{source}" if source else "")
        + "\n:::\n\n"
        f":::{{dropdown}} The {len(settings)} settings this copy ran with\n"
        f"{settings.to_markdown(index=False, disable_numparse=True)}\n:::"
    )
    cell = nbformat.v4.new_markdown_cell(text)
    cell.metadata["tags"] = [RUN_INFO_TAG]
    nb.cells.insert(1, cell)
    nbformat.write(nb, str(notebook))
