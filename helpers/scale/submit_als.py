"""The appendix's ALS as a Spark application, for ``spark-submit`` (see :func:`helpers.scale.cluster.submit_command`):
read a Parquet layout, fit and score ALS as :func:`helpers.scale.engines.fit_als` does (the fit alone, not
refitted with fewer iterations for its accuracy along the way), write what it measured as JSON. The master
comes from ``spark-submit``'s ``--master``."""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from collections.abc import Sequence
from pathlib import Path

from helpers.scale import engines

CLUSTER_SETTINGS = {  # engines.SPARK_SETTINGS less what belongs to one machine (the driver's address)
    name: value for name, value in engines.SPARK_SETTINGS.items() if not name.startswith("spark.driver.")
}


def arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line: the data folder, the JSON output, ALS's rank, penalty, iterations and seed."""
    parser = argparse.ArgumentParser(description="Fit the scale appendix's ALS on a Spark cluster.")
    parser.add_argument("--data-dir", required=True, help="Parquet layout (train/, test.parquet, meta.json)")
    parser.add_argument("--output", required=True, help="JSON file for the measurements, on the driver")
    parser.add_argument("--rank", type=int, required=True)
    parser.add_argument("--reg-param", type=float, required=True)
    parser.add_argument("--iterations", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the application: one Spark session, one ALS fit, its :class:`~helpers.scale.engines.ALSResult`
    written as JSON to ``--output``."""
    from pyspark.sql import SparkSession

    options = arguments(argv)
    began = time.perf_counter()
    spark = SparkSession.builder.appName("scale-als-submit").config(map=CLUSTER_SETTINGS).getOrCreate()
    spark.sparkContext.setLogLevel(engines.SPARK_LOG_LEVEL)
    start_seconds = time.perf_counter() - began
    task = engines.ALSTask(
        Path(options.data_dir), options.rank, options.reg_param, options.iterations, options.seed, scored_iterations=()
    )
    try:
        result = engines.fit_als(spark, task, start_seconds)
    finally:
        spark.stop()
    Path(options.output).write_text(json.dumps(dataclasses.asdict(result)))


if __name__ == "__main__":
    main()
