"""The data tour's parameters (chapter ``00_data``): the rule of each, and the settings its page cites by
value (none).

The notebook checks its ``parameters`` cell with one call, ``parameters.check(globals())``, right after it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from helpers.common import params

RECORD_PREFIX = "data"  # the tour's records start with this
RULES: dict[str, params.Rule] = {
    "sample_rows": params.Int(min=1, max=50),
    "poster_count": params.Int(min=1, max=60),
    "data_dir": params.Text(optional=True),
}
CITED: tuple[str, ...] = ()  # the settings the prose cites


def check(namespace: Mapping[str, Any]) -> None:
    """Check the tour's parameters in ``namespace`` (the notebook's ``globals()``), each against its rule in
    :data:`RULES`; then glue the settings the prose cites (:data:`CITED`) as ``data.setting.<name>``.
    Raises ParameterError naming the parameter and the fix."""
    params.validate(namespace, RULES)
    params.record_settings(namespace, CITED, RECORD_PREFIX)
