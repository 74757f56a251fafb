"""The chapters' slide decks: what of an executed chapter a deck keeps, and that a deck loads nothing remote."""

import re

import nbformat

from helpers.publishing import slides
from helpers.publishing.tags import REMOVED

PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def figure_cell(source: str = "plt.show()") -> nbformat.NotebookNode:
    output = nbformat.v4.new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"})
    return nbformat.v4.new_code_cell(source, outputs=[output])


def chapter() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    html = nbformat.v4.new_output("execute_result", data={"text/html": "<table><tr><td>claim</td></tr></table>"})
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A chapter\n\n**Original report:** {cite}`x`."),
        nbformat.v4.new_code_cell("import numpy as np", outputs=[nbformat.v4.new_output("stream", text="noise")]),
        nbformat.v4.new_markdown_cell("## The data\n\nThe films, one row each.\n\nMore text."),
        figure_cell(),
        nbformat.v4.new_markdown_cell("(x-model)=\n## The model\n\nIts loss is {glue:text}`x.loss`."),
        nbformat.v4.new_code_cell("table", outputs=[html]),  # a table that is not the claims table: left out
        nbformat.v4.new_code_cell("judgement.show_claims(judged)", outputs=[html]),
        figure_cell(),
        nbformat.v4.new_code_cell("record()", metadata={"tags": [REMOVED]}, outputs=[figure_cell().outputs[0]]),
        nbformat.v4.new_markdown_cell("## Exercises\n\nWrite it."),
    ]
    return nb


def test_a_deck_keeps_title_sections_figures_and_the_claims_table():
    deck = slides.slide_notebook(chapter()).cells
    kinds = [(c.cell_type, c.metadata["slideshow"]["slide_type"]) for c in deck]
    assert kinds == [
        ("markdown", "slide"),  # the title
        ("markdown", "slide"),  # the data, with its plain first paragraph
        ("code", "subslide"),  # its figure
        ("markdown", "slide"),  # the model: heading only (its paragraph has a role nbconvert cannot render)
        ("code", "subslide"),  # the claims table
        ("code", "subslide"),  # the figure after it; the removed cell's figure and the exercises are left out
    ]
    assert deck[0].source == "# A chapter"
    assert deck[1].source == "## The data\n\nThe films, one row each."
    assert deck[3].source == "## The model"
    assert all(c.source == "" for c in deck if c.cell_type == "code")  # no code on a slide
    assert "claim" in deck[4].outputs[0]["data"]["text/html"]


def test_a_deck_loads_every_script_and_style_from_the_local_reveal_copy():
    html = slides.export_deck(slides.slide_notebook(chapter()), slides.REVEAL_FOLDER)
    loaded = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert f"{slides.REVEAL_FOLDER}/dist/reveal.js" in loaded
    assert [url for url in loaded if re.match(r"(https?:)?//", url)] == []  # nothing from a CDN
    assert "require(" not in html and "MathJax.Hub" not in html
    assert html.count("<section") >= 6
