"""helpers.scale.sentences: the cluster's sentences carry the measured figures, worked by hand, or say that the
run measured no cluster and cite no figure."""

from helpers.scale import sentences

# one worker 20.0 s, two workers 12.5 s: efficiency 20 / (2 x 12.5) = 0.80 (by hand)
MEASURED = sentences.Scaling(workers=2, one_s=20.0, many_s=12.5, local_s=9.0, left_behind=0)


def test_the_efficiency_is_the_one_worker_time_over_workers_times_the_many_worker_time():
    assert MEASURED.efficiency == 0.8
    assert sentences.Scaling(4, 40.0, 20.0, 9.0, 0).efficiency == 0.5  # 40 / (4 x 20)


def test_the_result_cites_each_measured_figure():
    text = sentences.result(MEASURED)
    for figure in ("20.0 seconds", "with 2, 12.5, shorter than with one", "local mode, 9.0", "is 0.80", "none of"):
        assert figure in text
    assert "3 of its processes" in sentences.result(sentences.Scaling(2, 20.0, 12.5, 9.0, 3))
    # two workers slower than one (as on a 2-core machine where the driver shares the cores): said so
    assert "with 2, 23.8, no shorter than with one" in sentences.result(sentences.Scaling(2, 15.8, 23.8, 11.1, 0))


def test_the_cluster_estimate_scales_the_local_time_by_cores_and_efficiency():
    # 16 minutes on 2 cores; 64 cores at efficiency 0.8: 16 x 2 / (64 x 0.8) = 0.625, shown as 0.6
    text = sentences.cluster_estimate(MEASURED, 16.0, 2, 64)
    assert "about 0.6 minutes" in text and "cluster of 64 cores" in text


def test_a_run_without_the_cluster_cites_no_figure():
    assert sentences.plan(0, 10_000, 1) == sentences.LEFT_OUT
    for text in (sentences.result(None), sentences.cluster_estimate(None, 16.0, 2, 64), sentences.summary(None)):
        assert not any(character.isdigit() for character in text.replace("64", ""))
    assert "2 times with one worker's core and 2 times with all 2" in sentences.plan(2, 200_000, 2)
    assert "200,000 ratings once" in sentences.plan(2, 200_000, 1)


def test_equal_times_are_not_called_shorter():
    # 10.0 s with one worker and with two: the second worker cut nothing
    assert "with 2, 10.0, no shorter than with one" in sentences.result(sentences.Scaling(2, 10.0, 10.0, 9.0, 0))


def test_each_text_is_a_sentence_that_says_what_the_run_did():
    # what the page prints where a number would be: a capitalised sentence, ended, naming the run's choice
    left_out = (sentences.result(None), sentences.cluster_estimate(None, 16.0, 2, 64), sentences.summary(None))
    for text in (*left_out, sentences.result(MEASURED), sentences.summary(MEASURED), sentences.plan(2, 10_000, 2)):
        assert text[0].isupper() and text.endswith(".") and "XX" not in text, text
    assert all(text.startswith("This run ") for text in left_out)
    assert "no cluster" in left_out[0] and "the full profile does." in left_out[1]
    assert "the full profile measures its scaling." in left_out[2]
    assert sentences.summary(MEASURED).endswith("none of its processes were left running.")


def test_the_cluster_minutes_are_the_local_minutes_scaled_by_cores_and_efficiency():
    # by hand: 16 min x 2 cores / (64 cores x 0.8) = 0.625 min
    assert MEASURED.cluster_minutes(16.0, 2, 64) == 0.625
