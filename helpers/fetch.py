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
from collections.abc import Callable, Iterator
from pathlib import Path

from helpers.errors import DataError
from helpers.paths import data_root
from helpers.registry import DataFile, Dataset, Source, dataset

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


def verify(name: str, root: Path | None = None) -> list[str]:
    """Check every file of data set ``name`` under ``root`` (default: the data root).

    Returns one human-readable problem per missing, empty or mismatching file; an empty list
    means the data set is complete and intact.
    """
    ds = dataset(name)
    folder = (root or data_root()) / ds.folder
    problems = []
    for path, digest in expected_files(ds, folder):
        if not path.is_file():
            problems.append(f"{path}: missing. {FETCH_HINT.format(name=name)}")
        elif path.stat().st_size == 0:
            problems.append(f"{path}: empty (0 bytes). Delete it and fetch again.")
        elif (actual := sha256_of(path)) != digest:
            problems.append(
                f"{path}: sha256 {actual} does not match the registry's {digest}. "
                "The file is corrupt or a different version: delete it and fetch again."
            )
    return problems


def require_verified(name: str, root: Path | None = None) -> None:
    """Raise DataError listing every problem :func:`verify` finds with data set ``name``."""
    problems = verify(name, root)
    if problems:
        raise DataError(f"data set {name!r} failed verification:\n  " + "\n  ".join(problems))


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
