"""A small Sphinx extension for the book's pages (listed in ``_config.yml``'s ``sphinx.extra_extensions``).

- Each image gets a text alternative a screen reader can say: its figure's caption, or else the title of
  the section it sits in (Sphinx otherwise writes the image's hashed file name).
- The bibliographies label their entries by author and year, as the text cites them
  (:mod:`helpers.publishing.citations`).
- Each script goes into a page once: the Jupyter Book 1 stack registers two of its inline scripts twice
  (sphinx-thebe's ``const THEBE_JS_URL`` and sphinx-togglebutton's selector), and a ``const`` declared
  twice is a syntax error in every page's console.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from helpers.publishing import citations


def image_alt_text(image: nodes.image) -> str:
    """The text alternative for ``image``: the caption of the figure that holds it, else the title of
    the innermost section around it, else "Figure"."""
    parent = image.parent
    while parent is not None and not isinstance(parent, nodes.figure | nodes.section):
        parent = parent.parent
    if isinstance(parent, nodes.figure):
        captions = list(parent.findall(nodes.caption))
        if captions:
            return " ".join(captions[0].astext().split())
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    if parent is not None and parent.children and isinstance(parent.children[0], nodes.title):
        return f"Figure: {parent.children[0].astext()}"
    return "Figure"


def describe_images(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give every image of ``doctree`` without a written alternative the one :func:`image_alt_text` finds."""
    for image in doctree.findall(nodes.image):
        alt = image.get("alt", "")
        if not alt or alt == image.get("uri") or alt.endswith((".png", ".jpg", ".svg")):
            image["alt"] = image_alt_text(image)


def script_key(script: Any) -> tuple:
    """What makes two of a page's scripts the same: the file ("" for an inline one, which extensions give
    as None or as "") and its attributes, the inline body among them."""
    attributes = getattr(script, "attributes", {}) or {}
    filename = getattr(script, "filename", script) or ""
    return str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items()))


def unique_scripts(scripts: list) -> list:
    """``scripts`` with every repeat after the first left out, in their order."""
    seen: set[tuple] = set()
    kept = []
    for script in scripts:
        key = script_key(script)
        if key not in seen:
            seen.add(key)
            kept.append(script)
    return kept


def drop_repeated_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Leave each script in the page's context once (see :func:`unique_scripts`)."""
    if "script_files" in context:
        context["script_files"] = unique_scripts(context["script_files"])


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the citation style with pybtex and the extension's two steps with Sphinx."""
    citations.register()
    app.connect("doctree-resolved", describe_images)
    app.connect("html-page-context", drop_repeated_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
