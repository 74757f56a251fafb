"""The class settings against the full run: what a chapter's short run in class shows of the book's story.

The class settings are the chapter manifest's ``quick`` profile (``notebooks/chapters.yml``), the one the
tests run. For each chapter this module reads the judged claims of its class run (``build/quick``) and of
its full run (``book/chapters``), lists the claims whose verdict is the same in both and those that
differ (:func:`compare_verdicts`), converts the class run's wall time to the speed of the machine the
chapters' time limits were set on (:func:`reference_seconds`), and puts the figure of each chapter's main
network beside the full run's. :func:`class_runs_markdown` writes the teaching page's section from them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from helpers.common import formatting
from helpers.common.errors import ParameterError
from helpers.common.judgement import NOT_RUN, RECORD_PREFIX, Judged
from helpers.common.paths import build_dir, repo_root
from helpers.common.records import RecordValue, read_records
from helpers.publishing import chapters as manifest
from helpers.publishing.fingerprint import read_stats

SPEED_FILE = build_dir() / "machine_speed.json"  # written by tests/machine_speed.py: {workload_s, reference_s}
CLASS_LIMIT_S = 180  # the most a chapter's class run may take at the reference speed (seconds)
QUICK_COMMAND = "python -m helpers run --profile quick --skip-current --out build/quick"
NETWORKS_FILE = Path("book") / "class_runs.yml"  # per chapter: its main network's record and its name on the page


@dataclass(frozen=True)
class Comparison:
    """The verdicts of one chapter's class run against its full run: the claims the full run judged whose
    verdict the class run repeats (``same``), and the others as (class run's, full run's) judged pairs
    (``differ``; a claim the class run did not judge is there as "not run yet")."""

    same: list[Judged]
    differ: list[tuple[Judged, Judged]]

    @property
    def judged(self) -> int:
        """How many claims the full run judged."""
        return len(self.same) + len(self.differ)


def judged_records(records: Mapping[str, RecordValue]) -> dict[str, Judged]:
    """Return every judged claim among a chapter's ``records`` by claim id (its study's and its own)."""
    return {
        name.removeprefix(RECORD_PREFIX): Judged.from_json(value)
        for name, value in records.items()
        if name.startswith(RECORD_PREFIX) and isinstance(value, str)
    }


def compare_verdicts(class_run: Mapping[str, Judged], full_run: Mapping[str, Judged]) -> Comparison:
    """Compare two runs' judged claims by id: each claim the full run judged (not "not run yet"), in the
    full run's order, is the same when the class run gave it the same verdict, else it differs (the class
    run's claim, or a "not run yet" copy of the full run's where the class run lacks it)."""
    same, differ = [], []
    for claim_id, full in full_run.items():
        if full.verdict == NOT_RUN:
            continue
        ours = class_run.get(claim_id)
        if ours is not None and ours.verdict == full.verdict:
            same.append(ours)
        else:
            missing = Judged(**{**full.__dict__, "verdict": NOT_RUN, "pairs": ()})
            differ.append((ours or missing, full))
    return Comparison(same, differ)


def reference_seconds(wall_s: float, speed: Mapping[str, float] | None) -> float:
    """Return a wall time ``wall_s`` (seconds) measured here at the reference speed: divided by how many
    times slower this machine ran the reference workload (``speed``: ``workload_s`` here, ``reference_s``
    there), never less than as measured (a faster machine is not credited, as in the tests' limits);
    unchanged when ``speed`` is None (not measured)."""
    if not speed:
        return wall_s
    return wall_s / max(1.0, speed["workload_s"] / speed["reference_s"])


def load_networks(path: Path | None = None) -> dict[str, tuple[str, str]]:
    """Return, per chapter, the record of its main network's test error and how the page names it, from
    ``path`` (default :data:`NETWORKS_FILE`). Raises ParameterError naming the file and the chapter for a
    chapter the manifest does not have or an entry without both a ``record`` and a ``label``."""
    path = path or repo_root() / NETWORKS_FILE
    entries = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("networks") or {}
    known = manifest.stems()
    networks = {}
    for chapter, entry in entries.items():
        if chapter not in known:
            raise ParameterError(f"{path}: {chapter!r} is not a chapter of the manifest ({', '.join(known)})")
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("record", "label")):
            raise ParameterError(f"{path}: {chapter}: expected a `record` and a `label`, got {entry!r}")
        networks[chapter] = (entry["record"], entry["label"])
    return networks


def read_speed(path: Path | None = None) -> dict[str, float] | None:
    """Return the machine-speed measurement at ``path`` (default :data:`SPEED_FILE`), or None if absent."""
    path = path or SPEED_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


@dataclass(frozen=True)
class ChapterClassRun:
    """One chapter's class run beside its full run: wall time (seconds, at the reference speed), the
    verdict comparison, and its main network's figure in both runs (None where not recorded)."""

    chapter: str
    seconds: float
    comparison: Comparison
    network: tuple[str, float | None, float | None] | None


def chapter_class_run(
    chapter: str,
    class_dir: Path,
    full_dir: Path,
    speed: Mapping[str, float] | None,
    networks: Mapping[str, tuple[str, str]],
) -> ChapterClassRun:
    """Return ``chapter``'s class run (executed copy and run statistics in ``class_dir``) beside its full
    run (in ``full_dir``), its time converted with ``speed`` (:func:`reference_seconds`), its main
    network's figure read from the record ``networks`` names (:func:`load_networks`)."""
    quick = read_records(class_dir / f"{chapter}.ipynb")
    full = read_records(full_dir / f"{chapter}.ipynb")
    seconds = reference_seconds(read_stats(class_dir)[chapter]["wall_s"], speed)
    network = None
    if chapter in networks:
        name, label = networks[chapter]
        network = (label, _number(quick.get(name)), _number(full.get(name)))
    return ChapterClassRun(chapter, seconds, compare_verdicts(judged_records(quick), judged_records(full)), network)


def _number(value: RecordValue | None) -> float | None:
    """Return a record that is a number, else None (a record that says it was not measured)."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def class_runs(
    class_dir: Path, full_dir: Path, chapters: list[str], speed: Mapping[str, float] | None
) -> list[ChapterClassRun]:
    """Return the class run of each of ``chapters`` that has an executed copy and run statistics in both
    ``class_dir`` and ``full_dir``, in the given order."""
    ran, networks = read_stats(class_dir), load_networks()
    return [
        chapter_class_run(chapter, class_dir, full_dir, speed, networks)
        for chapter in chapters
        if chapter in ran and (class_dir / f"{chapter}.ipynb").is_file() and (full_dir / f"{chapter}.ipynb").is_file()
    ]


def duration(seconds: float) -> str:
    """Return a run time for the page: whole seconds under a minute and a half, else minutes."""
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.1f} min"


def _quoted(judged: Judged) -> str:
    """Return a claim's text as the page quotes it."""
    return f"“{judged.text}”"


def _network_cell(network: tuple[str, float | None, float | None] | None) -> str:
    """Return the table cell of a chapter's main network: its figure in the class and the full run, and
    how far the class run's is from the full run's."""
    if network is None:
        return "no network"
    label, ours, full = network
    if ours is None or full is None:
        return f"{label}: not recorded"
    gap = formatting.percent(abs(ours - full) / full, 0)
    return f"{label}: {formatting.metric(ours)} in class, {formatting.metric(full)} in the full run ({gap} apart)"


def class_runs_markdown(runs: list[ChapterClassRun], full_profile: str, speed_known: bool) -> str:
    """Return the teaching page's section on the class runs: a table per chapter of the class run's time,
    the verdicts it shares with the full run and its main network's figure beside the full run's, then the
    claims whose verdicts differ, named. ``full_profile`` is the profile of the run the book was built from
    (a book built from the class runs has no full run to compare with); ``speed_known`` whether the times
    are at the reference speed. Without runs, it says how to make them."""
    if not runs:
        return (
            "The class runs have not been made for this build. From a checkout of the book, "
            f"`{QUICK_COMMAND}` makes them (a few minutes) and the next build of the book shows them here.\n"
        )
    titles = {run.chapter: manifest.chapter(run.chapter).short_title for run in runs}
    time = "class run" if speed_known else "class run (as measured: this machine's speed is not known)"
    rows = []
    for run in runs:
        compared = run.comparison
        verdicts = f"{len(compared.same)} of {compared.judged}" if compared.judged else "no claims judged"
        rows.append(
            {
                "chapter": f"{{doc}}`{titles[run.chapter]} <chapters/{run.chapter}>`",
                time: duration(run.seconds),
                "verdicts of the full run it reproduces": verdicts,
                "its main network, class run against full run": _network_cell(run.network),
            }
        )
    lines = [pd.DataFrame(rows).to_markdown(index=False, disable_numparse=True), ""]
    if full_profile != "full":
        lines += ["This book was built from the class runs themselves, so its verdicts are the class runs'.", ""]
        return "\n".join(lines)
    for run in runs:
        differ = run.comparison.differ
        if not differ:
            continue
        named = [f"{_quoted(full)} (class run: {ours.verdict}; full run: {full.verdict})" for ours, full in differ]
        lines += [f"**{titles[run.chapter]}**: the verdicts that differ are {formatting.listing(named, 'and')}.", ""]
    return "\n".join(lines)


def class_runs_page(class_dir: Path, full_dir: Path, chapters: list[str], speed_file: Path | None = None) -> str:
    """Return the teaching page's class-run section for the book's ``chapters``: class runs in
    ``class_dir``, the book's runs in ``full_dir``, the machine's speed from ``speed_file`` (default
    :data:`SPEED_FILE`)."""
    speed = read_speed(speed_file)
    built = read_stats(full_dir)
    profile = next((stats["profile"] for stats in built.values()), "full")
    return class_runs_markdown(class_runs(class_dir, full_dir, chapters, speed), profile, speed is not None)
