"""The suite's own scheduling: tests that share one expensive run (a chapter on its example files, the quick
book) carry the same ``xdist_group`` mark, and ``--dist loadgroup`` must send them to one worker, or each
worker makes the run again. pytest 9.2 broke that with pytest-xdist 3.8 (the group suffix of the test ids
was ignored, and every group was split across the workers); this runs a small suite in two workers and
checks that a group's tests meet in one."""

import os
import subprocess
import sys
import textwrap

GROUPED_SUITE = textwrap.dedent(
    """
    import os

    import pytest

    @pytest.mark.xdist_group("shared")
    @pytest.mark.parametrize("k", range(6))
    def test_grouped(k):
        with open(os.environ["WORKERS_FILE"], "a") as f:
            f.write(os.environ["PYTEST_XDIST_WORKER"] + "\\n")

    @pytest.mark.parametrize("k", range(6))
    def test_free(k):
        pass
    """
)


def test_a_group_runs_in_one_worker(tmp_path):
    (tmp_path / "test_grouped.py").write_text(GROUPED_SUITE, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-p", "no:cacheprovider", "-q"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
        env={**os.environ, "WORKERS_FILE": str(tmp_path / "workers.txt")},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:]
    workers = (tmp_path / "workers.txt").read_text().split()
    assert len(workers) == 6
    assert len(set(workers)) == 1, f"the group's tests ran in workers {sorted(set(workers))}"
