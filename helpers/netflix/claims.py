"""What the Netflix study (report 004) claims, as the book judges it (:mod:`helpers.common.judgement`),
and the questions the chapter asks beyond it (:data:`OWN_QUESTIONS`), judged by the same rules.

The report's table and its latent-size sweep are typed once, here, with the margins of its two
no-effect claims, fixed before any run from the study's own resolution (see each constant).
"""

from __future__ import annotations

from helpers.common.judgement import Claim, Difference, Figure, NoEffect, Ordering
from helpers.netflix.names import reader_name

CHAPTER = "05_netflix"
OTHER_USERS = "other users: the first 10,000 users there, the book's user subset here"
PRIZE_DATA = "the Prize is scored on Netflix's hidden qualifying set, the study and this book on a user subset"

TEST = {  # the study's test RMSE (stars) and its train RMSE, by model key
    "mf": (2.923, 2.915),
    "mf_norm": (0.931, 0.912),
    "dl": (0.878, 0.8235),
    "dl_norm": (0.882, 0.831),
    "dlplus": (0.873, 0.817),
    "dlplus_norm": (0.871, 0.806),
}
LATENT = {32: 0.874, 64: 0.873, 128: 0.874, 256: 0.874, 512: 0.883}  # the study's latent-size sweep: test RMSE
STUDY_L2 = 1e-3  # model.py: embeddings_regularizer=l2(0.001) on both embedding matrices
STUDY_RATING_STD = 1.0860  # main.py's comment on its training ratings: "#std=1.0860" (stars)
PROGRESS_PRIZE_2007 = 0.8712  # RMSE of the 2007 Progress Prize on the qualifying set, as the study cites it
# The smallest gap the study reads as an effect: DL+ 0.873 against DL 0.878 is "the biases help". A
# difference inside ±0.005 stars is therefore no effect by the study's own reading.
NORMALISATION_MARGIN = 0.005
# The study calls its sweep's span (0.873 to 0.883, 0.010 stars) "little difference": that is its margin.
LATENT_MARGIN = 0.010


def beats(better: str, worse: str, text: str = "", source: str = "report §5") -> Difference:
    """Return the claim that model ``better`` has a lower test RMSE than ``worse`` (model keys), in the
    study's words ``text`` where it has its own, said in ``source``."""
    return Difference(
        CHAPTER,
        f"netflix.{better}_beats_{worse}",
        text or f"{reader_name(better)} beats {reader_name(worse)}, by test RMSE",
        source,
        "netflix-training",
        first=reader_name(better),
        second=reader_name(worse),
        measure="test RMSE",
        study_first=TEST[better][0],
        study_second=TEST[worse][0],
        claimed_side=-1,
        unit="stars",
    )


NORM_RESCUES_MF = beats("mf_norm", "mf", "Normalisation rescues matrix factorisation, by test RMSE", "report §5(1)")
DL_BEATS_MF = beats("dl", "mf_norm", "The simple DL model clearly improves on MF, by test RMSE", "report §5(2)")
NORM_DOES_NOT_HELP_DL = NoEffect(
    CHAPTER,
    "netflix.norm_does_not_help_dl",
    "Normalisation does not help the simple DL model, by test RMSE",
    "report §5(2)",
    "netflix-training",
    first=reader_name("dl_norm"),
    second=reader_name("dl"),
    measure="test RMSE",
    study_first=TEST["dl_norm"][0],
    study_second=TEST["dl"][0],
    unit="stars",
    margin=NORMALISATION_MARGIN,
)


SWEPT = "dlplus_norm"  # the model of the latent-size sweep: main.py's main(1, 1, 1, la), DL+ with normalisation


def latent_label(size: int) -> str:
    """Return the name of the swept model with latent size ``size`` in a printed relation, ``"k=256"``:
    with the size fused to its letter, "k=256 0.881 > k=32 0.880" reads as two figures, the size as none."""
    return f"k={size}"


def latent_pair(size: int) -> NoEffect:
    """Return the claim that the swept model with latent size ``size`` scores as with size 32."""
    return NoEffect(
        CHAPTER,
        f"netflix.latent_{size}_as_32",
        f"{reader_name(SWEPT)} with latent size {size} scores as with 32, by test RMSE",
        "report §5(2)",
        "netflix-latent",
        first=latent_label(size),
        second=latent_label(32),
        measure="test RMSE",
        study_first=LATENT[size],
        study_second=LATENT[32],
        unit="stars",
        margin=LATENT_MARGIN,
    )


LATENT_PAIRS = {size: latent_pair(size) for size in LATENT if size != 32}  # each swept size against 32
LATENT_LITTLE_EFFECT = Ordering(
    CHAPTER,
    "netflix.latent_little_effect",
    f"The latent size has little effect on the deep model ({reader_name(SWEPT)}, as the study's main.py "
    "sweeps it), by test RMSE",
    "report §5(2)",
    "netflix-latent",
    pairs=tuple(LATENT_PAIRS.values()),
)
BIASES_HELP = Ordering(
    CHAPTER,
    "netflix.biases_help",
    "User and movie biases help DL, and normalisation helps DL+, by test RMSE",
    "report §5(3)",
    "netflix-training",
    pairs=(beats("dlplus", "dl"), beats("dlplus_norm", "dlplus")),
)
STUDY_ORDERING = Ordering(
    CHAPTER,
    "netflix.study_ordering",
    "DL+ + norm beats DL, which beats MF + norm, by test RMSE",
    "report §5, table",
    "netflix-prize",
    pairs=(beats("dlplus_norm", "dl"), DL_BEATS_MF),
)
BEATS_PRIZE = Figure(
    CHAPTER,
    "netflix.best_against_prize",
    "The best model, DL+ + norm, reaches the 2007 Progress Prize's 0.8712, by test RMSE",
    "report §5(3)",
    "netflix-prize",
    PRIZE_DATA,
    unit="stars",
    decimals=4,
    study=TEST["dlplus_norm"][0],
    tolerance=0.01,
)


def _figure(model: str, part: str) -> Figure:
    value = TEST[model][0 if part == "test" else 1]
    return Figure(
        CHAPTER,
        f"netflix.{model}.rmse_{part}.figure",
        f"{reader_name(model)}: {part} RMSE",
        "report §5",
        "netflix-training",
        OTHER_USERS,
        unit="stars",
        study=value,
        tolerance=0.01,
    )


def figure(model: str, part: str) -> Figure:
    """Return the claim on the study's ``part`` ("train" or "test") RMSE of ``model`` (a model key)."""
    return next(c for c in CLAIMS if c.id == f"netflix.{model}.rmse_{part}.figure")


CLAIMS: tuple[Claim, ...] = (
    NORM_RESCUES_MF,
    DL_BEATS_MF,
    NORM_DOES_NOT_HELP_DL,
    LATENT_LITTLE_EFFECT,
    BIASES_HELP,
    STUDY_ORDERING,
    BEATS_PRIZE,
    *(_figure(model, part) for model in TEST for part in ("train", "test")),
)

# --- the chapter's own questions, beyond the study ---------------------------------------------------

BEST_BEATS_BIASES = Difference(
    CHAPTER,
    "netflix.dlplus_norm_beats_bias_only",
    "DL+ + norm beats the naive bias-only baseline (the mean plus a user and a movie bias), by RMSE on "
    "the held-out file",
    "this book",
    "netflix-held-out",
    first=reader_name("dlplus_norm"),
    second=reader_name("bias_only"),
    measure="held-out RMSE",
    claimed_side=-1,
    unit="stars",
)


BEST_MODEL, BEST_PEER = "best model", "best peer"  # the candidates chosen on validation in each fold
ML_BEST_BEATS_PEER = Difference(
    CHAPTER,
    "ml100k.best_beats_peer",
    "The chapter's best model beats the best tuned peer (Surprise's SVD or SVD++), each chosen on "
    "validation in every fold, on MovieLens 100K, by test RMSE",
    "this book",
    "ml100k-peers",
    first=BEST_MODEL,
    second=BEST_PEER,
    measure="test RMSE",
    claimed_side=-1,
    unit="stars",
)
TEST_SPLIT_FLATTERS_BEST = Difference(
    CHAPTER,
    "netflix.test_split_flatters_dlplus_norm",
    "The test split, which chose DL+ + norm's epoch, flatters it: its held-out RMSE exceeds its test-split "
    "RMSE by more than that of mean + biases, which never saw the test split",
    "this book",
    "netflix-held-out",
    first=f"gap of {reader_name('dlplus_norm')}",
    second=f"gap of {reader_name('bias_only').lower()}",
    measure="held-out RMSE − test-split RMSE",
    claimed_side=1,
    unit="stars",
)
STUDY_USERS = 10_000  # the study's data: "the first 10,000 users" (report §2)
COPIED_MF_NORM = "MF + norm with copied users"  # MF + norm trained on the slice's users copied to about STUDY_USERS
MF_NORM_COLLAPSES_AT_STUDY_USERS = NoEffect(
    CHAPTER,
    "netflix.mf_norm_collapses_at_study_users",
    "With about the study's 10,000 users (this slice's users copied) and its L2 weight, MF + norm predicts "
    "no better than the mean rating, by test RMSE",
    "this book",
    "netflix-mf-collapse",
    first=COPIED_MF_NORM,
    second=reader_name("mean"),
    measure="test RMSE",
    unit="stars",
    margin=NORMALISATION_MARGIN,  # the smallest gap the study reads as an effect, as for its own no-effect claim
)
OWN_QUESTIONS: tuple[Claim, ...] = (
    BEST_BEATS_BIASES,
    TEST_SPLIT_FLATTERS_BEST,
    MF_NORM_COLLAPSES_AT_STUDY_USERS,
    ML_BEST_BEATS_PEER,
)
