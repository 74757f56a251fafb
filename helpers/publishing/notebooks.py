"""The committed notebooks: the list (the chapter manifest's, in the book's order), reading them (their
parameters, their code) and the ``helpers`` modules and data files their code imports.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from helpers.common.errors import ParameterError
from helpers.common.paths import repo_root
from helpers.publishing import chapters


def all_notebooks() -> list[Path]:
    """Return every chapter's committed notebook, in the book's order (``notebooks/chapters.yml``)."""
    return [chapter.notebook for chapter in chapters.chapters()]


def clear_outputs(notebook: Path) -> bool:
    """Strip outputs and execution counts from ``notebook`` in place; return True if it changed."""
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    changed = False
    for cell in nb.cells:
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None):
            cell.outputs, cell.execution_count, changed = [], None, True
    if changed:
        nbformat.write(nb, str(notebook))
    return changed


def resolve(names: Iterable[str]) -> list[Path]:
    """Turn chapter names (``NN_name``, ``NN_name.ipynb`` or a path) into notebook paths.

    Raises ParameterError naming an unknown notebook and listing the known ones.
    """
    known = {p.stem: p for p in all_notebooks()}
    paths = []
    for name in names:
        stem = Path(name).stem
        if stem not in known:
            raise ParameterError(f"unknown notebook {name!r}; notebooks: {', '.join(known)}")
        paths.append(known[stem])
    return paths


def parameter_help(notebook: Path) -> dict[str, dict[str, str]]:
    """Return the notebook's parameters as papermill reads its ``parameters`` cell:
    ``{name: {"default": default text, "help": the line's trailing comment}}``, in cell order."""
    import papermill

    return {
        name: {"default": info["default"], "help": info["help"]}
        for name, info in papermill.inspect_notebook(str(notebook)).items()
    }


def notebook_parameters(notebook: Path) -> dict[str, Any]:
    """Return the defaults of the notebook's ``parameters`` cell as ``{name: inferred default text}``."""
    return {name: info["default"] for name, info in parameter_help(notebook).items()}


def notebook_code(notebook: Path) -> str:
    """Return the source of ``notebook``'s code cells joined by newlines, leaving out cells that start
    with an IPython magic or a shell line (``%``, ``!``), so that the result parses as Python."""
    import nbformat

    return "\n".join(
        cell.source
        for cell in nbformat.read(str(notebook), as_version=4).cells
        if cell.cell_type == "code" and not cell.source.lstrip().startswith(("%", "!"))
    )


def imported_modules(source: str) -> set[str]:
    """Return the absolute imports of Python ``source`` as dotted names: ``import a.b`` gives ``a.b``;
    ``from a.b import c`` gives ``a.b`` and ``a.b.c`` (``c`` may be a module)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def helpers_imports(source: str, package: str) -> set[str]:
    """Return the ``helpers`` modules that Python ``source`` imports, as dotted names, with every package
    above them (importing a module runs its packages' ``__init__``): ``from helpers.douban import
    features`` gives ``helpers``, ``helpers.douban`` and ``helpers.douban.features``."""
    found = {name for name in imported_modules(source) if name.split(".")[0] == package}
    return {".".join(name.split(".")[:end]) for name in found for end in range(1, name.count(".") + 2)}


def _package_of(path: Path, top: Path) -> Path:
    """Return the innermost folder at or above ``path``'s folder, below ``top``, that holds an
    ``__init__.py`` (the package a data file belongs to)."""
    folder = path.parent
    while folder != top and not (folder / "__init__.py").is_file():
        folder = folder.parent
    return folder


def helpers_files(notebook: Path, root: Path | None = None) -> list[Path]:
    """Return the files of the ``helpers`` package that ``notebook``'s code imports, directly or through
    other helpers modules (followed from the import statements, not listed by hand), plus the data
    files (checksum manifests, reference arrays) of the packages among them."""
    root = root or repo_root()
    package = root / "helpers"
    todo = helpers_imports(notebook_code(notebook), package.name) | {package.name}
    seen: set[Path] = set()
    while todo:
        parts = todo.pop().split(".")
        candidates = [
            package.parent.joinpath(*parts).with_suffix(".py"),
            package.parent.joinpath(*parts, "__init__.py"),
        ]
        for path in candidates:
            if path.is_file() and path not in seen:
                seen.add(path)
                todo |= helpers_imports(path.read_text(encoding="utf-8"), package.name)
    packages = {path.parent for path in seen if path.name == "__init__.py"}
    data_files = {
        path
        for path in package.rglob("*")
        if path.is_file()
        and path.suffix != ".py"
        and "__pycache__" not in path.parts
        and _package_of(path, package) in packages
    }
    return sorted(seen | data_files)
