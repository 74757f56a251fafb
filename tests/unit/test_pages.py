"""Generated pages: the parameters table from a parameters cell, the results page from records and stats."""

import json

import nbformat
from myst_nb.ext.glue import GLUE_PREFIX

from helpers.publishing import fingerprint, pages, runner


def notebook(path, parameters: str, records: dict[str, float]):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": runner.KERNEL_NAME, "language": "python", "display_name": "Python 3"}
    cell = nbformat.v4.new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    glued = nbformat.v4.new_code_cell("")
    glued.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={GLUE_PREFIX + "text/plain": repr(v)},
            metadata={"scrapbook": {"name": k, "mime_prefix": GLUE_PREFIX}},
        )
        for k, v in records.items()
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("# Netflix prize\n\ntext"), cell, glued]
    nbformat.write(nb, str(path))
    return path


def rows(markdown: str) -> list[list[str]]:
    """Return the cells of every Markdown table row in ``markdown``, stripped of their padding."""
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in markdown.splitlines()
        if line.startswith("|")
    ]


def test_parameters_table_reads_name_default_and_meaning(tmp_path):
    path = notebook(
        tmp_path / "05_netflix.ipynb", "epochs = 50  # maximum training epochs\nseed = 10  # shuffling seed\n", {}
    )
    table = pages.parameters_table([path])
    assert table.to_dict("records") == [
        {"notebook": "05_netflix", "name": "epochs", "default": "50", "meaning": "maximum training epochs"},
        {"notebook": "05_netflix", "name": "seed", "default": "10", "meaning": "shuffling seed"},
    ]
    assert ["`epochs`", "`50`", "maximum training epochs"] in rows(pages.parameters_markdown([path]))


def netflix_judged() -> dict[str, str]:
    """Records of a Netflix run that judged two claims: normalisation rescues MF, and DL's test RMSE figure."""
    from helpers.common import judgement
    from helpers.netflix import claims

    rescue = claims.NORM_RESCUES_MF.judge(
        1.06, 1.5, judgement.Interval(-0.44, -0.5, -0.38, 0.95, "3 seeds and 100 test ratings", "by hand", (-0.44,) * 3)
    )
    figure = next(c for c in claims.CLAIMS if c.id == "netflix.dl.rmse_test.figure").judge(0.9)
    return {judgement.record_name(j.id): j.to_json() for j in (rescue, figure)}


def test_results_page_opens_with_a_sentence_per_study_then_each_claim_with_its_verdict(tmp_path):
    notebook(tmp_path / "05_netflix.ipynb", "epochs = 5  # epochs", netflix_judged())
    stats = {"05_netflix": {"profile": "full", "wall_s": 1234.4, "peak_mib": 987.6}}
    (tmp_path / fingerprint.STATS_FILE).write_text(json.dumps(stats))
    page = pages.results_markdown(tmp_path, ["05_netflix"])
    table = rows(page)
    assert "## Netflix prize" in page and "## Douban ratings" in page
    assert "**Netflix prize.** Findings reproduced: “normalisation rescues matrix factorisation" in page
    rescue = next(r for r in table if r[0].startswith("Normalisation rescues matrix factorisation"))
    assert rescue[1:4] == ["MF + norm 0.931 < MF 2.923", "MF + norm 1.060 < MF 1.500", pages.verdict_html("reproduced")]
    assert rescue[5] == "{ref}`netflix-training`"  # the link reads as the section's title
    dl = next(r for r in table if r[0].startswith("DL: test RMSE"))
    assert dl[1:4] == ["0.878 stars", "0.900 stars", pages.verdict_html("not comparable")]
    assert "Not comparable where marked so: other users: the first 10,000 users there" in page
    kadn = next(r for r in table if r[0].startswith("K-ADN has the lowest MAE"))
    assert kadn[3] == pages.verdict_html("not run yet") and kadn[5] == "—"  # Douban's chapter did not run
    assert ["{doc}`chapters/05_netflix`", "full", "1,234", "988"] in table


def test_claims_json_holds_every_judged_claim_with_its_interval(tmp_path):
    from helpers.publishing import studies

    notebook(tmp_path / "05_netflix.ipynb", "epochs = 5  # epochs", netflix_judged())
    entries = studies.claims_entries(studies.judged_claims(tmp_path, ["05_netflix"]))
    assert [e["id"] for e in entries] == ["netflix.mf_norm_beats_mf", "netflix.dl.rmse_test.figure"]
    rescue = entries[0]
    assert (rescue["kind"], rescue["interval"], rescue["claimed_side"], rescue["verdict"]) == (
        "difference", [-0.5, -0.38], -1, "reproduced",
    )  # fmt: skip
    assert rescue["values"] == [-0.44] * 3 and rescue["units_resampled"] == "3 seeds and 100 test ratings"


def test_landing_table_links_each_chapter_with_reading_run_time_and_memory(tmp_path):
    path = notebook(tmp_path / "05_netflix.ipynb", "epochs = 5  # epochs", {})
    nb = nbformat.read(str(path), as_version=4)
    nb.cells.append(
        nbformat.v4.new_markdown_cell(" ".join(["word"] * 590))
    )  # with the title and parameters, 599 words shown
    hidden = nbformat.v4.new_code_cell(" ".join(["x"] * 1000))
    hidden.metadata["tags"] = ["remove-cell"]
    nb.cells.append(hidden)
    nbformat.write(nb, str(path))
    (tmp_path / fingerprint.STATS_FILE).write_text(
        json.dumps({"05_netflix": {"profile": "full", "wall_s": 930.1, "peak_mib": 3667.7}})
    )
    table = rows(pages.chapters_markdown(tmp_path, ["05_netflix"]))
    assert table[-1] == ["{doc}`Netflix prize <chapters/05_netflix>`", "3 min", "16 min", "3.6 GiB"]
