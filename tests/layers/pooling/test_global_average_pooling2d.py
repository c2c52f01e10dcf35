"""Tests for `GlobalAveragePooling2D` (the shared checks live in
`_global_checks.py`)."""

from __future__ import annotations

import pytest

from cornu import layers
from cornu.testing import check_layer
from tests.layers.pooling import _global_checks as checks

CLS = layers.GlobalAveragePooling2D


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("data_format", checks.DATA_FORMATS)
def test_conformance_and_numpy_reference(data_format, keepdims):
    check_layer(CLS, **checks.conformance_case(CLS, data_format, keepdims))


@pytest.mark.oracle
@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("data_format", checks.DATA_FORMATS)
def test_matches_keras(data_format, keepdims):
    checks.check_matches_keras(CLS, data_format, keepdims)


def test_symbolic_shapes():
    checks.check_symbolic_shapes(CLS)


@pytest.mark.oracle
def test_config_matches_keras():
    checks.check_config_matches_keras(CLS)


def test_bad_arguments():
    checks.check_bad_arguments(CLS)


def test_keras2_alias():
    assert layers.GlobalAvgPool2D is CLS
