"""Downloads with pooch against a real HTTP server on 127.0.0.1: verified files land, bad ones leave nothing
behind (neither beside the target nor in the temporary download directory), and the next source is tried."""

import contextlib
import hashlib
import io
import logging
import re
import tempfile
import time
import zipfile
from http.server import BaseHTTPRequestHandler

import pooch
import pytest
from conftest import serve

from helpers import __main__ as cli
from helpers.common.errors import DataError
from helpers.datasets import download, registry
from helpers.datasets.registry import DataFile, Dataset, Source

GOOD = b"userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n" * 50
GOOD_SHA = hashlib.sha256(GOOD).hexdigest()


def zipped(member: str, body: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, body)
    return buffer.getvalue()


ROUTES = {
    "/good.csv": GOOD,
    "/other.csv": b"a different file\n",
    "/with-header.csv": b"MovieID,Year,Title\n" + GOOD,
    "/archive.zip": zipped("inner/good.csv", GOOD),
    "/other-archive.zip": zipped("inner/good.csv", b"a different file\n"),
}
STALL_S = 1.0
SHORT_TIMEOUT_S = 0.2


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the http.server API)
        if self.path == "/drop.csv":
            self.send_response(200)
            self.send_header("Content-Length", str(len(GOOD)))
            self.end_headers()
            self.wfile.write(GOOD[:100])
            self.wfile.flush()
            self.close_connection = True
            return
        if self.path == "/stall.csv":
            self.send_response(200)
            self.send_header("Content-Length", str(len(GOOD)))
            self.end_headers()
            time.sleep(STALL_S)
            with contextlib.suppress(OSError):
                self.wfile.write(GOOD)
            return
        body = ROUTES.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    with serve(Handler) as url:
        yield url


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """The folder that temporary download directories go to, for checking that they are removed."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def target_dir(tmp_path):
    return tmp_path / "data"


def test_good_file_is_verified_and_renamed_into_place(server, target_dir):
    target = target_dir / "ratings.csv"
    assert download.download(DataFile("ratings.csv", GOOD_SHA, (Source(f"{server}/good.csv"),)), target) == target
    assert target.read_bytes() == GOOD
    assert leftovers(target_dir) == ["ratings.csv"]


def test_checksum_mismatch_leaves_no_file(server, target_dir):
    target = target_dir / "ratings.csv"
    with pytest.raises(DataError, match=r"other\.csv: SHA256 hash of downloaded file .* but got [0-9a-f]{64}"):
        download.download(DataFile("ratings.csv", GOOD_SHA, (Source(f"{server}/other.csv"),)), target)
    assert leftovers(target_dir) == []


def test_connection_dropped_mid_transfer_leaves_no_file(server, target_dir):
    target = target_dir / "ratings.csv"
    with pytest.raises(DataError, match=r"ratings\.csv: no source gave a verified copy:\n  http://\S+/drop\.csv: "):
        download.download(DataFile("ratings.csv", GOOD_SHA, (Source(f"{server}/drop.csv"),)), target)
    assert leftovers(target_dir) == []


def test_a_stalled_server_times_out_with_the_given_downloader_and_leaves_no_file(server, target_dir):
    target = target_dir / "ratings.csv"
    downloader = pooch.HTTPDownloader(timeout=SHORT_TIMEOUT_S, progressbar=False)
    started = time.monotonic()
    with pytest.raises(DataError, match=r"stall\.csv: .*[Tt]imed? ?out"):
        download.download(DataFile("ratings.csv", GOOD_SHA, (Source(f"{server}/stall.csv"),)), target, downloader)
    assert time.monotonic() - started < STALL_S
    assert leftovers(target_dir) == []


def test_missing_url_falls_back_to_the_next_source(server, target_dir):
    target = target_dir / "ratings.csv"
    sources = (Source(f"{server}/gone.csv"), Source(f"{server}/good.csv"))
    download.download(DataFile("ratings.csv", GOOD_SHA, sources), target)
    assert target.read_bytes() == GOOD
    assert leftovers(target_dir) == ["ratings.csv"]


def test_a_corrupt_source_falls_back_to_the_next_and_all_failing_lists_each(server, target_dir, scratch):
    target = target_dir / "ratings.csv"
    bad = (Source(f"{server}/other.csv"), Source(f"{server}/other-archive.zip", member="inner/good.csv"))
    download.download(
        DataFile("ratings.csv", GOOD_SHA, (*bad, Source(f"{server}/with-header.csv", skip_lines=1))), target
    )
    assert target.read_bytes() == GOOD
    target.unlink()
    with pytest.raises(DataError) as failure:
        download.download(DataFile("ratings.csv", GOOD_SHA, (*bad, Source(f"{server}/gone.csv"))), target)
    lines = str(failure.value).splitlines()
    assert lines[0] == f"{target}: no source gave a verified copy:"
    assert [line.split(": ", 1)[0].strip() for line in lines[1:]] == [
        f"{server}/other.csv",
        f"{server}/other-archive.zip",
        f"{server}/gone.csv",
    ]
    assert "of the file made from the download does not match the registry's" in lines[2] and "404" in lines[3]
    assert leftovers(target_dir) == [] and leftovers(scratch) == []


class Recorder(logging.Handler):
    """A logging handler that keeps every record it is handed."""

    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def pooch_log():
    """The records pooch's logger lets through while the test runs."""
    recorder = Recorder()
    pooch.get_logger().addHandler(recorder)
    yield recorder.records
    pooch.get_logger().removeHandler(recorder)


def test_zip_member_and_skipped_header(server, target_dir, scratch, pooch_log):
    download.download(
        DataFile("a.csv", GOOD_SHA, (Source(f"{server}/archive.zip", member="inner/good.csv"),)), target_dir / "a.csv"
    )
    download.download(
        DataFile("b.csv", GOOD_SHA, (Source(f"{server}/with-header.csv", skip_lines=1),)), target_dir / "b.csv"
    )
    assert (target_dir / "a.csv").read_bytes() == GOOD == (target_dir / "b.csv").read_bytes()
    assert leftovers(target_dir) == ["a.csv", "b.csv"] and leftovers(scratch) == []
    assert pooch_log == []  # pooch logs each download, and the hash of unchecked ones, at INFO: kept quiet


@pytest.mark.parametrize(
    ("path", "member", "skip_lines", "error"),
    [
        ("/other-archive.zip", "inner/good.csv", 0, "does not match the registry's"),
        ("/archive.zip", "inner/absent.csv", 0, "cannot take 'inner/absent.csv' from the archive"),
        ("/good.csv", "inner/good.csv", 0, "cannot take 'inner/good.csv' from the archive"),
        ("/drop.csv", None, 1, "drop.csv: "),
    ],
)
def test_a_failed_extraction_leaves_nothing_behind(server, target_dir, scratch, path, member, skip_lines, error):
    target = target_dir / "a.csv"
    with pytest.raises(DataError, match=re.escape(error)):
        download.download(DataFile("a.csv", GOOD_SHA, (Source(server + path, member, skip_lines),)), target)
    assert leftovers(target_dir) == [] and leftovers(scratch) == []


@pytest.fixture
def tiny_dataset(server, monkeypatch):
    ds = Dataset(
        "tiny",
        "tiny",
        "a tiny test data set",
        "none",
        (DataFile("ratings.csv", GOOD_SHA, (Source(f"{server}/good.csv"),)),),
    )
    monkeypatch.setitem(registry.DATASETS, "tiny", ds)
    return ds


def test_fetch_downloads_only_what_is_missing_then_verifies(tiny_dataset, tmp_path):
    assert download.verify("tiny", tmp_path) != []
    assert download.fetch("tiny", tmp_path, log=lambda _: None) == [tmp_path / "tiny" / "ratings.csv"]
    assert download.fetch("tiny", tmp_path, log=lambda _: None) == []
    assert download.verify("tiny", tmp_path) == []


def test_data_command_exit_codes(tiny_dataset, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BOOK_DATA_DIR", str(tmp_path))
    assert cli.main(["data", "verify", "tiny"]) == 1
    assert "ratings.csv: missing" in capsys.readouterr().out
    assert cli.main(["data", "fetch", "tiny"]) == 0
    (tmp_path / "tiny" / "ratings.csv").write_bytes(b"corrupted")
    assert cli.main(["data", "verify", "tiny"]) == 1
    assert "does not match the registry's" in capsys.readouterr().out
    assert cli.main(["data", "verify", "nope"]) == 2
    assert "unknown data set 'nope'" in capsys.readouterr().err


def test_verify_reports_an_empty_file(tiny_dataset, tmp_path):
    (tmp_path / "tiny").mkdir()
    (tmp_path / "tiny" / "ratings.csv").write_bytes(b"")
    assert download.verify("tiny", tmp_path) == [
        f"{tmp_path / 'tiny' / 'ratings.csv'}: empty (0 bytes). Delete it and fetch again."
    ]


def test_a_data_root_that_does_not_exist_is_one_line_naming_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BOOK_DATA_DIR", str(tmp_path / "nowhere"))
    assert cli.main(["data", "verify"]) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and str(tmp_path / "nowhere") in lines[0] and "$BOOK_DATA_DIR" in lines[0]
    assert "set BOOK_DATA_DIR" in lines[0]


def test_verify_prints_one_line_per_data_set_and_verbose_one_per_file(tiny_dataset, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BOOK_DATA_DIR", str(tmp_path))
    (tmp_path / "tiny").mkdir()
    assert cli.main(["data", "verify", "tiny"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("tiny: 1 missing of 1 files; first: ") and "ratings.csv: missing" in out[1]
    assert len(out) == 2
    assert cli.main(["data", "verify", "tiny", "--verbose"]) == 1
    assert (
        capsys.readouterr()
        .out.splitlines()[2]
        .strip()
        .endswith("ratings.csv: missing. " + download.FETCH_HINT.format(name="tiny"))
    )


def git_blob_id(body: bytes, tmp_path) -> str:
    """The blob id git itself gives ``body`` (`git hash-object`): the independent expectation."""
    import subprocess

    path = tmp_path / "blob"
    path.write_bytes(body)
    return subprocess.run(["git", "hash-object", str(path)], capture_output=True, text=True, check=True).stdout.strip()


def test_a_file_known_by_its_git_blob_id_is_checked_as_git_checks_it(tmp_path):
    item = DataFile("data.csv", "", (), git_blob=git_blob_id(GOOD, tmp_path))
    assert item.digest(GOOD) == item.expected
    assert item.digest(GOOD + b"x") != item.expected


@pytest.fixture
def with_optional(server, monkeypatch, tmp_path):
    """The tiny data set with an optional file known by its git blob id, served at ``/good.csv``."""

    def make(route: str) -> Dataset:
        optional = DataFile(
            "full.csv", "", (Source(f"{server}{route}"),), git_blob=git_blob_id(GOOD, tmp_path), optional=True
        )
        ds = Dataset(
            "tiny",
            "tiny",
            "a tiny test data set",
            "none",
            (DataFile("ratings.csv", GOOD_SHA, (Source(f"{server}/good.csv"),)), optional),
        )
        monkeypatch.setitem(registry.DATASETS, "tiny", ds)
        return ds

    return make


def test_an_optional_file_is_fetched_and_checked_by_its_git_blob_when_a_source_gives_it(with_optional, tmp_path):
    with_optional("/good.csv")
    root = tmp_path / "root"
    written = download.fetch("tiny", root, log=lambda _: None)
    assert written == [root / "tiny" / "ratings.csv", root / "tiny" / "full.csv"]
    assert download.verify("tiny", root) == []
    (root / "tiny" / "full.csv").write_bytes(b"another file")
    assert "full.csv: git blob" in download.verify("tiny", root)[0]


def test_an_optional_file_no_source_gives_is_reported_and_the_data_set_stays_complete(with_optional, tmp_path):
    with_optional("/missing.csv")
    root, said = tmp_path / "root", []
    assert download.fetch("tiny", root, log=said.append) == [root / "tiny" / "ratings.csv"]
    assert any("the optional full.csv was not fetched" in line for line in said)
    assert not (root / "tiny" / "full.csv").exists() and leftovers(root / "tiny") == ["ratings.csv"]
    assert download.verify("tiny", root) == []
    summary = download.summary("tiny", download.check_files("tiny", root))
    assert summary == "tiny: ok (1 files; optional, not downloaded: full.csv)"


def test_an_optional_file_with_the_wrong_blob_is_refused_and_leaves_nothing(with_optional, tmp_path):
    with_optional("/other.csv")
    root, said = tmp_path / "root", []
    download.fetch("tiny", root, log=said.append)
    assert leftovers(root / "tiny") == ["ratings.csv"]
    assert any("does not match the registry's" in line for line in said)


def test_the_studys_full_douyin_data_is_registered_as_optional_by_its_blob():
    item = next(f for f in registry.dataset("douyin").files if f.path == "data.csv")
    # the blob id the study's repository lists for data.csv (ScofieldaCreep/ECommerce_Performance_LSTM)
    assert item.optional and item.expected == "0828ac9d2dbb961b50f57ba53d3cfef3664715ee"
    assert item.sources[0].url.endswith("/1b57e797e5d67000fb64c9d592a6c26585880433/data.csv")
