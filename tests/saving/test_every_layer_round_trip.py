"""Every built-in layer survives a `.keras` round trip: same config, same
predictions. Layers are grouped by input kind into a few fan-out models
(one input, one output per layer), so each engine compiles few graphs."""

import inspect

import numpy as np
import pytest

import cornu
from tests._oracle import import_keras
from tests.saving._models import h5_listing, outputs, randomize

L = cornu.layers


def _opt(name, *args, **kwargs):
    """A factory `k -> k.layers.<name>(*args, **kwargs)` (`k` is cornu or
    keras), or None when this checkout of cornu has no such layer."""
    if not hasattr(L, name):
        return None
    return lambda k: getattr(k.layers, name)(*args, **kwargs)


def _wrapper(name, inner, *args):
    """A factory for a wrapper layer around `k.layers.<inner>(*args)`."""
    if not hasattr(L, name):
        return None
    return lambda k: getattr(k.layers, name)(getattr(k.layers, inner)(*args))


GROUPS = {
    "flat": ((4,), "float32", [
        _opt("Dense", 3), _opt("Activation", "tanh"),
        _opt("ActivityRegularization", l1=0.1), _opt("AlphaDropout", 0.5),
        _opt("Dropout", 0.5), _opt("GaussianDropout", 0.5),
        _opt("GaussianNoise", 0.5), _opt("ELU"), _opt("LeakyReLU"),
        _opt("PReLU"), _opt("ReLU", max_value=0.5), _opt("Softmax"),
        _opt("RepeatVector", 2), _opt("Reshape", (2, 2)),
        _opt("Normalization", mean=0.5, variance=2.0),
        _opt("Discretization", bin_boundaries=[0.0, 1.0]),
        _opt("UnitNormalization"), _opt("LayerNormalization"),
        _opt("Rescaling", 0.5, offset=1.0),
        _wrapper("SpectralNormalization", "Dense", 3),
    ]),
    "seq": ((6, 4), "float32", [
        _opt("Conv1D", 3, 2), _opt("Conv1DTranspose", 2, 2),
        _opt("DepthwiseConv1D", 2), _opt("SeparableConv1D", 2, 2),
        _opt("MaxPooling1D"), _opt("AveragePooling1D", 2),
        _opt("GlobalAveragePooling1D"), _opt("GlobalMaxPooling1D"),
        _opt("ZeroPadding1D"), _opt("Cropping1D", 1), _opt("UpSampling1D"),
        _opt("LSTM", 2), _opt("GRU", 2),
        _opt("SimpleRNN", 2), _wrapper("Bidirectional", "LSTM", 2),
        _wrapper("TimeDistributed", "Dense", 2), _opt("Masking"),
        _opt("Permute", (2, 1)), _opt("Flatten"),
        _opt("SpatialDropout1D", 0.5), _opt("GroupNormalization", groups=2),
    ]),
    "image": ((5, 5, 2), "float32", [
        _opt("Conv2D", 2, 2), _opt("Conv2DTranspose", 2, 2),
        _opt("DepthwiseConv2D", 2), _opt("SeparableConv2D", 2, 2),
        _opt("MaxPooling2D"), _opt("AveragePooling2D", 2),
        _opt("GlobalAveragePooling2D"), _opt("GlobalMaxPooling2D"),
        _opt("ZeroPadding2D"), _opt("Cropping2D", 1), _opt("UpSampling2D"),
        _opt("BatchNormalization"),
        _opt("SpatialDropout2D", 0.5), _opt("CenterCrop", 3, 3),
        _opt("Resizing", 3, 3), _opt("ConvLSTM1D", 2, 2),
        # Augmentation layers: the identity at inference (RandomCrop
        # center-crops), but their config must survive.
        _opt("RandomBrightness", 0.2), _opt("RandomContrast", 0.2),
        _opt("RandomFlip"),
        _opt("RandomRotation", 0.1), _opt("RandomTranslation", 0.1, 0.1),
        _opt("RandomZoom", 0.1),
    ]),
    "volume": ((4, 4, 4, 2), "float32", [
        _opt("Conv3D", 2, 2), _opt("Conv3DTranspose", 2, 2),
        _opt("MaxPooling3D"), _opt("AveragePooling3D", 2),
        _opt("GlobalAveragePooling3D"), _opt("GlobalMaxPooling3D"),
        _opt("ZeroPadding3D"), _opt("Cropping3D", 1), _opt("UpSampling3D"),
        _opt("SpatialDropout3D", 0.5),
        _opt("ConvLSTM2D", 2, 2),
    ]),
    "volume_sequence": ((2, 3, 3, 3, 1), "float32", [
        _opt("ConvLSTM3D", 2, 2),
    ]),
    "tokens": ((3,), "int32", [
        _opt("Embedding", 10, 2),
        _opt("CategoryEncoding", num_tokens=10, output_mode="multi_hot"),
    ]),
    "lookup": ((3,), "int32", [_opt("IntegerLookup", vocabulary=[1, 2, 3]),
                               _opt("Hashing", num_bins=4)]),
    "crop": ((5, 5, 2), "float32", [_opt("RandomCrop", 3, 3)]),
    # MultiHeadAttention is called on (query, value): see _group_model.
    "attention": ((6, 4), "float32", []),
}
# A group whose layers this checkout does not have yet is left out.
GROUPS = {name: group for name, group in GROUPS.items()
          if any(group[2]) or (name == "attention"
                               and hasattr(L, "MultiHeadAttention"))}
# Layers that take several inputs, and RNN wrappers built from cells.
MERGES = ["Add", "Average", "Maximum", "Minimum", "Multiply", "Subtract",
          "Concatenate"]
ATTENTION = ["Attention", "AdditiveAttention"]
NO_ORACLE = {
    "lookup": "Keras 3 builds its lookup and hashing layers on TensorFlow",
    "crop": "Keras 3.15's RandomCrop returns the uncropped input at "
            "inference (its symbolic shape says cropped); cornu crops",
}
CELL_STACKS = {"RNN": ("LSTMCell",), "StackedRNNCells": ("GRUCell",
                                                         "SimpleRNNCell")}
# Not here: the abstract base, the input placeholder, Lambda (its bytecode
# round trip is tested with safe mode in test_keras_archive), and the
# string-input preprocessing layers (a Functional graph has no string
# inputs yet).
EXEMPT = {"Layer", "InputLayer", "Lambda", "StringLookup",
          "TextVectorization"}


def _inputs(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    if dtype == "int32":
        return rng.integers(0, 10, size=(2, *shape)).astype("int32")
    return rng.uniform(-1, 1, size=(2, *shape)).astype("float32")


def _group_model(k, name):
    """A model with one input and one output per layer of the group, built
    with `k` (cornu or keras)."""
    shape, dtype, factories = GROUPS[name]
    inputs = k.Input(shape, dtype=dtype)
    if name == "seq" and hasattr(L, "RNN"):
        factories = factories + [
            lambda k: k.layers.RNN(k.layers.LSTMCell(2)),
            lambda k: k.layers.RNN(k.layers.StackedRNNCells(
                [k.layers.GRUCell(2), k.layers.SimpleRNNCell(2)])),
        ]
    outs = [make(k)(inputs) for make in factories if make is not None]
    if name == "seq":
        outs += [getattr(k.layers, a)()([inputs, inputs]) for a in ATTENTION
                 if hasattr(L, a)]
    if name == "attention":
        mha = k.layers.MultiHeadAttention(num_heads=2, key_dim=2)
        outs.append(mha(inputs, inputs))
    if name == "flat":
        other = k.layers.Dense(4)(inputs)
        outs += [getattr(k.layers, m)()([inputs, other]) for m in MERGES]
        outs.append(k.layers.Dot(axes=1)([inputs, other]))
    return k.Model(inputs, outs)


@pytest.mark.parametrize("name", sorted(GROUPS))
def test_round_trip(name, tmp_path):
    path = str(tmp_path / f"{name}.keras")
    model = _group_model(cornu, name)
    randomize(model)
    model.save(path)
    restored = cornu.saving.load_model(path)
    assert restored.get_config() == model.get_config()
    x = _inputs(*GROUPS[name][:2])
    got, want = outputs(restored, x), outputs(model, x)
    assert len(got) == len(want)
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)


def test_every_exported_layer_is_covered():
    covered = set(MERGES) | set(ATTENTION) | set(CELL_STACKS) | {
        "Dot", "MultiHeadAttention"} | {
        c for cells in CELL_STACKS.values() for c in cells} | EXEMPT
    for _, _, factories in GROUPS.values():
        for make in factories:
            if make is not None:
                covered.add(type(make(cornu)).__name__)
    exported = {v.__name__ for v in vars(L).values()
                if inspect.isclass(v) and issubclass(v, L.Layer)}
    missing = sorted(exported - covered)
    assert not missing, (
        f"Layers with no save/load round trip: {missing}. Add them to "
        "GROUPS in tests/saving/test_every_layer_round_trip.py."
    )


@pytest.mark.oracle
@pytest.mark.parametrize("name", sorted(GROUPS))
def test_same_weights_file_as_keras_and_loads_keras_files(name, tmp_path):
    if name in NO_ORACLE:
        pytest.skip(NO_ORACLE[name])
    keras = import_keras()
    keras_model = _group_model(keras, name)
    model = _group_model(cornu, name)
    keras_path = str(tmp_path / "k.weights.h5")
    cornu_path = str(tmp_path / "c.weights.h5")
    randomize(keras_model)
    keras_model.save_weights(keras_path)
    model.save_weights(cornu_path)
    assert h5_listing(cornu_path) == h5_listing(keras_path)
    model.load_weights(keras_path)
    x = _inputs(*GROUPS[name][:2])
    got, want = outputs(model, x), outputs(keras_model, x)
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
