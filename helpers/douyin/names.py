"""The reader's names of the live-stream chapter's forecasters, registered with :mod:`helpers.common.names` when
the package is imported."""

from helpers.common.names import reader_name, register_reader_names

READER_NAMES = register_reader_names(
    {
        "persistence": "Persistence",
        "training_mean": "Mean of the training minutes",
        "moving_avg": "Moving average",
        "gbm_lags": "Gradient boosting on lags",
        "lstm1": "LSTM v1",
        "lstm2": "LSTM v2",
        "lstm_multi": "Multivariate LSTM",
        "lstm2_l2": "LSTM v2, L2 on the LSTMs",
        "lstm2_relu": "LSTM v2, ReLU head",
        "lstm2_elu": "LSTM v2, ELU head",
        "lstm2_long": "LSTM v2, trained longer",
    },
    __name__,
)

__all__ = ["READER_NAMES", "reader_name"]
