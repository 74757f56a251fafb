"""The MovieLens readers of files of one's own on files written here: what reads back, and each error in full."""

from pathlib import Path

import pandas as pd
import pytest

from helpers.common.errors import DataError
from helpers.datasets import movielens
from helpers.datasets.folders import USER_FILE_HINT

RATINGS = "userId,movieId,rating,timestamp\n1,10,4.5,100\n1,20,0.5,101\n2,10,5.0,102\n"
MOVIES = "movieId,title,genres\n10,Heat (1995),Action|Crime\n20,Toy Story (1995),Animation\n"
LINKS = "movieId,imdbId,tmdbId\n10,0113277,949\n20,0114709,\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def test_own_movielens_files_read_back_with_their_links_and_an_empty_tags_table(tmp_path):
    paths = [write(tmp_path, n, t) for n, t in (("r.csv", RATINGS), ("m.csv", MOVIES), ("l.csv", LINKS))]
    found = movielens.read_movielens_own(*paths)
    assert found.ratings.to_dict("list") == {
        "userId": [1, 1, 2],
        "movieId": [10, 20, 10],
        "rating": [4.5, 0.5, 5.0],
        "timestamp": [100, 101, 102],
    }
    assert list(found.movies.title) == ["Heat (1995)", "Toy Story (1995)"]
    assert list(found.links.imdbId) == ["0113277", "0114709"]  # digits kept as text, leading zero included
    assert found.links.tmdbId.tolist() == [949, pd.NA] and str(found.links.tmdbId.dtype) == "Int64"
    assert found.tags.empty and list(found.tags.columns) == ["userId", "movieId", "tag", "timestamp"]
    assert movielens.read_movielens_own(*paths[:2]).links is None


def test_a_rating_off_the_half_star_scale_is_named_with_its_row(tmp_path):
    for bad, row in (("0.0", 2), ("5.5", 2)):
        path = write(tmp_path, "r.csv", RATINGS.replace("0.5", bad))
        with pytest.raises(DataError) as raised:
            movielens.read_movielens_ratings(path)
        assert str(raised.value) == (
            f"{path}: data row {row}, column rating: {float(bad)} is outside [0.5, 5.0]. Fix or remove that row."
        )


def test_a_missing_file_ends_its_message_with_the_hint_it_was_given(tmp_path):
    missing = tmp_path / "nowhere.csv"
    for reader in (
        movielens.read_movielens_ratings,
        movielens.read_movielens_movies,
        movielens.read_movielens_links,
        movielens.read_ml100k_ratings,
    ):
        with pytest.raises(DataError) as raised:
            reader(missing)
        assert str(raised.value) == f"{missing}: file not found. {USER_FILE_HINT}"
        with pytest.raises(DataError) as raised:
            reader(missing, "Run `make data`.")
        assert str(raised.value) == f"{missing}: file not found. Run `make data`."


def test_ml100k_ratings_are_tab_separated_without_a_header_and_whole_stars_from_one_to_five(tmp_path):
    path = write(tmp_path, "u.data", "196\t242\t3\t881250949\n186\t302\t5\t891717742\n")
    frame = movielens.read_ml100k_ratings(path)
    assert frame.to_dict("list") == {
        "user_id": [196, 186],
        "item_id": [242, 302],
        "rating": [3, 5],
        "timestamp": [881250949, 891717742],
    }
    for bad in ("0", "6"):
        path = write(tmp_path, "u.data", f"196\t242\t3\t881250949\n186\t302\t{bad}\t891717742\n")
        with pytest.raises(DataError) as raised:
            movielens.read_ml100k_ratings(path)
        assert (
            str(raised.value) == f"{path}: data row 2, column rating: {bad} is outside [1, 5]. Fix or remove that row."
        )


def test_own_files_with_a_pair_rated_twice_or_an_unlisted_movie_are_refused_in_full(tmp_path):
    ratings = write(tmp_path, "r.csv", RATINGS + "2,10,3.0,103\n2,10,2.0,104\n")
    movies = write(tmp_path, "m.csv", MOVIES)
    with pytest.raises(DataError) as raised:
        movielens.read_movielens_own(ratings, movies)
    assert str(raised.value) == (
        f"{ratings}: data row 4: user 2 rates movie 10 a second time (2 such rows). Keep one rating per user and movie."
    )
    ratings = write(tmp_path, "r.csv", RATINGS + "3,30,3.0,103\n3,40,2.0,104\n")
    with pytest.raises(DataError) as raised:
        movielens.read_movielens_own(ratings, movies)
    assert str(raised.value) == (
        f"{movies}: 2 rated movie(s) of r.csv are not listed, such as movieId 30. "
        "Add a row (movieId,title,genres) for each."
    )


def test_a_posters_folder_reads_as_paths_by_movie_id_and_names_a_stray_file_in_full(tmp_path):
    for name in ("20.png", "6.jpg", "100.JPEG", ".hidden"):
        (tmp_path / name).write_bytes(b"x")
    found = movielens.read_poster_folder(tmp_path)
    assert found.name == "path" and found.index.name == "movieId"
    assert found.to_dict() == {6: tmp_path / "6.jpg", 20: tmp_path / "20.png", 100: tmp_path / "100.JPEG"}
    (tmp_path / "heat.jpg").write_bytes(b"x")
    with pytest.raises(DataError) as raised:
        movielens.read_poster_folder(tmp_path)
    assert str(raised.value) == (
        f"{tmp_path / 'heat.jpg'}: a posters folder holds only images named by the movie's id, such as 6.jpg "
        "(.jpg, .jpeg, .png). Rename or remove it."
    )
