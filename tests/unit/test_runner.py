"""The runner: profiles and overrides, a real papermill run of a tiny notebook, and a failing cell named."""

import json
import subprocess
import sys

import nbformat
import pytest

from helpers.common.errors import ParameterError
from helpers.common.records import read_records
from helpers.publishing import fingerprint, notebooks, profiles, runner


def tiny_notebook(tmp_path, body: str, name: str = "09_tiny.ipynb"):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    parameters = nbformat.v4.new_code_cell("epochs = 50  # maximum training epochs\nscale = 1.0  # multiplier")
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [parameters, nbformat.v4.new_code_cell(body)]
    path = tmp_path / name
    nbformat.write(nb, str(path))
    return path


def test_parse_overrides_reads_yaml_values():
    assert profiles.parse_overrides(["epochs=5", "sizes=[32, 64]", "name=dl", "lr=1e-3"]) == {
        "epochs": 5, "sizes": [32, 64], "name": "dl", "lr": 1e-3,
    }  # fmt: skip


def test_parse_overrides_refuses_a_bad_pair():
    with pytest.raises(ParameterError, match=r"-p 'epochs': expected name=value"):
        profiles.parse_overrides(["epochs"])


def test_unknown_parameter_is_refused_with_the_known_ones(tmp_path):
    notebook = tiny_notebook(tmp_path, "pass")
    with pytest.raises(
        ParameterError, match=r"09_tiny.ipynb: no parameter\(s\) \['epoch'\]; its parameters are \['epochs', 'scale'\]"
    ):
        profiles.parameters_for(notebook, "quick", {"epoch": 3}, {"quick": {}, "full": {}})


def test_profile_and_overrides_merge(tmp_path):
    notebook = tiny_notebook(tmp_path, "pass")
    settings = {"quick": {"09_tiny": {"epochs": 2, "scale": 0.5}}, "full": {}}
    assert profiles.parameters_for(notebook, "quick", {"scale": 2.0}, settings) == {"epochs": 2, "scale": 2.0}


def test_profiles_come_from_the_manifest_and_an_unknown_one_is_refused(tmp_path):
    tiny_notebook(tmp_path, "pass")
    entry = (
        "root: book/intro\npages: {caption: The book, files: []}\nchapters:\n  - {stem: 09_tiny, title: Tiny, "
        "short_title: Tiny, part: Chapters, package: tiny, quick_order: 1, quick_limit_s: 9, "
        "profiles: {quick: {epochs: 2}%s}}\n"
    )
    path = tmp_path / "chapters.yml"
    path.write_text(entry % "")
    assert profiles.load_profiles(path) == {"quick": {"09_tiny": {"epochs": 2}}, "full": {"09_tiny": {}}}
    path.write_text(entry % ", fast: {}")
    with pytest.raises(ParameterError, match=r"chapter 09_tiny: profiles: unknown profile\(s\) \['fast'\]"):
        profiles.load_profiles(path)


def test_unknown_notebook_name():
    with pytest.raises(ParameterError, match=r"unknown notebook 'nope'; notebooks: 00_data"):
        notebooks.resolve(["nope"])


def test_execute_runs_records_and_skips_when_current(tmp_path):
    notebook = tiny_notebook(
        tmp_path, "from helpers.common import records\nrecords.record('tiny.total', epochs * scale)"
    )
    out = tmp_path / "out"
    result = runner.execute(notebook, "quick", {"epochs": 3}, out)
    assert read_records(out / notebook.name) == {"tiny.total": 3.0}
    assert result.wall_s > 0 and result.peak_mib > 10
    stats = json.loads((out / fingerprint.STATS_FILE).read_text())
    assert stats["09_tiny"]["parameters"] == {"epochs": 3}
    again = runner.execute(notebook, "quick", {"epochs": 3}, out, skip_current=True)
    assert again.skipped and again.wall_s == result.wall_s
    changed = runner.execute(notebook, "quick", {"epochs": 4}, out, skip_current=True)
    assert not changed.skipped and read_records(out / notebook.name) == {"tiny.total": 4.0}


def test_cpu_seconds_count_the_kernels_children_and_not_its_sleep(tmp_path):
    # the kernel sleeps 1.5 s, then a child process it starts spins for 1.5 s of CPU: the CPU seconds must
    # hold the child's 1.5 s (a sampler that saw only the kernel would miss it) and not the sleep, which is
    # wall time only (the kernel's own CPU seconds, 0.3-0.4 s for an empty notebook here, come on top). A
    # process this one started before the run, which has spent 3 s of CPU (as a test's pool of workers
    # can have), is not the run's: counted, it would put the total over 1.5 + 1.5 s.
    spin = "import time\\nend = time.process_time() + 1.5\\nwhile time.process_time() < end: pass"
    body = (
        f"import subprocess, sys, time\ntime.sleep(1.5)\nsubprocess.run([sys.executable, '-c', '{spin}'], check=True)"
    )
    earlier = (
        "import time\nend = time.process_time() + 3\nwhile time.process_time() < end: pass\n"
        "print(1, flush=True)\ntime.sleep(60)"
    )
    with subprocess.Popen([sys.executable, "-c", earlier], stdout=subprocess.PIPE, text=True) as busy:
        busy.stdout.readline()  # it has spent its 3 s
        result = runner.execute(tiny_notebook(tmp_path, body), "quick", {}, tmp_path / "out")
        busy.kill()
    assert 1.5 <= result.cpu_s <= 1.5 + 1.5, result
    assert result.wall_s >= 3.0 and result.cpu_s < result.wall_s - 1.0, result


def test_failing_cell_is_named(tmp_path):
    notebook = tiny_notebook(tmp_path, "raise ValueError('epochs too small')")
    with pytest.raises(runner.NotebookFailed, match=r"09_tiny.ipynb failed at cell \d+ .*ValueError: epochs too small"):
        runner.execute(notebook, "quick", {}, tmp_path / "out")


def test_clear_outputs_strips_a_run(tmp_path):
    notebook = tiny_notebook(tmp_path, "print('hello')")
    runner.execute(notebook, "quick", {}, tmp_path / "out")
    executed = tmp_path / "out" / notebook.name
    assert notebooks.clear_outputs(executed) is True
    nb = nbformat.read(str(executed), as_version=4)
    assert all(not c.outputs and c.execution_count is None for c in nb.cells if c.cell_type == "code")
    assert notebooks.clear_outputs(executed) is False


def test_a_failed_run_keeps_the_previous_copy_and_the_next_skip_current_reruns(tmp_path):
    notebook = tiny_notebook(tmp_path, "assert epochs > 0, 'epochs must be positive'\nprint(epochs * scale)")
    out = tmp_path / "out"
    runner.execute(notebook, "quick", {"epochs": 3}, out)
    good = (out / notebook.name).read_bytes()
    with pytest.raises(runner.NotebookFailed, match=r"failed at cell \d+ .*AssertionError: epochs must be positive"):
        runner.execute(notebook, "quick", {"epochs": -1}, out)
    assert (out / notebook.name).read_bytes() == good
    assert (out / "09_tiny.failed.ipynb").is_file() and not list(out.glob("09_tiny.running-*"))
    assert "failed" in fingerprint.read_stats(out)["09_tiny"]
    again = runner.execute(notebook, "quick", {"epochs": 3}, out, skip_current=True)
    assert not again.skipped and "failed" not in fingerprint.read_stats(out)["09_tiny"]


def test_skip_current_reruns_a_notebook_whose_copy_is_missing(tmp_path):
    notebook = tiny_notebook(tmp_path, "print(epochs)")
    out = tmp_path / "out"
    runner.execute(notebook, "quick", {}, out)
    (out / notebook.name).unlink()
    assert not runner.execute(notebook, "quick", {}, out, skip_current=True).skipped


def test_a_missing_glyph_fails_the_run_and_names_the_fix(tmp_path):
    warn = "import sys\nsys.stderr.write('UserWarning: Glyph 30005 (\\\\N{CJK UNIFIED IDEOGRAPH-7535}) missing from font(s) DejaVu Sans.\\n')"
    notebook = tiny_notebook(tmp_path, warn)
    with pytest.raises(runner.NotebookFailed, match=r"09_tiny.ipynb: cell 1 shows 'Glyph 30005 .*fonts-noto-cjk"):
        runner.execute(notebook, "quick", {}, tmp_path / "out")
    assert not (tmp_path / "out" / notebook.name).exists()


def test_the_kernel_runs_without_a_tcp_warning(tmp_path, capfd):
    runner.execute(tiny_notebook(tmp_path, "print(1)"), "quick", {}, tmp_path / "out")
    captured = capfd.readouterr()
    assert "without encryption" not in captured.err + captured.out


def test_path_parameters_resolve_against_the_callers_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    resolved = profiles.resolve_path_parameters({"data_path": "own/predict.csv", "epochs": 3, "data_dir": None})
    assert resolved == {"data_path": str(tmp_path / "own" / "predict.csv"), "epochs": 3, "data_dir": None}


def test_a_list_of_files_resolves_item_by_item(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    resolved = profiles.resolve_path_parameters({"crawl_files": ["a.csv", "/abs/b.csv"], "seeds": [1, 2]})
    assert resolved == {"crawl_files": [str(tmp_path / "a.csv"), "/abs/b.csv"], "seeds": [1, 2]}


def test_files_of_ones_own_are_hashed_recorded_and_rerun_when_edited(tmp_path):
    import hashlib

    own = tmp_path / "own.csv"
    own.write_text("a,b\n1,2\n")
    folder = tmp_path / "posters"
    folder.mkdir()
    (folder / "2.jpg").write_bytes(b"two")
    (folder / "1.jpg").write_bytes(b"one")
    parameters = {"ratings_file": str(own), "posters_dir": str(folder), "links_file": None, "epochs": 2}
    found = fingerprint.input_files(parameters)
    assert found == {
        "ratings_file": [{"path": str(own), "sha256": hashlib.sha256(b"a,b\n1,2\n").hexdigest()}],
        "posters_dir": [
            {"path": str(folder / "1.jpg"), "sha256": hashlib.sha256(b"one").hexdigest()},
            {"path": str(folder / "2.jpg"), "sha256": hashlib.sha256(b"two").hexdigest()},
        ],
    }
    notebook = tiny_notebook(tmp_path, "print(1)")
    result = runner.execute(notebook, "quick", parameters | {"epochs": 2}, tmp_path / "out")
    assert fingerprint.read_stats(tmp_path / "out")[notebook.stem]["inputs"] == found == result.inputs
    before = fingerprint.fingerprint(notebook, parameters)
    own.write_text("a,b\n1,3\n")
    assert fingerprint.fingerprint(notebook, parameters) != before


def test_a_chapters_fingerprint_follows_only_the_helpers_it_imports(tmp_path):
    """Touching a Douban module marks 04_douban stale and leaves 01_box_office current."""
    import shutil

    from helpers.common.paths import repo_root

    for name in ("helpers", "notebooks"):
        shutil.copytree(repo_root() / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(repo_root() / "requirements.txt", tmp_path / "requirements.txt")
    box_office, douban = (tmp_path / "notebooks" / f"{stem}.ipynb" for stem in ("01_box_office", "04_douban"))
    before = fingerprint.fingerprint(box_office, {}, tmp_path), fingerprint.fingerprint(douban, {}, tmp_path)
    with (tmp_path / "helpers" / "douban" / "distill.py").open("a") as module:
        module.write("\n# an edit\n")
    assert fingerprint.fingerprint(box_office, {}, tmp_path) == before[0]
    assert fingerprint.fingerprint(douban, {}, tmp_path) != before[1]
    after_edit = fingerprint.fingerprint(douban, {}, tmp_path)
    with (tmp_path / "helpers" / "movielens" / "lite0_reference.npz").open("ab") as data_file:
        data_file.write(b"another study's data file")
    assert fingerprint.fingerprint(douban, {}, tmp_path) == after_edit
    with (tmp_path / "helpers" / "common" / "errors.py").open("a") as module:
        module.write("\n# an edit every chapter sees\n")
    assert fingerprint.fingerprint(box_office, {}, tmp_path) != before[0]


def test_helpers_files_follow_imports_through_modules():
    from helpers.common.paths import repo_root

    names = {p.name for p in notebooks.helpers_files(repo_root() / "notebooks" / "04_douban.ipynb")}
    assert {"rating_models.py", "distill.py", "layers.py", "features.py", "errors.py"} <= names
    assert not {"peers.py", "lstm.py", "tabular.py", "runner.py", "html_book.py", "lite0_reference.npz"} & names


def test_the_kernels_numpy_asks_for_no_huge_pages(tmp_path, monkeypatch):
    monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
    body = "from helpers.common import records\nimport numpy._core.multiarray as m\nrecords.record('tiny.huge', m._get_madvise_hugepage())"
    notebook = tiny_notebook(tmp_path, body)
    runner.execute(notebook, "quick", {}, tmp_path / "out")
    assert read_records(tmp_path / "out" / notebook.name) == {"tiny.huge": False}
