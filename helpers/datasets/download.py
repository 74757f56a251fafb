"""Verify data files against the registry's checksums and download missing ones safely.

A download goes to a temporary name beside its target, is checked against its sha256, and only
then renamed into place: an interrupted or corrupt download never leaves a file behind.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import os
import tempfile
import urllib.request
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from helpers.common.errors import DataError
from helpers.common.paths import data_root, require_data_root
from helpers.datasets.registry import DataFile, Dataset, Source, dataset

CHUNK = 1 << 20
TIMEOUT_S = 60
FETCH_HINT = (
    "Run `make data` (or `python -m helpers data fetch {name}`), "
    "or set BOOK_DATA_DIR to the folder that holds the data."
)


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of the file at ``path``."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def expected_files(ds: Dataset, folder: Path) -> Iterator[tuple[Path, str]]:
    """Yield ``(path, sha256)`` for every file of ``ds`` under ``folder``, manifest entries included."""
    for item in ds.files:
        yield folder / item.path, item.sha256
    if ds.manifest is not None:
        for name, digest in ds.manifest.entries():
            yield folder / name, digest


FileState = Literal["ok", "missing", "empty", "mismatch"]
SHOWN_PROBLEMS = 3


@dataclass(frozen=True)
class FileCheck:
    """One file of a data set as found on disk: its path, its state (``ok``, ``missing``, ``empty``
    or ``mismatch``), the registry's sha256 and, when it was read, the file's own."""

    path: Path
    state: FileState
    expected: str
    actual: str | None = None

    def describe(self, name: str) -> str:
        """Return one line saying what is wrong with the file of data set ``name`` and what to do."""
        if self.state == "missing":
            return f"{self.path}: missing. {FETCH_HINT.format(name=name)}"
        if self.state == "empty":
            return f"{self.path}: empty (0 bytes). Delete it and fetch again."
        if self.state == "mismatch":
            return (
                f"{self.path}: sha256 {self.actual} does not match the registry's {self.expected}. "
                "The file is corrupt or a different version: delete it and fetch again."
            )
        return f"{self.path}: ok"


def check_files(name: str, root: Path | None = None) -> list[FileCheck]:
    """Return a :class:`FileCheck` for every file of data set ``name`` under ``root`` (default: the data
    root). Raises DataError in one line if the data root itself does not exist."""
    ds = dataset(name)
    folder = require_data_root(root) / ds.folder
    checks = []
    for path, digest in expected_files(ds, folder):
        if not path.is_file():
            checks.append(FileCheck(path, "missing", digest))
        elif path.stat().st_size == 0:
            checks.append(FileCheck(path, "empty", digest))
        else:
            actual = sha256_of(path)
            checks.append(FileCheck(path, "ok" if actual == digest else "mismatch", digest, actual))
    return checks


def summary(name: str, checks: list[FileCheck]) -> str:
    """Return one line for data set ``name``: ``ok (N files)``, or the count of each problem and the
    first problem file named."""
    bad = [check for check in checks if check.state != "ok"]
    if not bad:
        return f"{name}: ok ({len(checks)} files)"
    counts = Counter(check.state for check in bad)
    parts = ", ".join(f"{count} {state}" for state, count in sorted(counts.items()))
    return f"{name}: {parts} of {len(checks)} files; first: {bad[0].describe(name)}"


def verify(name: str, root: Path | None = None) -> list[str]:
    """Check every file of data set ``name`` under ``root`` (default: the data root).

    Returns one human-readable problem per missing, empty or mismatching file; an empty list
    means the data set is complete and intact.
    """
    return [check.describe(name) for check in check_files(name, root) if check.state != "ok"]


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


Opener = Callable[[str], io.BufferedIOBase]


def _open_url(url: str) -> io.BufferedIOBase:
    """Open ``url`` for reading with the module's timeout."""
    return urllib.request.urlopen(url, timeout=TIMEOUT_S)  # noqa: S310 (http/https URLs from the registry)


def _read_source(source: Source, opener: Opener) -> bytes:
    """Return the bytes of ``source``: the whole download, a zip member of it, minus skipped lines.

    Raises DataError if the transfer breaks off before the announced length arrives.
    """
    try:
        with opener(source.url) as response:
            expected = response.headers.get("Content-Length") if hasattr(response, "headers") else None
            body = response.read()
    except (OSError, ValueError, http.client.HTTPException) as err:
        raise DataError(f"download of {source.url} failed: {err!r}") from None
    if expected is not None and len(body) != int(expected):
        raise DataError(f"download of {source.url} broke off: got {len(body)} of {expected} bytes")
    if source.member is not None:
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                body = archive.read(source.member)
        except (zipfile.BadZipFile, KeyError) as err:
            raise DataError(f"{source.url}: cannot take {source.member!r} from the archive: {err}") from None
    if source.skip_lines:
        body = body.split(b"\n", source.skip_lines)[-1]
    return body


def download(item: DataFile, target: Path, opener: Opener = _open_url) -> Path:
    """Fetch ``item`` into ``target`` from the first of its sources that yields the right sha256.

    The bytes are written to a temporary file beside ``target``, checked, and renamed into
    place; on any failure the temporary file is removed and DataError lists what each source did.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    failures = []
    for source in item.sources:
        try:
            body = _read_source(source, opener)
        except DataError as err:
            failures.append(str(err))
            continue
        actual = hashlib.sha256(body).hexdigest()
        if actual != item.sha256:
            failures.append(f"{source.url}: sha256 {actual} does not match the registry's {item.sha256}")
            continue
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(body)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target
    raise DataError(f"{target}: no source gave a verified copy:\n  " + "\n  ".join(failures))


def fetch(
    name: str, root: Path | None = None, opener: Opener = _open_url, log: Callable[[str], None] = print
) -> list[Path]:
    """Download every missing file of data set ``name`` under ``root``; return the paths written.

    Files already present are left alone (run :func:`verify` to check them).
    """
    ds = dataset(name)
    folder = (root or data_root()) / ds.folder
    items = list(ds.files)
    if ds.manifest is not None:
        prefix = ds.manifest.url_prefix
        items += [DataFile(entry, digest, (Source(prefix + entry),)) for entry, digest in ds.manifest.entries()]
    written = []
    for item in items:
        if not (folder / item.path).is_file():
            log(f"fetching {name}: {item.path}")
            written.append(download(item, folder / item.path, opener))
    return written
