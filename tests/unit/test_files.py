"""The book's write-then-rename step (helpers.common.files)."""

from pathlib import Path

import pytest

from helpers.common.files import write_atomically, write_bytes_atomically, write_text_atomically


def test_a_written_file_replaces_the_old_one_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "table.csv"
    target.write_text("old\n")
    write_text_atomically(target, "new\n")
    write_bytes_atomically(tmp_path / "raw.bin", b"\x00\x01")
    assert target.read_text() == "new\n"
    assert (tmp_path / "raw.bin").read_bytes() == b"\x00\x01"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw.bin", "table.csv"]


def test_a_failed_write_keeps_the_old_file_and_removes_the_temporary_one(tmp_path: Path) -> None:
    target = tmp_path / "table.csv"
    target.write_text("good\n")

    def half_then_fail(temporary: Path) -> int:
        temporary.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, half_then_fail)
    assert target.read_text() == "good\n"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_write_atomically_returns_what_the_writer_returns(tmp_path: Path) -> None:
    assert write_atomically(tmp_path / "rows.txt", lambda p: p.write_text("a\nb\n") and 2) == 2
