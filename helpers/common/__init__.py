"""What every chapter uses: parameters, records, the judgement of claims, seeding, plots, metrics, errors, paths and
the worker-process pool."""
