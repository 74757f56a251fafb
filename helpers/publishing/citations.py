"""The book's one citation style: author and year in the text ("Koren et al., 2009", sphinxcontrib-bibtex's
``author_year`` references) and the same label before each entry of a bibliography, in place of pybtex's
"alpha" labels ("KBV09"), which matched nothing the reader had met in the text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pybtex.database import Entry
from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle

STYLE_NAME = "authoryear"  # the bibliography style `_config.yml` names (bibtex_default_style)
NO_YEAR = "n.d."  # a work without a date, as the text's references write it


def _plain(text: str) -> str:
    """``text`` without BibTeX's protecting braces ("{GroupLens}" is a name, not two)."""
    return text.replace("{", "").replace("}", "")


def author_year(entry: Entry) -> str:
    """The label of ``entry``: one author's last name, two joined by "and", three or more as the first's
    "et al.", then the year ("n.d." without one); the editors stand in for missing authors and, as in the
    text's references, the title for both."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [_plain(" ".join(person.last_names)) for person in people]
    if not names:
        who = _plain(entry.fields.get("title", entry.key))
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who}, {entry.fields.get('year', NO_YEAR)}"


class AuthorYearLabels(BaseLabelStyle):
    """pybtex's label style that gives each entry its :func:`author_year` label."""

    def format_labels(self, sorted_entries: Iterable[Entry]) -> Iterator[str]:
        """Yield the label of each entry, in order."""
        for entry in sorted_entries:
            yield author_year(entry)


class AuthorYearStyle(PlainStyle):
    """pybtex's "plain" bibliography (sorted by author, year and title) with :class:`AuthorYearLabels`."""

    default_label_style = AuthorYearLabels


def register() -> None:
    """Make the style known to pybtex under :data:`STYLE_NAME` (again is harmless)."""
    register_plugin("pybtex.style.formatting", STYLE_NAME, AuthorYearStyle, force=True)
