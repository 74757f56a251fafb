"""The book's Sphinx extension: images described by their captions or sections, each script once a page."""

from docutils import nodes
from sphinx.builders.html._assets import _JavaScript

from helpers.publishing import sphinx_page


def test_an_image_in_a_captioned_figure_is_described_by_its_caption():
    image = nodes.image(uri="_images/3f2a.png")
    figure = nodes.figure("", image, nodes.caption("", "Viewers per minute,  by hour (people)."))
    nodes.section("", nodes.title("", "Hours"), figure)
    assert sphinx_page.image_alt_text(image) == "Viewers per minute, by hour (people)."


def test_an_image_without_a_caption_is_described_by_its_section_and_a_written_one_is_kept():
    image = nodes.image(uri="_images/3f2a.png", alt="_images/3f2a.png")
    written = nodes.image(uri="_images/9c1b.png", alt="A bar chart of the five models")
    section = nodes.section("", nodes.title("", "Training the six models"), nodes.paragraph("", "", image), written)
    document = nodes.document(None, None)
    document += section
    sphinx_page.describe_images(None, document, "page")
    assert image["alt"] == "Figure: Training the six models"
    assert written["alt"] == "A bar chart of the five models"
    assert sphinx_page.image_alt_text(nodes.image(uri="x.png")) == "Figure"


def test_each_script_is_kept_once_in_its_first_place():
    thebe = 'const THEBE_JS_URL = "x"'
    scripts = [
        _JavaScript("_static/doctools.js"),
        _JavaScript(None, body=thebe),
        _JavaScript("_static/sphinx-thebe.js", **{"async": "async"}),
        _JavaScript("", body=thebe),  # the same inline script, registered a second time with "" for its file
        _JavaScript("_static/sphinx-thebe.js"),  # the same file without its attribute: another script
    ]
    kept = sphinx_page.unique_scripts(scripts)
    assert [id(script) for script in kept] == [id(scripts[i]) for i in (0, 1, 2, 4)]
