"""The scale appendix's sentences about its standalone Spark cluster, written from what the run measured.

A run either starts the cluster (the full profile) or leaves it out (the quick profile, whose minutes a
cluster's start-up would exceed); each sentence says which, so that no page cites a figure its run did not
measure.
"""

from __future__ import annotations

from dataclasses import dataclass

LEFT_OUT = (
    "This run left the standalone cluster out: starting a master, its workers and a Spark application for"
    " each fit costs more than the quick profile's minutes. The full profile, from which the book is built,"
    " measures it."
)


@dataclass(frozen=True)
class Scaling:
    """What the standalone cluster measured: ``workers`` workers of one core, the median fit from disk
    (seconds) with one worker (``one_s``) and with all of them (``many_s``), local mode's median fit at the
    same size (``local_s``), and the cluster's processes still running after it was stopped."""

    workers: int
    one_s: float
    many_s: float
    local_s: float
    left_behind: int

    @property
    def efficiency(self) -> float:
        """Strong-scaling efficiency: the one-worker time over ``workers`` times the many-worker time (1 is
        perfect scaling)."""
        return self.one_s / (self.workers * self.many_s)

    def cluster_minutes(self, local_minutes: float, local_cores: int, cluster_cores: int) -> float:
        """Minutes of a fit on ``cluster_cores`` cores that takes ``local_minutes`` on ``local_cores`` here,
        scaled by the cores and by the measured :attr:`efficiency`."""
        return local_minutes * local_cores / (cluster_cores * self.efficiency)

    @property
    def left_text(self) -> str:
        """The cluster's processes left running after it was stopped, as words ("none", "3")."""
        return "none" if self.left_behind == 0 else str(self.left_behind)


def plan(workers: int, size: int, repeats: int) -> str:
    """How this run measures the cluster: ``workers`` workers and ``repeats`` fits at ``size`` ratings,
    or :data:`LEFT_OUT` when ``workers`` is 0."""
    if not workers:
        return LEFT_OUT
    fits = "once" if repeats == 1 else f"{repeats} times"
    return (
        f"This run starts {workers} workers and fits ALS at {size:,} ratings {fits} with one worker's core and"
        f" {fits} with all {workers}."
    )


def result(scaling: Scaling | None) -> str:
    """What the cluster measured, in words, or that this run did not measure it (``scaling`` None)."""
    if scaling is None:
        return "This run measured no cluster, so it gives no scaling efficiency."
    than_one = "shorter" if scaling.many_s < scaling.one_s else "no shorter"
    return (
        f"With one worker's core, a fit from disk took {scaling.one_s:.1f} seconds; with {scaling.workers},"
        f" {scaling.many_s:.1f}, {than_one} than with one; in local mode, {scaling.local_s:.1f}. The measured"
        f" strong-scaling efficiency, the one-worker time over {scaling.workers} times the many-worker time,"
        f" is {scaling.efficiency:.2f} (1 would be perfect scaling). After the cluster was stopped,"
        f" {scaling.left_text} of its processes were still running."
    )


def cluster_estimate(scaling: Scaling | None, local_minutes: float, local_cores: int, cluster_cores: int) -> str:
    """The time of an ALS fit at the prize's size on ``cluster_cores`` cores, from this machine's
    ``local_minutes`` on ``local_cores`` cores and the measured efficiency; or why there is none."""
    if scaling is None:
        return (
            f"This run measured no cluster's scaling, so it gives no time for a cluster of {cluster_cores}"
            " cores; the full profile does."
        )
    minutes = scaling.cluster_minutes(local_minutes, local_cores, cluster_cores)
    return (
        f"On a cluster of {cluster_cores} cores scaling with the efficiency measured here, it would take about"
        f" {minutes:,.1f} minutes."
    )


def summary(scaling: Scaling | None) -> str:
    """The summary's line on the cluster."""
    if scaling is None:
        return "This run left the standalone Spark cluster out; the full profile measures its scaling."
    return (
        f"A standalone Spark cluster of {scaling.workers} workers ran the same ALS with a strong-scaling"
        f" efficiency of {scaling.efficiency:.2f}; once it was stopped, {scaling.left_text} of its processes"
        " were left running."
    )
