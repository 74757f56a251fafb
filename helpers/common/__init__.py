"""What every chapter uses: parameters, records and claims, seeding, plots, metrics, errors, paths and
the worker-process pool."""
