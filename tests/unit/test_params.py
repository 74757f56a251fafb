"""Parameter rules: each bad value stops the run with the parameter's name and what it accepts."""

import pytest

from helpers.common import params
from helpers.common.errors import ParameterError


def test_valid_parameters_pass():
    params.validate(
        {"epochs": 50, "lr": 1e-3, "model": "dl", "sizes": [32, 64], "path": None},
        {"epochs": params.Int(min=1), "lr": params.Float(min=0, open_min=True), "model": params.Choice(("mf", "dl")),
         "sizes": params.IntList(min=1), "path": params.Text(optional=True)},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("namespace", "rules", "message"),
    [
        ({"epochs": 0}, {"epochs": params.Int(min=1)}, r"parameter epochs=0: must be at least 1"),
        ({"epochs": "5"}, {"epochs": params.Int(min=1)}, r"parameter epochs='5': must be an integer"),
        ({"epochs": True}, {"epochs": params.Int(min=1)}, r"parameter epochs=True: must be an integer"),
        ({"lr": 0.0}, {"lr": params.Float(min=0, open_min=True)}, r"parameter lr=0.0: must be greater than 0"),
        (
            {"test_fraction": 1.5},
            {"test_fraction": params.Float(min=0, max=1)},
            r"test_fraction=1.5: must be at most 1",
        ),
        ({"model": "svd"}, {"model": params.Choice(("mf", "dl"))}, r"model='svd': must be one of \['mf', 'dl'\]"),
        ({"sizes": []}, {"sizes": params.IntList(min=1)}, r"sizes=\[\]: must be a non-empty list of integers"),
        ({"sizes": [32, 0]}, {"sizes": params.IntList(min=1)}, r"sizes=0: must be at least 1"),
        ({"path": 3}, {"path": params.Text(optional=True)}, r"path=3: must be a string"),
        ({"files": "a.csv"}, {"files": params.TextList(optional=True)}, r"files='a.csv': must be a non-empty list"),
        ({"files": ["a.csv", 3]}, {"files": params.TextList(optional=True)}, r"files=3: must be a string"),
        ({"regs": "0.1"}, {"regs": params.FloatList(min=0)}, r"regs='0.1': must be a non-empty list of numbers"),
        ({"regs": [0.1, -1]}, {"regs": params.FloatList(min=0)}, r"regs=-1: must be at least 0"),
        ({}, {"epochs": params.Int()}, r"parameter epochs is not defined in the notebook's parameters cell"),
    ],
)
def test_bad_values_name_the_parameter(namespace, rules, message):
    with pytest.raises(ParameterError, match=message):
        params.validate(namespace, rules)


def test_a_name_papermill_injected_but_the_notebook_lacks_is_refused():
    history = ["", "epochs = 50  # maximum epochs", "# Parameters\nepochs = 5\nbogus = 1\n", "params.validate(...)"]
    with pytest.raises(
        ParameterError, match=r"no parameter\(s\) \['bogus'\] in this notebook .*parameters are \['epochs'\]"
    ):
        params.validate({"In": history, "epochs": 5, "bogus": 1}, {"epochs": params.Int(min=1)})


def test_injected_names_that_the_notebook_defines_pass():
    history = ["", "epochs = 50", "# Parameters\nepochs = 5\n"]
    params.validate({"In": history, "epochs": 5}, {"epochs": params.Int(min=1)})
    assert params.injected_names({"In": history}) == {"epochs"}
    assert params.injected_names({"In": ["", "epochs = 50"]}) == set()
