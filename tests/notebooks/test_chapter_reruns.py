"""The chapter reruns the suite makes beside the quick runs (``documented.shared_runs``): each chapter once
on its example files of one's own, if it has them, with the values of every rerun its exercises and the
pages show that fit in that run (others in a run of their own). Each such run must run every cell and
record every claim of the chapter's study as judged; every rerun an exercise shows must be among them.
What the runs on example files count is checked in ``test_own_data.py``."""

import pytest
from conftest import rerun_group, unjudged
from documented import covering_run, exercise_commands, shared_runs

pytestmark = pytest.mark.notebooks

RUNS = [(stem, index) for stem, runs in shared_runs().items() for index in range(len(runs))]


@pytest.mark.parametrize(
    ("stem", "index"), [pytest.param(stem, index, marks=rerun_group(stem, index)) for stem, index in RUNS]
)
def test_the_rerun_runs_every_cell_and_records_every_claim(stem, index, shared_run):
    records = shared_run(stem, index)  # raises NotebookFailed naming the cell that failed
    missing = unjudged(stem, records)
    assert not missing, f"{stem} with {shared_runs()[stem][index]} does not record {missing}"


def test_every_rerun_an_exercise_shows_is_made():
    commands = [words for chapter in exercise_commands().values() for words in chapter]
    assert commands, "no chapter's exercises show a rerun"
    missing = [" ".join(words) for words in commands if covering_run(words) is None]
    assert not missing, f"no shared run has the values of {missing}"
