"""The studies whose claims the book judges: each study chapter's claims module, and the judged claims
of the executed chapters, read back from their records.

A study chapter is a chapter of the manifest whose package has a ``claims`` module (``CLAIMS``, in report
order, and the book's ``OWN_QUESTIONS``); its study is named by the chapter's short title.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from types import ModuleType

from helpers.common.judgement import NOT_RUN, RECORD_PREFIX, Judged, judged_of
from helpers.common.records import read_records
from helpers.publishing import chapters

CLAIMS_MODULE = "claims"  # the module of a study package that holds its study's claims


def _claims_modules() -> dict[str, ModuleType]:
    """The claims module of each study chapter, by chapter, in the book's order."""
    return {
        chapter.stem: importlib.import_module(chapter.module(CLAIMS_MODULE))
        for chapter in chapters.chapters()
        if importlib.util.find_spec(chapter.module(CLAIMS_MODULE)) is not None
    }


CLAIMS_MODULES: dict[str, ModuleType] = _claims_modules()
STUDIES = {stem: chapters.chapter(stem).short_title for stem in CLAIMS_MODULES}  # the study's name, by chapter


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
