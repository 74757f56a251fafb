"""Unit tests of helpers.douban.judging and helpers.douban.claims: the Douban chapter's claims scored and
judged on planted predictions whose truth is known."""

import math

import numpy as np
import pytest
from scipy import stats

from helpers.common import judgement
from helpers.douban import claims, judging

N_FILMS = 4000


def planted(noise: dict[str, tuple[float, int]], seed: int = 0) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Ratings (n,) and, per model, predictions: the ratings plus normal noise of the given standard
    deviation, one row per seed ((seeds, n)) or one fit ((n,)) when seeds is 1."""
    rng = np.random.default_rng(seed)
    y = rng.normal(6.5, 1.0, N_FILMS)
    predictions = {}
    for name, (sd, seeds) in noise.items():
        rows = y + rng.normal(0.0, sd, (seeds, N_FILMS))
        predictions[name] = rows[0] if seeds == 1 else rows
    return y, predictions


def test_a_figure_fitted_once_has_the_bootstrap_interval_of_a_mean_error():
    # one fit: the MAE is the mean of |e| over n films, so its standard error is sd(|e|) / sqrt(n)
    y, predicted = planted({"svm": (0.8, 1)})
    errors = np.abs(predicted["svm"] - y)
    interval = judging.score_interval(judgement.MAE, y, predicted["svm"], np.random.default_rng(1))
    assert interval.estimate == pytest.approx(errors.mean())
    half = stats.norm.ppf(0.975) * errors.std(ddof=1) / math.sqrt(N_FILMS)
    assert (interval.high - interval.low) / 2 == pytest.approx(half, rel=0.1)
    assert interval.units == "1 seed and 4,000 test films"


def test_a_clear_lead_reads_reproduced_and_its_reverse_contradicted():
    # noise 0.6 against 0.9 stars: the MAEs differ by about 0.8 x 0.3 = 0.24 stars, many standard errors
    y, predicted = planted({"kadn": (0.6, 3), "deepfm": (0.9, 3)})
    rng = np.random.default_rng(2)
    lead = claims.claim("douban.kadn_beats_deepfm.mae")
    judged = judging.judge_compared(lead, y, predicted, rng)
    assert judged.verdict == judgement.REPRODUCED
    assert judged.estimate == pytest.approx(
        np.mean([np.abs(r - y).mean() for r in predicted["kadn"]])
        - np.mean([np.abs(r - y).mean() for r in predicted["deepfm"]])
    )
    assert judged.estimate == pytest.approx(math.sqrt(2 / math.pi) * (0.6 - 0.9), abs=0.02)
    swapped = {"kadn": predicted["deepfm"], "deepfm": predicted["kadn"]}
    assert judging.judge_compared(lead, y, swapped, rng).verdict == judgement.CONTRADICTED


def test_two_identical_models_are_not_told_apart():
    # the same predictions on both sides: every resampled difference is zero, so is the interval
    y, predicted = planted({"kadn": (0.7, 1)})
    same = {"kadn": predicted["kadn"], "svm": predicted["kadn"].copy()}
    judged = judging.judge_compared(claims.claim("douban.kadn_beats_svm.rmse"), y, same, np.random.default_rng(3))
    assert judged.interval == (0.0, 0.0) and judged.verdict == judgement.NOT_RESOLVED


def test_an_ordering_names_the_pair_that_fails():
    # K-ADN clearly ahead of FM, DeepFM, AT and KD; level with the SVM: only the SVM pairs fail
    noise = {"kadn": (0.6, 3), "fm": (1.0, 3), "deepfm": (0.95, 3), "at": (0.9, 3), "kd": (0.9, 3)}
    y, predicted = planted(noise)
    predicted["svm"] = predicted["kadn"][1]
    judged = judging.judge_ordering(claims.KADN_BEST, y, predicted, np.random.default_rng(4))
    failing = [p.id for p in judged.pairs if p.verdict != judgement.REPRODUCED]
    assert failing == ["douban.kadn_beats_svm.mae", "douban.kadn_beats_svm.rmse"]
    assert judged.verdict != judgement.REPRODUCED and "8 of 10 pairs reproduced" in judged.sentence
    assert "K-ADN MAE" in judged.sentence and "SVM MAE" in judged.sentence


def test_no_effect_reads_the_ninety_percent_interval_against_the_papers_margin():
    # the same noise for KD and AT: their MAEs differ by sampling alone, far inside a 0.05-star margin
    y, predicted = planted({"kd": (0.7, 3), "at": (0.7, 3)})
    judged = judging.judge_ordering(claims.KD_LIKE_AT, y, predicted, np.random.default_rng(5))
    assert judged.verdict == judgement.REPRODUCED
    assert [p.level for p in judged.pairs] == [0.9, 0.9] and [p.margin for p in judged.pairs] == [0.05, 0.06]
    # noise 0.7 against 0.9: 0.16 stars of MAE apart, beyond the margin
    y, predicted = planted({"kd": (0.9, 3), "at": (0.7, 3)})
    judged = judging.judge_ordering(claims.KD_LIKE_AT, y, predicted, np.random.default_rng(5))
    assert judged.verdict == judgement.CONTRADICTED


def test_the_papers_margins_lie_between_what_it_calls_the_same_and_what_it_calls_a_gain():
    # Table 1: KD - AT = 0.043 (MAE), 0.056 (RMSE) is "almost the same"; DeepFM - AT = 0.051, 0.064 a gain
    for metric, (same, gain) in {"mae": (0.043, 0.051), "rmse": (0.056, 0.064)}.items():
        assert same < claims.SAME_MARGIN[metric] < gain


def test_the_time_share_is_the_mean_ratio_with_its_t_interval():
    # ratios 0.20, 0.25, 0.22: mean 0.2233, sd 0.02517, t(0.975, 2) = 4.303: half-width 0.0625
    judged = judging.judge_time_share(claims.STUDENT_TIME, [0.2, 0.25, 0.22], [1.0, 1.0, 1.0])
    assert judged.estimate == pytest.approx(0.22333, abs=1e-4)
    assert judged.interval == pytest.approx((0.22333 - 0.06252, 0.22333 + 0.06252), abs=1e-4)
    assert judged.verdict == judgement.NOT_RESOLVED  # 0.161 lies below 0.24 - 0.06
    tight = judging.judge_time_share(claims.STUDENT_TIME, [0.48, 0.49, 0.47], [2.0, 2.0, 2.0])
    assert tight.verdict == judgement.REPRODUCED and tight.estimate == pytest.approx(0.24)
    slow = judging.judge_time_share(claims.STUDENT_TIME, [0.5, 0.52, 0.49], [1.0, 1.0, 1.0])
    assert slow.verdict == judgement.CONTRADICTED
    with pytest.raises(ValueError, match="pair them"):
        judging.judge_time_share(claims.STUDENT_TIME, [0.2, 0.3], [1.0, 1.0, 1.0])
    # the prediction-time reading: the same rule over timed predictions
    predicted = judging.judge_time_share(
        claims.STUDENT_PREDICT_TIME, [0.02, 0.03], [0.1, 0.1], unit=judging.TIMED_PREDICTION
    )
    assert predicted.units_resampled == "2 timed predictions" and predicted.estimate == pytest.approx(0.25)
    assert "read as a prediction time" in predicted.text and "read as a training time" in claims.STUDENT_TIME.text


def test_predictions_of_other_films_are_refused():
    with pytest.raises(ValueError, match="for 3 test films"):
        judging.score_interval(judgement.MAE, [1, 2, 3], [1, 2], np.random.default_rng(0))


def test_pairs_frame_has_a_row_per_pair_with_its_interval_and_margin():
    y, predicted = planted({"kd": (0.7, 2), "at": (0.7, 2), "deepfm": (0.9, 2)})
    rng = np.random.default_rng(6)
    judged = [judging.judge_ordering(c, y, predicted, rng) for c in (claims.KD_LIKE_AT, claims.AT_BEATS_DEEPFM)]
    frame = judging.pairs_frame([*judged, claims.KADN_BEST.not_run()])
    assert len(frame) == 4  # two pairs each; a claim not run has none
    assert list(frame["margin"]) == ["±0.05", "±0.06", "", ""]
    assert frame["interval"].str.endswith("(90 %)").tolist() == [True, True, False, False]


def test_the_raw_svr_reading_follows_verdict_and_sign():
    claim = claims.RAW_SVR_LIKE_MEAN
    raw, mean = (
        judgement.Interval(0.95, 0.92, 0.98, 0.95, "1 seed", "test"),
        judgement.Interval(0.98, 0.94, 1.02, 0.95, "1 seed", "test"),
    )

    def reading(first: float, second: float, interval: judgement.Interval, paper: float = 1.112) -> str:
        return judging.raw_svr_reading(claim.judge(first, second, interval), raw, mean, paper)

    interval = judgement.Interval(0.01, -0.02, 0.03, 0.9, "1 seed", "test")
    assert reading(0.91, 0.90, interval).startswith("An SVR set up so learns next to nothing")
    better = judgement.Interval(-0.2, -0.25, -0.15, 0.9, "1 seed", "test")
    assert "still learns" in reading(0.7, 0.9, better)
    worse = judgement.Interval(0.2, 0.15, 0.25, 0.9, "1 seed", "test")
    assert "worse than predicting the mean" in reading(1.1, 0.9, worse)
    wide = judgement.Interval(0.02, -0.04, 0.08, 0.9, "1 seed", "test")
    assert reading(0.92, 0.9, wide).startswith(
        "An SVR set up so errs 0.020 stars more than the mean rating, and these films cannot tell whether by "
        "less than the margin of 0.05."
    )
    # below zero but reaching past the margin: it learns a little, and how little these films cannot tell
    edge = judgement.Interval(-0.038, -0.0504, -0.027, 0.9, "1 seed", "test")
    assert reading(0.932, 0.97, edge).startswith("An SVR set up so errs 0.038 stars less than the mean rating")


def test_the_raw_svr_reading_places_the_papers_figure_against_both_intervals():
    # the SVR's MAE 0.95 (0.92 to 0.98), the mean rating's 0.98 (0.94 to 1.02): the paper's 1.112 lies above
    # both, 0.162 stars above the SVR; 0.96 inside the SVR's; 1.00 above it but inside the mean's
    claim = claims.RAW_SVR_LIKE_MEAN
    judged = claim.judge(0.95, 0.98, judgement.Interval(-0.03, -0.045, -0.015, 0.9, "1 seed", "test"))
    raw, mean = (
        judgement.Interval(0.95, 0.92, 0.98, 0.95, "1 seed", "test"),
        judgement.Interval(0.98, 0.94, 1.02, 0.95, "1 seed", "test"),
    )
    above = judging.raw_svr_reading(judged, raw, mean, 1.112)
    assert (
        "1.112 lies above this SVR's 95 % interval (0.920 to 0.980) and above the mean rating's (0.940 to 1.020)"
        in above
    )
    assert "not the further 0.162 stars" in above
    assert "inside this SVR's 95 % interval" in judging.raw_svr_reading(judged, raw, mean, 0.96)
    assert "but within the mean rating's" in judging.raw_svr_reading(judged, raw, mean, 1.0)
    assert "lies below" in judging.raw_svr_reading(judged, raw, mean, 0.9)


def test_the_run_time_reading_names_the_nearest_order_of_magnitude():
    # 941 s against 100 s of training (9.41 times, log 2.24) and 0.025 s of prediction (37,640 times, log 10.5)
    sentence = judging.run_time_reading(
        941, {"training": ("fifty epochs", 100.0), "prediction": ("one prediction", 0.025)}
    )
    assert sentence == (
        "On this machine: fifty epochs, 100 s; one prediction, 25 ms. The paper's 941 s is 9.41 and 37,600 times "
        "as long, in that order: in order of magnitude it reads as a training time."
    )
    # a prediction of 500 s (1.88 times) is nearer than training of 30,000 s (1/31.9 times)
    assert judging.run_time_reading(
        941, {"training": ("training", 30_000.0), "prediction": ("prediction", 500.0)}
    ).endswith("it reads as a prediction time.")
    with pytest.raises(ValueError, match="two or more readings"):
        judging.run_time_reading(941, {"training": ("training", 1.0)})


def test_the_papers_own_gaps_against_the_margins():
    # Table 1: KD - AT = 0.695 - 0.652 = 0.043 inside ±0.05; DeepFM - AT = 0.051 outside; RMSE 0.056 inside
    # ±0.06, 0.064 outside
    sentence = judging.paper_same_sentence(claims.TABLE_1, claims.SAME_MARGIN)
    assert "by MAE KD errs by 0.695 stars and AT by 0.652, a gap of 0.043, inside the margin of ±0.05" in sentence
    assert "AT's lead of 0.051 over DeepFM, which the paper counts as a gain, lies outside it" in sentence
    assert "a gap of 0.056, inside the margin of ±0.06" in sentence and "lead of 0.064" in sentence
    # a margin of 0.04 stars would put the paper's own "almost the same" outside it
    assert "0.043, outside the margin of ±0.04" in judging.paper_same_sentence(
        claims.TABLE_1, {"mae": 0.04, "rmse": 0.06}
    )


def test_the_ablation_sentence_sorts_groups_by_where_their_interval_lies():
    assert judging.ablation_sentence({"director": 1, "actor": 0, "year": -1, "genre": 0}) == (
        "Leaving out director raises the test MAE (the interval lies above zero); leaving out year lowers it "
        "(the interval lies below zero); the intervals of actor and genre hold zero, so these films cannot "
        "tell whether those groups add anything beyond the others."
    )
    assert judging.ablation_sentence({"runtime": 0}) == (
        "The interval of runtime holds zero, so these films cannot tell whether that group adds anything "
        "beyond the others."
    )


def test_every_compared_claim_names_models_and_a_metric_it_can_score():
    pairs = [p for c in (*claims.CLAIMS, *claims.OWN_QUESTIONS) for p in getattr(c, "pairs", ())]
    pairs += [claims.DEEPFM_BEATS_FM, claims.KADN_BEATS_RIDGE]
    for pair in pairs:
        first, second, metric = claims.COMPARED[pair.id]
        assert metric in judging.SCORES and first != second
    ids = [c.id for c in (*claims.CLAIMS, *claims.OWN_QUESTIONS)]
    assert len(ids) == len(set(ids))
    assert len(claims.KADN_BEST.pairs) == 10 and claims.claim("douban.nothing") is None


def test_the_variance_parts_match_a_known_seed_spread_and_the_films_standard_error():
    # one model fitted once against a copy shifted by +0.1 on the first half of the films: on n films the
    # MAE difference is a mean of per-film differences, so its bootstrap variance is their variance / n;
    # with one seed on each side there is no seed part
    rng = np.random.default_rng(7)
    y = rng.normal(6.5, 1.0, N_FILMS)
    first = y + rng.normal(0.0, 0.8, N_FILMS)
    second = first + np.where(np.arange(N_FILMS) < N_FILMS // 2, 0.1, 0.0)
    seeds_part, films_part = judging.variance_parts(judgement.MAE, y, first, second, rng, resamples=1000)
    per_film = np.abs(first - y) - np.abs(second - y)
    assert seeds_part == 0.0
    assert films_part == pytest.approx(per_film.var() / N_FILMS, rel=0.15)
    # every film off by 0.5 stars against 0.51, 0.52, 0.53 in three seeds: the MAE differences are exactly
    # -0.01, -0.02, -0.03 on any draw of films, so the seeds give variance 0.0001 / 3 and the films none
    rows = np.stack([y + 0.5] * 3)
    shifted = np.stack([y + 0.5 + d for d in (0.01, 0.02, 0.03)])
    seeds_part, films_part = judging.variance_parts(judgement.MAE, y, rows, shifted, rng, resamples=10)
    assert seeds_part == pytest.approx(0.0001 / 3) and films_part == pytest.approx(0.0, abs=1e-20)


def test_the_variance_sentence_says_which_part_limits_the_interval():
    # seeds' part 1, films' part 3 over three seeds: five seeds leave 1 x 3/5 + 3 = 3.6 of 4, an interval
    # sqrt(0.9) = 0.949 as wide, about 5 % narrower
    assert judging.variance_sentence("A − B by MAE", 1.0, 3.0, 3, 5) == (
        "The test films make 75 % of the variance of A − B by MAE and the seeds the rest, so 5 seeds instead "
        "of 3 would narrow its interval by about 5 %."
    )
    assert judging.variance_sentence("A − B", 0.0, 1.0, 1, 5) == (
        "With one seed, the interval of A − B varies the test films alone."
    )
