"""Compare the records of two sets of executed chapters, e.g. a full build before and after a refactor.

    python scripts/compare_records.py BEFORE_DIR AFTER_DIR

Each folder holds executed chapters (``NN_name.ipynb``, as in ``book/chapters/``). Every record glued in
either folder is compared for exact equality, except measured run times (names matching ``TIMED``), which
are listed apart. Prints one line per difference and a summary; exits 1 if any record differs or is
missing on one side.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path

from helpers.common.records import RecordValue, read_records

TIMED = re.compile(r"seconds|time_ratio|\.fit_s$")  # records that measure this machine's run time


def same(a: RecordValue, b: RecordValue) -> bool:
    """Return True if two record values are equal (two NaNs count as equal)."""
    both_nan = isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b)
    return both_nan or a == b


def compare(before: Path, after: Path) -> tuple[list[str], list[str], int]:
    """Return (differences, timed records, records compared) between the chapters in ``before`` and
    ``after``: a difference is a record missing on one side or with another value."""
    differences, timed, compared = [], [], 0
    stems = sorted({p.stem for p in before.glob("[0-9]*.ipynb")} | {p.stem for p in after.glob("[0-9]*.ipynb")})
    for stem in stems:
        old = read_records(before / f"{stem}.ipynb") if (before / f"{stem}.ipynb").is_file() else {}
        new = read_records(after / f"{stem}.ipynb") if (after / f"{stem}.ipynb").is_file() else {}
        for name in sorted(old.keys() | new.keys()):
            if name not in old or name not in new:
                differences.append(f"{stem}: {name} only {'after' if name in new else 'before'}")
            elif TIMED.search(name):
                timed.append(f"{stem}: {name} {old[name]!r} -> {new[name]!r}")
            else:
                compared += 1
                if not same(old[name], new[name]):
                    differences.append(f"{stem}: {name} {old[name]!r} -> {new[name]!r}")
    return differences, timed, compared


def main(argv: list[str] | None = None) -> int:
    """Command line: compare two folders of executed chapters; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    differences, timed, compared = compare(args.before, args.after)
    for line in differences:
        print("differs:", line)
    for line in timed:
        print("run time, not compared:", line)
    print(f"{compared} records compared, {len(differences)} differ, {len(timed)} run times not compared")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
