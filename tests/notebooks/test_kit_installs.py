"""The student kit runs on its own: unzipped into a temporary folder and installed into a virtual
environment of its own, the data tour, solutions written in, runs to the end from the kit with papermill
under the kit's quick settings, and with any one stub left the run stops with that stub's message.

The environment sees the book's pinned packages (this interpreter's, through a path file) instead of
installing TensorFlow and the rest again, which takes minutes: pip installs the wheel offline and
``pip check`` proves the pins satisfy what the wheel declares. The install from the pins alone, into an
empty environment, is ``test_fresh_install`` below, marked ``fresh_install`` (outside the default run).
"""

import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import nbformat
import pytest

from helpers.common import paths
from helpers.common.paths import notebooks_dir
from helpers.publishing import kits, student, tags

pytestmark = pytest.mark.notebooks
CHAPTER = "00_data"  # the quickest chapter with code exercises (about 10 s under the quick profile)
TIMEOUT_S = 600


def run(command: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    """Run ``command`` in ``cwd`` without this checkout on the module path, with the data folder named as a
    student names it (the kit's README: ``BOOK_DATA_DIR``; a kit has no checkout to find it beside); return
    the finished process."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env[paths.DATA_DIR_VARIABLE] = str(paths.data_root())
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, **kwargs)


def unzip(kit_zip: Path, folder: Path) -> Path:
    """Unzip the student kit into ``folder``; return the kit's folder."""
    with zipfile.ZipFile(kit_zip) as kit:
        kit.extractall(folder)
    return folder / kits.STUDENT_KIT


def with_solutions(nb: nbformat.NotebookNode, left: str | None = None) -> nbformat.NotebookNode:
    """Return the student notebook ``nb`` with each stub replaced by the book's solution, but for the
    stub of exercise ``left``."""
    solutions, _ = student._solutions(nbformat.read(str(notebooks_dir() / f"{CHAPTER}.ipynb"), as_version=4))
    solved = nbformat.from_dict(nb)
    for cell in solved.cells:
        label = cell.metadata.get("exercise")
        if tags.STUB_TAG in cell.metadata.get("tags", []) and label != left:
            cell.source = "\n\n".join(solutions[label])
    return solved


def papermill(python: Path, kit: Path, name: str) -> subprocess.CompletedProcess:
    """Run the kit's notebook ``notebooks/<name>.ipynb`` with papermill under the kit's quick settings."""
    quick = student.QUICK_FILE.format(stem=CHAPTER)
    command = [str(python), "-m", "papermill", f"notebooks/{name}.ipynb", f"notebooks/{name}.out.ipynb", "-f", quick]
    return run(command, kit)


@pytest.fixture(scope="module")
def kit_env(kit_zips, tmp_path_factory) -> tuple[Path, Path]:
    """The unzipped student kit and the python of a virtual environment that has the kit's wheel installed
    offline over the book's pinned packages."""
    folder = tmp_path_factory.mktemp("kit")
    kit = unzip(kit_zips[0], folder)
    venv = folder / "venv"
    subprocess.run([sys._base_executable, "-m", "venv", str(venv)], check=True, timeout=TIMEOUT_S)
    python = venv / "bin" / "python"
    site = Path(
        run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], folder).stdout.strip()
    )
    (site / "book-pins.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    wheel = next(kit.glob("*.whl"))
    installed = run(
        [str(python), "-m", "pip", "install", "--no-index", "--no-deps", "--force-reinstall", str(wheel)], kit
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return kit, python


def test_the_wheel_installs_offline_and_the_pins_satisfy_it(kit_env):
    kit, python = kit_env
    checked = run([str(python), "-m", "pip", "check"], kit)
    assert checked.returncode == 0, f"pip check:\n{checked.stdout}{checked.stderr}"
    where = run([str(python), "-c", "import helpers; print(helpers.__file__)"], kit).stdout.strip()
    assert where.startswith(str(python.parent.parent)), f"helpers imported from {where}, not the kit's wheel"


def test_a_student_notebook_with_its_solutions_runs_to_the_end_from_the_kit(kit_env):
    kit, python = kit_env
    nb = nbformat.read(str(kit / "notebooks" / f"{CHAPTER}.ipynb"), as_version=4)
    nbformat.write(with_solutions(nb), str(kit / "notebooks" / "solved.ipynb"))
    done = papermill(python, kit, "solved")
    assert done.returncode == 0, done.stderr[-3000:]


def test_each_stub_left_stops_the_run_with_its_message(kit_env):
    kit, python = kit_env
    nb = nbformat.read(str(kit / "notebooks" / f"{CHAPTER}.ipynb"), as_version=4)
    stubs = [c for c in nb.cells if tags.STUB_TAG in c.metadata.get("tags", [])]
    assert stubs
    for stub in stubs:
        label = stub.metadata["exercise"]
        nbformat.write(with_solutions(nb, left=label), str(kit / "notebooks" / f"{label}.ipynb"))
        done = papermill(python, kit, label)
        message = re.search(r'NotImplementedError\("([^"]+)"\)', stub.source).group(1)
        assert done.returncode != 0 and "NotImplementedError" in done.stderr, label
        assert message in done.stderr, f"{label}: the run did not stop with {message!r}"


@pytest.mark.fresh_install
def test_fresh_install(kit_zips, tmp_path):
    """The kit's README step 3 in an empty virtual environment: every pinned package and the wheel."""
    kit = unzip(kit_zips[0], tmp_path)
    venv = tmp_path / "venv"
    subprocess.run([sys._base_executable, "-m", "venv", str(venv)], check=True, timeout=TIMEOUT_S)
    python = venv / "bin" / "python"
    wheel = next(kit.glob("*.whl"))
    installed = run([str(python), "-m", "pip", "install", "-r", kits.REQUIREMENTS, str(wheel)], kit)
    assert installed.returncode == 0, installed.stderr[-3000:]
    checked = run([str(python), "-m", "pip", "check"], kit)
    assert checked.returncode == 0, checked.stdout
