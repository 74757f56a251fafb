"""The reader's names of the box-office chapter's models, registered with :mod:`helpers.common.names` when the
package is imported."""

from helpers.common.names import reader_name, register_reader_names

READER_NAMES = register_reader_names(
    {
        "mlp": "MLP",
        "rf": "Random forest",
        "gbm": "Gradient boosting",
        "mean_revenue": "Mean log revenue",
        "ols_budget": "OLS on log budget",
    },
    __name__,
)

__all__ = ["READER_NAMES", "reader_name"]
