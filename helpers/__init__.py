"""Shared code of the book: data registry, runner, records and the models the chapters share."""

__version__ = "0.1.0"
