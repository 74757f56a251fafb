"""Errors the book raises for bad input: each message names the file, row, column or parameter and the fix."""


class DataError(ValueError):
    """A data file is missing, corrupt or not in the expected schema."""


class ParameterError(ValueError):
    """A notebook or runner parameter has a value outside what the chapter accepts."""
