"""The studies whose claims the book judges: each study chapter's claims module, and the judged claims
of the executed chapters, read back from their records."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from helpers.box_office import claims as box_office
from helpers.common.judgement import NOT_RUN, RECORD_PREFIX, Judged, judged_of
from helpers.common.records import read_records
from helpers.douban import claims as douban
from helpers.douyin import claims as douyin
from helpers.movielens import claims as movielens
from helpers.netflix import claims as netflix

CLAIMS_MODULES: dict[str, ModuleType] = {
    module.CHAPTER: module for module in (box_office, movielens, douyin, douban, netflix)
}
STUDIES = {chapter: module.STUDY for chapter, module in CLAIMS_MODULES.items()}  # the study's name, by chapter


def judged_claims(executed: Path, chapters: list[str]) -> dict[str, tuple[list[Judged], list[Judged]]]:
    """Return, for each study chapter, its study's claims as judged by its executed copy in ``executed``
    (a claim it did not judge, or a chapter not in ``chapters`` or not executed, is "not run yet") and
    the other questions the chapter judged with the same rules (the book's own, such as "does the LSTM
    beat persistence"), each in the order recorded."""
    found = {}
    for chapter, module in CLAIMS_MODULES.items():
        notebook = executed / f"{chapter}.ipynb"
        records = read_records(notebook) if chapter in chapters and notebook.is_file() else {}
        study = judged_of(module.CLAIMS, records)
        known = {claim.id for claim in module.CLAIMS}
        own = [
            Judged.from_json(value)
            for name, value in records.items()
            if name.startswith(RECORD_PREFIX) and name.removeprefix(RECORD_PREFIX) not in known
        ]
        found[chapter] = (study, own)
    return found


def claims_entries(judged: dict[str, tuple[list[Judged], list[Judged]]]) -> list[dict]:
    """Return the entries of ``claims.json``: every judged claim of every chapter (study's and the
    book's own), each ordering's pairs as entries of their own (:meth:`Judged.export`); claims not run
    yet have no numbers and are left out."""
    return [
        entry for study, own in judged.values() for j in (*study, *own) if j.verdict != NOT_RUN for entry in j.export()
    ]
