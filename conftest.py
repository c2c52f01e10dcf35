"""Doctests (`pytest --doctest-modules cornu`, run by CI on the NumPy
engine) see `np` and `cornu` without importing them, as the examples in the
docstrings assume."""

import numpy as np
import pytest


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace):
    import cornu

    doctest_namespace["np"] = np
    doctest_namespace["cornu"] = cornu
