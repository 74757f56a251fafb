"""A reveal.js slide deck per chapter, made from its executed notebook with nbconvert's slides exporter.

:func:`slide_notebook` keeps of an executed chapter what a lecture shows: its title, each section's heading
with its first paragraph where that paragraph is plain text, every figure, and the closing tables of claims,
each marked as a slide or a sub-slide (cell ``metadata.slideshow``); the committed notebooks are not
touched. :func:`write_decks` exports them into the built book, ``slides/<chapter>.slides.html``, beside a
copy of reveal.js (:data:`REVEAL_VERSION`, installed by npm into :func:`reveal_dir`), through the template
``templates/slides/book_slides.html.j2``, which loads every script from that copy: the decks work offline.
"""

from __future__ import annotations

import copy
import re
import shutil
from importlib import resources
from pathlib import Path

import nbformat

from helpers.common.paths import build_dir
from helpers.publishing.tags import REMOVED

REVEAL_VERSION = "4.6.1"  # the reveal.js the decks load, from npm
REVEAL_FOLDER = "reveal.js"  # its copy beside the decks in the built book
REVEAL_PARTS = ("dist", "plugin", "LICENSE")  # what of the npm package the decks need
SLIDES_FOLDER = "slides"  # the decks' folder in the built book
DECK_SUFFIX = ".slides.html"
TEMPLATE = "book_slides.html.j2"
THEME = "white"  # reveal.js's theme whose fonts come with it (others import theirs from Google Fonts)
CLAIMS_CALL = "show_claims("  # a chapter's closing table of claims is the output of a cell that calls this
PLAIN_TEXT = re.compile(r"^[^{}$`<|:#]+$")  # a paragraph without MyST roles, maths, code, HTML or tables
LEFT_OUT = ("Exercises", "References")  # sections a lecture's deck leaves to the chapter's page
INSTALL = f"npm install --no-save --prefix build/reveal reveal.js@{REVEAL_VERSION}"


def reveal_dir() -> Path:
    """Return where ``make install`` puts reveal.js (git-ignored): ``build/reveal/node_modules/reveal.js``."""
    return build_dir() / "reveal" / "node_modules" / "reveal.js"


def _slide(cell: nbformat.NotebookNode, kind: str) -> nbformat.NotebookNode:
    """Return ``cell`` marked as a slide of ``kind`` ("slide" or "subslide")."""
    cell.metadata["slideshow"] = {"slide_type": kind}
    return cell


def _heading_slide(source: str, level: str) -> str | None:
    """Return the slide text of a markdown cell with a heading of ``level`` ("#" or "##") on a line of its
    own: the first such heading and, when plain text (:data:`PLAIN_TEXT`), the paragraph after it; None for
    a cell without one."""
    lines = source.strip().split("\n")
    where = next((i for i, line in enumerate(lines) if line.startswith(f"{level} ")), None)
    if where is None:
        return None
    paragraphs = "\n".join(lines[where + 1 :]).strip().split("\n\n")
    first = " ".join(paragraphs[0].split())
    return f"{lines[where]}\n\n{first}" if first and PLAIN_TEXT.match(first) else lines[where]


def _shown_outputs(cell: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """Return the outputs of a code cell that a deck shows: its figures (PNG) and, for the cell that draws a
    closing table of claims, that table (HTML)."""
    kept = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "image/png" in data:
            kept.append(copy.deepcopy(output))
        elif CLAIMS_CALL in cell.source and "text/html" in data:
            kept.append(copy.deepcopy(output))
    return kept


def slide_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return the deck of an executed chapter ``nb``: its title as the first slide, each ``## `` section a
    slide (its heading and plain first paragraph; the exercises and references are left to the page), and
    each figure and closing table of claims in the
    section a sub-slide with no code; cells the page removes are left out. ``nb`` is not changed."""
    deck = nbformat.v4.new_notebook(metadata=copy.deepcopy(nb.metadata))
    for cell in nb.cells:
        if REMOVED in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "markdown":
            title = _heading_slide(cell.source, "#") if not deck.cells else None
            section = _heading_slide(cell.source, "##")
            if section and section.removeprefix("## ").split("\n")[0].strip() in LEFT_OUT:
                section = None
            if title or section:
                deck.cells.append(_slide(nbformat.v4.new_markdown_cell(title or section), "slide"))
        elif cell.cell_type == "code" and deck.cells:
            outputs = _shown_outputs(cell)
            if outputs:
                shown = nbformat.v4.new_code_cell("", outputs=outputs)
                deck.cells.append(_slide(shown, "subslide"))
    return deck


def export_deck(nb: nbformat.NotebookNode, reveal_prefix: str) -> str:
    """Return the HTML of the deck ``nb`` (:func:`slide_notebook`), its reveal.js loaded from
    ``reveal_prefix`` (a path relative to the deck), code cells' input left out."""
    from nbconvert import SlidesExporter

    exporter = SlidesExporter(
        template_file=TEMPLATE,
        extra_template_paths=[str(resources.files("helpers.publishing") / "templates" / "slides")],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        reveal_url_prefix=reveal_prefix,
        reveal_theme=THEME,
    )
    body, _ = exporter.from_notebook_node(nb)
    return body


def write_decks(executed: Path, chapters: list[str], html: Path, reveal: Path | None = None) -> list[Path]:
    """Write the deck of each of ``chapters`` (executed copies in ``executed``) into the built book
    ``html``, as ``slides/<chapter>.slides.html``, with reveal.js copied from ``reveal`` (default
    :func:`reveal_dir`) beside them; return the decks. Raises RuntimeError naming the command that
    installs reveal.js when it is missing."""
    reveal = reveal or reveal_dir()
    if not (reveal / "dist" / "reveal.js").is_file():
        raise RuntimeError(f"no reveal.js at {reveal} for the slides: run `make install` (or `{INSTALL}`)")
    out = html / SLIDES_FOLDER
    shutil.rmtree(out, ignore_errors=True)
    for part in REVEAL_PARTS:
        source = reveal / part
        target = out / REVEAL_FOLDER / part
        if source.is_dir():
            shutil.copytree(source, target)
        elif source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    decks = []
    for chapter in chapters:
        nb = nbformat.read(str(executed / f"{chapter}.ipynb"), as_version=4)
        deck = out / f"{chapter}{DECK_SUFFIX}"
        deck.write_text(export_deck(slide_notebook(nb), REVEAL_FOLDER), encoding="utf-8")
        decks.append(deck)
    return decks
