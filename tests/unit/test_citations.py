"""The bibliographies' labels: author and year, as sphinxcontrib-bibtex's author_year references write them
in the text (its documented forms: "Smith, 2020", "Smith and Jones, 2020", "Smith et al., 2020", "n.d.")."""

from pybtex.database import Entry, Person
from pybtex.plugin import find_plugin

from helpers.publishing import citations


def entry(authors: list[str], year: str | None = None, title: str = "A title", role: str = "author") -> Entry:
    fields = {"title": title, **({"year": year} if year else {})}
    return Entry("article", fields=fields, persons={role: [Person(name) for name in authors]} if authors else {})


def test_labels_name_one_two_or_the_first_of_many_authors_then_the_year():
    assert citations.author_year(entry(["Chollet, François"], "2015")) == "Chollet, 2015"
    assert citations.author_year(entry(["Bennett, James", "Lanning, Stan"], "2007")) == "Bennett and Lanning, 2007"
    many = ["Koren, Yehuda", "Bell, Robert", "Volinsky, Chris"]
    assert citations.author_year(entry(many, "2009")) == "Koren et al., 2009"
    assert (
        citations.author_year(entry(["Ferrari Dacrema, Maurizio", "a", "b"], "2019")) == "Ferrari Dacrema et al., 2019"
    )


def test_without_a_year_or_authors_the_label_says_so_as_the_text_does():
    assert citations.author_year(entry(["Lin, Wei"])) == "Lin, n.d."
    assert citations.author_year(entry(["Harper, F. Maxwell"], "2015", role="editor")) == "Harper, 2015"
    assert citations.author_year(entry([], title="电影票房预测")) == "电影票房预测, n.d."
    assert citations.author_year(entry(["{GroupLens}"], "1998")) == "GroupLens, 1998"  # a name kept whole by braces


def test_the_style_is_registered_under_its_name_with_these_labels():
    citations.register()
    style = find_plugin("pybtex.style.formatting", citations.STYLE_NAME)()
    entries = [entry(["Lin, Wei"], "2020"), entry(["Bennett, James", "Lanning, Stan"], "2007")]
    assert list(style.format_labels(entries)) == ["Lin, 2020", "Bennett and Lanning, 2007"]
