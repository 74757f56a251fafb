"""The Douban crawls the chapter reads and the paper's cleaning (§2.1), rule by rule.

The crawls are the registered ones or files of one's own (:func:`load_crawls`); they are stacked oldest
first (:func:`stack_crawls`) and cleaned by the paper's five rules (:func:`clean`), each rule's removals
counted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers import datasets
from helpers.common.errors import ParameterError
from helpers.douban.features import parse_minutes

NON_FILM_TITLES = "演唱会|晚会|联欢|歌会|拜年祭|狂欢夜|演出|表演"  # a concert, gala or stage show
NON_FILM_GENRES = "真人秀|舞台艺术"  # reality show, stage art
MIN_FILMS = 30  # fewer films cannot be split into training, validation and test
LABELS = {  # rule 4: the crawl's column of each label a film must have, and its name
    "director": "director",
    "writer": "writer",
    "actor": "actors",
    "genre": "genre",
    "place": "country",
    "language": "language",
    "movietime": "runtime",
}
LABEL_RULE = 3  # the place of rule 4 (a label lacking) among the rules, from 0


def load_crawls(crawl_files: Sequence[str] | None) -> dict[str, pd.DataFrame]:
    """Return the crawls by file name, oldest first: the reader's own files ``crawl_files`` (paths, checked
    for their columns but not checksummed) or, when None or empty, the registered crawls.

    Raises ParameterError naming ``crawl_files`` when a path does not exist."""
    own = [datasets.own_path(path, "crawl_files") for path in crawl_files or []]
    return datasets.read_douban_crawls(own) if own else datasets.load("douban").crawls


def crawl_table(crawls: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per crawl file: its rows, the repeated header lines the loader dropped, and how its films
    are told apart (by Douban id, or by name and year where the file has no page addresses)."""
    return pd.DataFrame(
        {
            "rows": [len(frame) for frame in crawls.values()],
            "header lines dropped": [frame.attrs["repeated_headers"] for frame in crawls.values()],
            "films told apart by": [
                "Douban id" if "movie_url" in frame else "name and year" for frame in crawls.values()
            ],
        },
        index=pd.Index(list(crawls), name="file"),
    )


def stack_crawls(crawls: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The crawls' rows stacked oldest first, with the column ``crawl``: each row's file, 0 for the first."""
    return pd.concat([frame.assign(crawl=order) for order, frame in enumerate(crawls.values())], ignore_index=True)


def is_non_film(frame: pd.DataFrame) -> pd.Series:
    """True for a '歌舞' (song and dance) entry that is a concert, gala or stage recording (rule 3): its
    genre also holds a reality show or stage art, or its title names a show."""
    genre = frame["genre"].fillna("")
    return genre.str.contains("歌舞") & (
        genre.str.contains(NON_FILM_GENRES) | frame["name"].str.contains(NON_FILM_TITLES)
    )


def lacking_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """True where a film lacks a label of rule 4, one column per label (named as :data:`LABELS` gives); a
    runtime without a number of minutes is lacking too."""
    lacking = frame[list(LABELS)].isna()
    lacking["movietime"] = np.isnan(parse_minutes(frame["movietime"]))
    return lacking.rename(columns=LABELS)


def rules(first_year: int, last_year: int) -> dict[str, Callable[[pd.DataFrame], pd.DataFrame]]:
    """The paper's five cleaning rules in order, by their name on the page: each takes the films left and
    returns those it keeps."""
    return {
        f"1. release year outside {first_year}-{last_year} or missing": lambda f: f[
            f["year"].between(first_year, last_year).fillna(False)
        ],
        "2. listed twice: keep the latest release": lambda f: f.sort_values(
            ["year", "crawl"], kind="stable"
        ).drop_duplicates("douban_id", keep="last"),
        "3. 歌舞 entries that are not films": lambda f: f[~is_non_film(f)],
        "4. a label lacking": lambda f: f[~lacking_labels(f).any(axis=1)],
        "5. no rating or rater count (under 30 raters)": lambda f: f.dropna(subset=["rate", "rating_people"]),
    }


@dataclass(frozen=True)
class Cleaned:
    """The paper's cleaning of the stacked crawls.

    ``films``: the films kept, sorted by Douban id, index 0..n-1; ``table``: one row per rule with the rows
    it removed and the rows left; ``lacking``: of the films rule 4 was applied to, how many lack each label
    (a Series by label name; a film may lack several)."""

    films: pd.DataFrame
    table: pd.DataFrame
    lacking: pd.Series

    @property
    def label_removed(self) -> int:
        """The films rule 4 removed."""
        return int(self.table["rows removed"].iloc[LABEL_RULE])


def clean(films: pd.DataFrame, first_year: int, last_year: int, min_films: int = MIN_FILMS) -> Cleaned:
    """Apply :func:`rules` in turn to the stacked crawls ``films`` (see :func:`stack_crawls`) and count what
    each removes.

    Raises ParameterError naming ``first_year`` and ``last_year`` when fewer than ``min_films`` films are
    left."""
    counts, kept, lacking = [], films, None
    for number, (rule, apply) in enumerate(rules(first_year, last_year).items()):
        if number == LABEL_RULE:
            lacking = lacking_labels(kept).sum()
        before = len(kept)
        kept = apply(kept)
        counts.append({"rule": rule, "rows removed": before - len(kept), "rows left": len(kept)})
    if len(kept) < min_films:
        raise ParameterError(
            f"{len(kept)} films are left after the cleaning, fewer than {min_films}: check"
            f" first_year={first_year} and last_year={last_year} against the files' years"
        )
    films_kept = kept.sort_values("douban_id").reset_index(drop=True)
    return Cleaned(films_kept, pd.DataFrame(counts), lacking.rename("films lacking it").rename_axis("label"))
