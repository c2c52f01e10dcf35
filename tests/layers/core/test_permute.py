"""Tests for `Permute`: patterns, symbolic shapes, Keras oracle, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output

CASES = {"swap": ((2, 1), (2, 3, 4)), "rotate": ((3, 1, 2), (2, 3, 4, 5)),
         "identity": ((1, 2), (2, 3, 4))}


@pytest.mark.parametrize("case", sorted(CASES))
def test_conformance_and_numpy_reference(case):
    dims, shape = CASES[case]
    expected = (shape[0], *(shape[d] for d in dims))
    check_layer(
        layers.Permute, {"dims": dims}, input_shape=shape,
        expected_output_shape=expected, expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0,
        reference=lambda x, w: np.transpose(x, (0, *dims)),
        supports_masking=False)


def test_symbolic_shape_keeps_unknown_dims():
    x = layers.Input(batch_shape=(None, None, 4))
    assert layers.Permute((2, 1))(x).shape == (None, 4, None)


@pytest.mark.oracle
@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_keras(case):
    dims, shape = CASES[case]
    kwargs = {"dims": dims, "name": "perm"}
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    layer = layers.Permute(**kwargs)
    theirs = keras_layer("Permute", kwargs, shape)
    np.testing.assert_array_equal(ops.convert_to_numpy(layer(x)),
                                  keras_output(theirs, x))
    assert config_diff(layer.get_config(), theirs.get_config()) == {}


@pytest.mark.parametrize("dims", [(0, 1), (1, 1), (2, 3), 5])
def test_bad_dims(dims):
    with pytest.raises(ValueError, match="dims"):
        layers.Permute(dims)


def test_wrong_rank_names_the_layer():
    with pytest.raises(ValueError, match=r"'perm'.*ndim=3"):
        layers.Permute((2, 1), name="perm")(np.ones((2, 3), dtype="float32"))
