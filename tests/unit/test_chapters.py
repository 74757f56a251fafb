"""The chapter manifest: read and checked, with errors that name the file, the chapter and the key; the table
of contents and the quick order made from it; example files checked against it."""

import textwrap

import pytest
import yaml

from helpers.publishing import chapters, examples
from helpers.publishing.chapters import ManifestError

HEAD = """\
root: book/intro
pages: {caption: The book, files: [book/results]}
chapters:
"""
FIRST = """\
  - stem: 07_first
    title: "First: a study"
    short_title: First
    part: Chapters
    package: first
    quick_order: 2
    quick_limit_s: 60
    profiles:
      quick: {epochs: 1}
"""
SECOND = """\
  - stem: 08_second
    title: Second
    short_title: Second
    part: Appendix
    package: second
    quick_order: 1
    quick_limit_s: 90
    full_limit_s: 600
    example_files: [mine.csv]
"""


def manifest(tmp_path, *entries: str):
    """Write a manifest of ``entries`` (and an empty notebook for each stem) in ``tmp_path``; return its path."""
    path = tmp_path / "chapters.yml"
    path.write_text(HEAD + "".join(entries), encoding="utf-8")
    for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["chapters"]:
        (tmp_path / f"{entry['stem']}.ipynb").write_text("{}", encoding="utf-8")
    return path


def test_a_manifest_reads_into_chapters_with_the_profiles_filled_in(tmp_path):
    book = chapters.load(manifest(tmp_path, FIRST, SECOND))
    first, second = book.chapters
    assert (first.stem, first.package, first.quick_limit_s, first.full_limit_s) == ("07_first", "first", 60, None)
    assert first.profiles == {"quick": {"epochs": 1}, "full": {}}
    assert second.profiles == {"quick": {}, "full": {}} and second.example_files == ("mine.csv",)
    assert first.module("claims") == "helpers.first.claims"


def test_the_table_of_contents_groups_chapters_by_part_then_the_books_pages(tmp_path):
    book = chapters.load(manifest(tmp_path, FIRST, SECOND))
    assert chapters.toc(book) == {
        "format": "jb-book",
        "root": "book/intro",
        "parts": [
            {"caption": "Chapters", "chapters": [{"file": "book/chapters/07_first"}]},
            {"caption": "Appendix", "chapters": [{"file": "book/chapters/08_second"}]},
            {"caption": "The book", "chapters": [{"file": "book/results"}]},
        ],
    }
    assert chapters.toc_files(book) == [
        "book/intro",
        "book/chapters/07_first",
        "book/chapters/08_second",
        "book/results",
    ]


def test_the_numbered_parts_are_marked_in_the_table_of_contents_and_must_be_parts(tmp_path):
    path = manifest(tmp_path, FIRST, SECOND)
    path.write_text(
        path.read_text(encoding="utf-8").replace("chapters:\n", "numbered_parts: [Appendix]\nchapters:\n", 1)
    )
    parts = chapters.toc(chapters.load(path))["parts"]
    assert [part.get("numbered", False) for part in parts] == [False, True, False]
    path.write_text(path.read_text(encoding="utf-8").replace("[Appendix]", "[Appendices]"))
    with pytest.raises(ManifestError, match=r"chapters.yml: numbered_parts: expected a list of the chapters' parts"):
        chapters.load(path)


def test_a_study_chapter_gives_its_row_of_the_landing_pages_table_of_studies(tmp_path):
    from helpers.publishing import pages

    study = '    study: {report: "报告 (\\"A report\\"), 2024", authors: "张三 (Zhang San)", method: "an LSTM"}\n'
    book = chapters.load(manifest(tmp_path, FIRST + study, SECOND))
    assert book.chapters[0].study == {
        "report": '报告 ("A report"), 2024',
        "authors": "张三 (Zhang San)",
        "method": "an LSTM",
    }
    lines = pages.studies_markdown(book).splitlines()
    assert len(lines) == 3  # the header, its rule and the one study: the appendix names no study
    assert [cell.strip() for cell in lines[2].strip("|").split("|")] == [
        "{doc}`First <chapters/07_first>`",
        '报告 ("A report"), 2024',
        "张三 (Zhang San)",
        "an LSTM",
    ]
    with pytest.raises(ManifestError, match=r"chapter 07_first: study: expected the texts \['report', 'authors'"):
        chapters.load(manifest(tmp_path, FIRST + "    study: {report: R, authors: A}\n"))


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda e: e.replace("    quick_limit_s: 60\n", ""), r"chapter 07_first: missing key\(s\) \['quick_limit_s'\]"),
        (lambda e: e + "    colour: blue\n", r"chapter 07_first: unknown key\(s\) \['colour'\]"),
        (lambda e: e.replace("quick_order: 2", "quick_order: two"), r"chapter 07_first: quick_order: expected int"),
        (lambda e: e.replace("quick_limit_s: 60", "quick_limit_s: -5"), r"quick_limit_s: expected a positive number"),
        (lambda e: e.replace("stem: 07_first", "stem: First"), r"chapter First: stem: 'First' is not a notebook name"),
        (lambda e: e.replace("quick: {epochs: 1}", "fast: {epochs: 1}"), r"profiles: unknown profile\(s\) \['fast'\]"),
        (lambda e: e.replace("quick: {epochs: 1}", "quick: [1]"), r"profiles.quick: expected a mapping"),
    ],
)
def test_a_bad_key_is_named_with_the_file_and_the_chapter(tmp_path, change, words):
    path = manifest(tmp_path, change(FIRST))
    with pytest.raises(ManifestError, match=rf"^{tmp_path / 'chapters.yml'}: .*{words}"):
        chapters.load(path)


def test_a_stem_or_a_quick_place_given_twice_is_refused(tmp_path):
    with pytest.raises(ManifestError, match=r"stem: \['07_first'\] given to more than one chapter"):
        chapters.load(manifest(tmp_path, FIRST, FIRST))
    with pytest.raises(ManifestError, match=r"quick_order: \[2\] given to more than one chapter"):
        chapters.load(manifest(tmp_path, FIRST, SECOND.replace("quick_order: 1", "quick_order: 2")))


def test_a_chapter_without_its_notebook_or_a_split_part_is_refused(tmp_path):
    path = manifest(tmp_path, FIRST)
    (tmp_path / "07_first.ipynb").unlink()
    with pytest.raises(ManifestError, match=r"chapter 07_first: stem: no notebook .*07_first.ipynb"):
        chapters.load(path)
    third = FIRST.replace("07_first", "09_third").replace("quick_order: 2", "quick_order: 3")
    with pytest.raises(ManifestError, match=r"chapter 09_third: part: 'Chapters' is split by another part"):
        chapters.load(manifest(tmp_path, FIRST, SECOND, third))


def test_a_file_that_is_not_a_manifest_says_what_it_needs(tmp_path):
    path = tmp_path / "chapters.yml"
    path.write_text(textwrap.dedent("chapters: []\n"), encoding="utf-8")
    with pytest.raises(ManifestError, match="expected a non-empty list of chapters under the key `chapters`"):
        chapters.load(path)


def test_the_books_manifest_runs_the_longest_chapters_first_and_each_once():
    order = chapters.quick_order()
    assert sorted(order) == sorted(chapters.stems())
    assert [chapters.chapter(stem).quick_order for stem in order] == sorted(c.quick_order for c in chapters.chapters())


def test_an_unknown_chapter_is_named_with_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown chapter 'nope'; chapters: 00_data, "):
        chapters.chapter("nope")


def test_a_package_that_writes_files_the_manifest_does_not_list_is_refused(tmp_path, monkeypatch):
    stem = examples.example_chapters()[0]
    listed = chapters.chapter(stem)
    monkeypatch.setattr(chapters, "chapter", lambda name: listed.__class__(**{**vars(listed), "example_files": ("x",)}))
    with pytest.raises(ValueError, match=rf"{stem}: .*write_example wrote .* and not \['x'\]; the chapter manifest"):
        examples.write_examples(tmp_path, [stem])
