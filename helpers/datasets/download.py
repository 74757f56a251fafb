"""Verify data files against the registry's checksums and download missing ones safely, with pooch.

A plain download is streamed by :func:`pooch.retrieve` to a temporary name beside its target, checked
against the registry's sha256, and only then renamed into place. A source that needs a zip member taken
out or leading lines dropped is downloaded into a temporary directory; a pooch processor makes the final
file, checks its sha256 and renames it into place. Either way an interrupted or corrupt download never
leaves a file behind, and when one source fails the next is tried.
"""

from __future__ import annotations

import functools
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pooch
from pooch.typing import Action, Downloader

from helpers.common.errors import DataError
from helpers.common.files import write_bytes_atomically
from helpers.common.paths import data_root, require_data_root
from helpers.datasets.registry import DataFile, Dataset, Source, dataset

TIMEOUT_S = 60
FETCH_HINT = (
    "Run `make data` (or `python -m helpers data fetch {name}`), "
    "or set BOOK_DATA_DIR to the folder that holds the data."
)

pooch.get_logger().setLevel("WARNING")


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of the file at ``path``."""
    return pooch.file_hash(str(path), alg="sha256")


def items_of(ds: Dataset) -> list[DataFile]:
    """Return every file of ``ds``, the entries of its manifest included (fetched from its URL prefix)."""
    items = list(ds.files)
    if ds.manifest is not None:
        prefix = ds.manifest.url_prefix
        items += [DataFile(entry, digest, (Source(prefix + entry),)) for entry, digest in ds.manifest.entries()]
    return items


def checksum_of(item: DataFile, path: Path) -> str:
    """Return the checksum of the file at ``path`` of the kind ``item`` is registered with."""
    return item.digest(path.read_bytes()) if item.git_blob else sha256_of(path)


def expected_files(ds: Dataset, folder: Path) -> Iterator[tuple[Path, str]]:
    """Yield ``(path, checksum)`` for every required file of ``ds`` under ``folder``, manifest entries included."""
    for item in items_of(ds):
        if not item.optional:
            yield folder / item.path, item.expected


FileState = Literal["ok", "missing", "empty", "mismatch", "optional"]
SHOWN_PROBLEMS = 3


@dataclass(frozen=True)
class FileCheck:
    """One file of a data set as found on disk: its path, its state (``ok``, ``missing``, ``empty``,
    ``mismatch``, or ``optional``: an optional file not downloaded), the registry's checksum and, when it
    was read, the file's own."""

    path: Path
    state: FileState
    expected: str
    actual: str | None = None
    kind: str = "sha256"  # of the checksums: "sha256" or "git blob"

    def describe(self, name: str) -> str:
        """Return one line saying what is wrong with the file of data set ``name`` and what to do."""
        if self.state == "missing":
            return f"{self.path}: missing. {FETCH_HINT.format(name=name)}"
        if self.state == "empty":
            return f"{self.path}: empty (0 bytes). Delete it and fetch again."
        if self.state == "mismatch":
            return (
                f"{self.path}: {self.kind} {self.actual} does not match the registry's {self.expected}. "
                "The file is corrupt or a different version: delete it and fetch again."
            )
        if self.state == "optional":
            return f"{self.path}: optional, not downloaded (`python -m helpers data fetch {name}` fetches it online)"
        return f"{self.path}: ok"

    @property
    def problem(self) -> bool:
        """True when the file is missing, empty or wrong (an optional file left out is no problem)."""
        return self.state not in ("ok", "optional")


def check_files(name: str, root: Path | None = None) -> list[FileCheck]:
    """Return a :class:`FileCheck` for every file of data set ``name`` under ``root`` (default: the data
    root). Raises DataError in one line if the data root itself does not exist."""
    ds = dataset(name)
    folder = require_data_root(root) / ds.folder
    checks = []
    for item in items_of(ds):
        path, digest = folder / item.path, item.expected
        if not path.is_file():
            checks.append(FileCheck(path, "optional" if item.optional else "missing", digest))
        elif path.stat().st_size == 0:
            checks.append(FileCheck(path, "empty", digest))
        else:
            actual = checksum_of(item, path)
            checks.append(FileCheck(path, "ok" if actual == digest else "mismatch", digest, actual, item.checksum_kind))
    return checks


def summary(name: str, checks: list[FileCheck]) -> str:
    """Return one line for data set ``name``: ``ok (N files)``, or the count of each problem and the
    first problem file named."""
    bad = [check for check in checks if check.problem]
    left_out = [check.path.name for check in checks if check.state == "optional"]
    if not bad:
        tail = f"; optional, not downloaded: {', '.join(left_out)}" if left_out else ""
        return f"{name}: ok ({len(checks) - len(left_out)} files{tail})"
    counts = Counter(check.state for check in bad)
    parts = ", ".join(f"{count} {state}" for state, count in sorted(counts.items()))
    return f"{name}: {parts} of {len(checks)} files; first: {bad[0].describe(name)}"


def verify(name: str, root: Path | None = None) -> list[str]:
    """Check every file of data set ``name`` under ``root`` (default: the data root).

    Returns one human-readable problem per missing, empty or mismatching file; an empty list
    means the data set is complete and intact.
    """
    return [check.describe(name) for check in check_files(name, root) if check.problem]


def require_verified(name: str, root: Path | None = None) -> None:
    """Raise DataError if data set ``name`` has a missing, empty or mismatching file: the message
    counts the problems and names the first few."""
    problems = verify(name, root)
    if problems:
        shown = problems[:SHOWN_PROBLEMS]
        more = len(problems) - len(shown)
        tail = f"\n  ... and {more} more (`python -m helpers data verify --verbose {name}` lists them)" if more else ""
        raise DataError(
            f"data set {name!r} failed verification ({len(problems)} problem(s)):\n  " + "\n  ".join(shown) + tail
        )


def _finish(source: Source, item: DataFile, target: Path, fname: str, action: Action, pup: pooch.Pooch | None) -> str:
    """Pooch processor: make ``target`` from the download at ``fname`` of ``source``.

    Takes ``source.member`` out of the zip archive, drops ``source.skip_lines`` leading lines, checks the
    result against ``item``'s checksum and writes it into place. ``action`` and ``pup`` are pooch's and
    unused. Returns the target's path; raises DataError if the member is not there or the checksum differs.
    """
    if source.member is None:
        body = Path(fname).read_bytes()
    else:
        try:
            with zipfile.ZipFile(fname) as archive:
                body = archive.read(source.member)
        except (zipfile.BadZipFile, KeyError) as err:
            raise DataError(f"cannot take {source.member!r} from the archive: {err}") from None
    if source.skip_lines:
        body = body.split(b"\n", source.skip_lines)[-1]
    actual = item.digest(body)
    if actual != item.expected:
        raise DataError(
            f"{item.checksum_kind} {actual} of the file made from the download does not match the registry's "
            f"{item.expected}"
        )
    write_bytes_atomically(target, body)
    return str(target)


def _retrieve(source: Source, item: DataFile, target: Path, downloader: Downloader) -> None:
    """Download ``source`` into ``target`` with pooch, checked against ``item``'s checksum. Returns nothing.

    Raises whatever pooch, requests or the processor raise: OSError (requests' errors are OSErrors),
    ValueError for pooch's sha256 mismatch, DataError (a ValueError) for a bad archive member or result.
    """
    if source.member is None and not source.skip_lines and not item.git_blob:
        pooch.retrieve(
            source.url, known_hash=f"sha256:{item.sha256}", fname=target.name, path=target.parent, downloader=downloader
        )
        return
    with tempfile.TemporaryDirectory(prefix="book-download-") as scratch:
        processor = functools.partial(_finish, source, item, target)
        pooch.retrieve(source.url, known_hash=None, path=scratch, processor=processor, downloader=downloader)


def download(item: DataFile, target: Path, downloader: Downloader | None = None) -> Path:
    """Fetch ``item`` into ``target`` from the first of its sources that yields the right checksum.

    ``downloader`` is a pooch downloader (default: HTTP(S) with a ``TIMEOUT_S`` timeout, no progress bar).
    Returns ``target``. On a failed source nothing is left beside ``target`` and the next source is tried;
    if all fail, raises DataError naming ``target`` and listing what each source did.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    downloader = downloader or pooch.HTTPDownloader(timeout=TIMEOUT_S, progressbar=False)
    failures = []
    for source in item.sources:
        try:
            _retrieve(source, item, target, downloader)
        except (OSError, ValueError) as err:
            failures.append(f"{source.url}: {err}")
        else:
            return target
    raise DataError(f"{target}: no source gave a verified copy:\n  " + "\n  ".join(failures))


def fetch(
    name: str, root: Path | None = None, downloader: Downloader | None = None, log: Callable[[str], None] = print
) -> list[Path]:
    """Download every missing file of data set ``name`` under ``root`` (default: the data root) with
    ``downloader`` (see :func:`download`); return the paths written.

    Files already present are left alone (run :func:`verify` to check them). An optional file that no
    source gives (no network, say) is reported with ``log`` and left out; a required one raises DataError.
    """
    ds = dataset(name)
    folder = (root or data_root()) / ds.folder
    written = []
    for item in items_of(ds):
        if (folder / item.path).is_file():
            continue
        log(f"fetching {name}: {item.path}{' (optional)' if item.optional else ''}")
        try:
            written.append(download(item, folder / item.path, downloader))
        except DataError as err:
            if not item.optional:
                raise
            log(f"{name}: the optional {item.path} was not fetched: {err}")
    return written
