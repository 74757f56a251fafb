"""Annotating an executed chapter for the page: the run note, the settings table, bookkeeping cells hidden;
the landing page's repository line."""

import nbformat

from helpers.publishing import annotate, html_book, runner, tags


def executed_chapter(path):
    """A chapter as papermill leaves it: title, parameters, injected values, validation, one story cell."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": runner.KERNEL_NAME, "language": "python", "display_name": "Python 3"}
    nb.metadata["papermill"] = {"parameters": {"epochs": 3, "seed": 1}}
    parameters = nbformat.v4.new_code_cell("epochs = 50  # maximum training epochs\nseed = 1  # seed of the split")
    parameters.metadata["tags"] = ["parameters"]
    injected = nbformat.v4.new_code_cell("# Parameters\nepochs = 3\nseed = 1\n")
    injected.metadata["tags"] = ["injected-parameters"]
    validation = nbformat.v4.new_code_cell("from helpers.tiny import parameters\n\nparameters.check(globals())")
    story = nbformat.v4.new_code_cell("print(epochs)")
    nb.cells = [nbformat.v4.new_markdown_cell("# Tiny\n\nThe study."), parameters, injected, validation, story]
    nbformat.write(nb, str(path))
    return path


def test_settings_table_shows_the_values_that_ran_beside_changed_defaults(tmp_path):
    path = executed_chapter(tmp_path / "09_tiny.ipynb")
    table = annotate.settings_table(nbformat.read(str(path), as_version=4), path)
    assert table.to_dict("records") == [
        {"setting": "`epochs`", "value": "`3` (notebook: `50`)", "meaning": "maximum training epochs"},
        {"setting": "`seed`", "value": "`1`", "meaning": "seed of the split"},
    ]


def test_annotate_opens_with_the_study_then_the_run_and_hides_bookkeeping_once(tmp_path):
    path = executed_chapter(tmp_path / "09_tiny.ipynb")
    stats = {"profile": "quick", "wall_s": 12.3, "peak_mib": 456.0}
    annotate.annotate(path, stats)
    annotate.annotate(path, stats)  # a second build replaces the first annotation
    cells = nbformat.read(str(path), as_version=4).cells
    assert cells[0].source.startswith("# Tiny")
    assert tags.RUN_INFO_TAG in cells[1].metadata["tags"]
    assert "in 12 s (peak memory 456 MiB)" in cells[1].source and "The 2 settings this copy ran with" in cells[1].source
    assert [c.metadata.get("tags", []) for c in cells[2:]] == [
        ["parameters", "hide-cell"],
        ["injected-parameters", "remove-cell"],
        ["hide-cell"],
        [],
    ]


def test_the_landing_page_links_the_repository_only_when_its_address_is_set(tmp_path):
    (tmp_path / "_config.yml").write_text('title: "t"\nrepository:\n  url: ""\n')
    assert html_book.repository_markdown(html_book.repository_url(tmp_path)) == ""
    assert html_book.repository_branch(tmp_path) == "main"
    (tmp_path / "_config.yml").write_text('title: "t"\nrepository:\n  url: "https://example.org/book"\n  branch: dev\n')
    assert html_book.repository_markdown(html_book.repository_url(tmp_path)) == (
        "The book's source, with its notebooks, helpers and tests: <https://example.org/book>. To get it:\n\n"
        "```bash\ngit clone https://example.org/book\n```\n"
    )
    assert html_book.repository_branch(tmp_path) == "dev"


def test_a_chapter_links_its_notebook_and_binder_only_when_the_repository_is_set(tmp_path):
    assert annotate.source_links("05_netflix", "") == ""
    assert annotate.source_links("05_netflix", "https://github.com/team/book.git", "main") == (
        "**Source.** [The notebook](https://github.com/team/book/blob/main/notebooks/05_netflix.ipynb) in the book's"
        " repository; [run it on Binder](https://mybinder.org/v2/gh/team/book/main?labpath=notebooks/05_netflix.ipynb)."
    )
    # Binder builds GitHub repositories by owner/name: another host gets the source link alone
    assert annotate.source_links("05_netflix", "https://git.example.org/team/book/", "dev") == (
        "**Source.** [The notebook](https://git.example.org/team/book/blob/dev/notebooks/05_netflix.ipynb) in the"
        " book's repository."
    )
    path = executed_chapter(tmp_path / "09_tiny.ipynb")
    annotate.annotate(path, None, "https://github.com/team/book", "main")
    assert "[run it on Binder](https://mybinder.org/v2/gh/team/book/main?labpath=notebooks/09_tiny.ipynb)" in (
        nbformat.read(str(path), as_version=4).cells[1].source
    )
    annotate.annotate(path, None)
    assert "**Source.**" not in nbformat.read(str(path), as_version=4).cells[1].source


def test_the_note_and_the_landing_page_give_the_same_reading_time(tmp_path):
    from helpers.publishing import pages

    path = executed_chapter(tmp_path / "09_tiny.ipynb")
    nb = nbformat.read(str(path), as_version=4)
    # 440 words of story (2.2 min at 200 words a minute) and 300 in the validation cell the page hides: counted,
    # they would make 3.7 min
    nb.cells[0].source += " word" * 440
    nb.cells[3].source += "\n" + "# word" * 300
    nbformat.write(nb, str(path))
    annotate.annotate(path, {"profile": "quick", "wall_s": 12.3, "peak_mib": 456.0})
    note = nbformat.read(str(path), as_version=4).cells[1].source
    assert "About 2 min." in note  # round(445 / 200): the title, the story and its one line of code
    assert pages.reading_minutes(path) == 2
