"""`python -m helpers new-chapter` in a copy of the project: the new chapter touches the manifest, its
notebook, its package and its tests and nothing else, runs under the quick profile, and passes its own tests
and the repository's rules."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.common.paths import data_root, repo_root

pytestmark = pytest.mark.xdist_group("scaffold")
STEM, PACKAGE = "07_demo", "demo"
EXPECTED = {  # every path the new chapter may add or change (git status of the copy)
    "notebooks/chapters.yml",
    f"notebooks/{STEM}.ipynb",
    f"helpers/{PACKAGE}/",
    f"tests/notebooks/test_{STEM}.py",
    f"tests/unit/test_{PACKAGE}.py",
}


def git(copy: Path, *args: str) -> str:
    """Run git in ``copy`` and return its output."""
    return subprocess.run(["git", *args], cwd=copy, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A copy of the committed project (its tracked files) under git, with a new chapter scaffolded in it,
    and the environment that runs it (its own helpers first on the path, the data root of this checkout)."""
    copy = tmp_path_factory.mktemp("project")
    for name in git(repo_root(), "ls-files").splitlines():
        source = repo_root() / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    git(copy, "init", "-q")
    git(copy, "add", "-A")
    git(copy, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "copy")
    env = {**os.environ, "PYTHONPATH": str(copy), "BOOK_DATA_DIR": str(data_root())}
    title = "Demo: a bias model against the global mean"
    subprocess.run(
        [sys.executable, "-m", "helpers", "new-chapter", STEM, "--title", title], cwd=copy, env=env, check=True
    )
    return copy, env


def test_the_new_chapter_touches_only_its_own_files(project):
    copy, _ = project
    changed = {line[3:] for line in git(copy, "status", "--porcelain").splitlines()}
    assert changed == EXPECTED


def test_a_second_chapter_of_the_same_name_is_refused(project):
    copy, env = project
    again = subprocess.run(
        [sys.executable, "-m", "helpers", "new-chapter", STEM, "--title", "Again"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    assert again.returncode != 0 and f"chapter {STEM}" in again.stderr


def test_the_new_chapter_runs_and_passes_its_tests_and_the_repository_rules(project):
    copy, env = project
    run = subprocess.run([sys.executable, "-m", "helpers", "run", STEM, "--profile", "quick"], cwd=copy, env=env)
    assert run.returncode == 0
    tests = [f"tests/unit/test_{PACKAGE}.py", f"tests/notebooks/test_{STEM}.py", "tests/test_repository.py"]
    checked = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests], cwd=copy, env=env
    )
    assert checked.returncode == 0
