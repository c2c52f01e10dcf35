"""`.keras` assets: lookup vocabularies in the archive's `assets/` folder,
in Keras 3's layout (`assets/<object path>/vocabulary.txt`), round trips
in cornu and Keras-layout archives loading in cornu.

Keras 3 builds its lookup layers on TensorFlow, which this environment
does not have, so the Keras-written archives here are made by hand
(`_keras_archive`) following the layout Keras 3.15's saving code writes:
the layer's config has `vocabulary: null` plus Keras's `vocabulary_size`,
`oov_method` and `salt`; the weights file has an empty `vars` group for the
layer (in `"tf_idf"` mode one dataset `idf_weights`, every output slot's
weight); the vocabulary is `assets/layers/<name>/vocabulary.txt`, the
special tokens first, joined by newlines.
"""

from __future__ import annotations

import io
import json
import zipfile

import h5py
import numpy as np
import pytest

import cornu
from cornu import layers, ops
from cornu.saving import assets
from cornu.saving.errors import InvalidFileError

INTS = np.array([[5, 5, 7], [9, 5, 7], [7, 5, 3]])
TEXTS = ["the cat sat", "the dog sat down", "a cat"]


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _lookup_model(lookup):
    inputs = layers.Input((3,), dtype="int32")
    return cornu.Model(inputs, lookup(inputs))


def _members(path):
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


@pytest.mark.parametrize("output_mode", ["int", "multi_hot", "tf_idf"])
def test_adapted_integer_lookup_round_trips(output_mode, tmp_path):
    lookup = layers.IntegerLookup(output_mode=output_mode, mask_token=0)
    lookup.adapt(INTS)
    model = _lookup_model(lookup)
    model.save(tmp_path / "m.keras")
    members = _members(tmp_path / "m.keras")
    text = members["assets/layers/integer_lookup/vocabulary.txt"].decode()
    assert text.split("\n") == [str(t) for t in lookup.get_vocabulary()]
    restored = cornu.saving.load_model(tmp_path / "m.keras")
    assert restored.layers[1].get_vocabulary() == lookup.get_vocabulary()
    x = np.array([[5, 3, 1], [0, 9, 7]], dtype="int32")
    np.testing.assert_allclose(_np(restored(x)), _np(model(x)))


def test_tf_idf_weights_are_stored_by_name_as_keras_does(tmp_path):
    lookup = layers.IntegerLookup(output_mode="tf_idf")
    lookup.adapt(INTS)
    model = _lookup_model(lookup)
    model.save_weights(tmp_path / "m.weights.h5")
    with h5py.File(tmp_path / "m.weights.h5") as f:
        group = f["layers/integer_lookup/vars"]
        assert list(group) == ["idf_weights"]
        np.testing.assert_allclose(group["idf_weights"][()],
                                   lookup._idf_vector())


def test_vocabulary_given_to_the_constructor_writes_no_asset(tmp_path):
    # As Keras: the config holds it.
    model = _lookup_model(layers.IntegerLookup(vocabulary=[4, 6]))
    model.save(tmp_path / "m.keras")
    assert not [n for n in _members(tmp_path / "m.keras")
                if n.startswith("assets/")]


def test_unadapted_lookup_writes_nothing_and_stays_unadapted(tmp_path):
    class Holder(cornu.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.lookup = layers.StringLookup()
            self.dense = layers.Dense(1)

        def call(self, x):
            return self.dense(x)

    model = Holder()
    model(np.zeros((1, 2), "float32"))
    model.save(tmp_path / "m.keras")
    assert not [n for n in _members(tmp_path / "m.keras")
                if n.startswith("assets/")]


# ----------------------------------------------------------------------
# a string pipeline: TextVectorization / StringLookup outside the graph
# ----------------------------------------------------------------------
@cornu.saving.register_keras_serializable("cornu_test_assets")
class TextClassifier(cornu.Model):
    """Holds its vectorizer (used in the data pipeline: cornu has no string
    tensors) next to the layers the ids flow through."""

    def __init__(self, max_tokens=20, **kwargs):
        super().__init__(**kwargs)
        self.max_tokens = max_tokens
        self.vectorize = layers.TextVectorization(
            max_tokens=max_tokens, output_sequence_length=4)
        self.tags = layers.StringLookup(num_oov_indices=2)
        self.embed = layers.Embedding(max_tokens, 3)
        self.pool = layers.GlobalAveragePooling1D()
        self.head = layers.Dense(2)

    def call(self, ids):
        return self.head(self.pool(self.embed(ids)))

    def get_config(self):
        return {**super().get_config(), "max_tokens": self.max_tokens}


def test_text_pipeline_model_round_trips(tmp_path):
    model = TextClassifier()
    model.vectorize.adapt(TEXTS)
    model.tags.adapt([["x", "y", "x"], ["z", "x", "y"]])
    ids = model.vectorize(TEXTS)
    want = _np(model(ids))
    model.save(tmp_path / "m.keras")
    members = _members(tmp_path / "m.keras")
    vocab = "\n".join(model.vectorize.get_vocabulary()).encode()
    # A subclassed model's sublayers are stored under `layers/` (as in the
    # weights file). Keras writes the vectorizer's vocabulary twice: once
    # for the layer, once for its `_lookup_layer`.
    folder = "assets/layers/text_vectorization"
    assert members[f"{folder}/vocabulary.txt"] == vocab
    assert members[f"{folder}/_lookup_layer/vocabulary.txt"] == vocab
    assert members["assets/layers/string_lookup/vocabulary.txt"] == (
        b"[UNK]\n[UNK]\nx\ny\nz")
    restored = cornu.saving.load_model(tmp_path / "m.keras")
    assert (restored.vectorize.get_vocabulary()
            == model.vectorize.get_vocabulary())
    assert restored.tags.get_vocabulary() == model.tags.get_vocabulary()
    np.testing.assert_array_equal(_np(restored.vectorize(TEXTS)), _np(ids))
    np.testing.assert_allclose(_np(restored(restored.vectorize(TEXTS))), want,
                               rtol=1e-6)
    tags = [["x", "q", "z"]]
    np.testing.assert_array_equal(_np(restored.tags(tags)),
                                  _np(model.tags(tags)))


# ----------------------------------------------------------------------
# archives in Keras's layout (made by hand, see the module docstring)
# ----------------------------------------------------------------------
def _keras_lookup_config(output_mode, idf=None):
    return {
        "name": "integer_lookup", "trainable": True,
        "dtype": {"module": "keras", "class_name": "DTypePolicy",
                  "config": {"name": "int64" if output_mode == "int"
                             else "float32"},
                  "registered_name": None},
        "invert": False, "max_tokens": None, "num_oov_indices": 1,
        "oov_token": -1, "mask_token": None, "output_mode": output_mode,
        "sparse": False, "pad_to_max_tokens": False,
        "vocabulary_dtype": "int64", "idf_weights": idf,
        "vocabulary": None, "vocabulary_size": 4, "oov_method": "floormod",
        "salt": None,
    }


def _keras_archive(path, output_mode, vocabulary_text, idf=None):
    """A `.keras` file as Keras 3 writes a Functional model whose only
    layer is an adapted IntegerLookup."""
    config = _lookup_model(layers.IntegerLookup(
        vocabulary=[1], output_mode=output_mode, name="integer_lookup",
        idf_weights=[1.0] if output_mode == "tf_idf" else None)).get_config()
    config["layers"][1]["config"] = _keras_lookup_config(output_mode)
    config = {"module": "keras", "class_name": "Functional",
              "config": config, "registered_name": "Functional"}
    weights = io.BytesIO()
    with h5py.File(weights, "w") as f:
        f.create_group("layers/input_layer/vars").attrs["name"] = (
            "input_layer")
        group = f.create_group("layers/integer_lookup/vars")
        group.attrs["name"] = "integer_lookup"
        if idf is not None:
            group.create_dataset("idf_weights",
                                 data=np.asarray(idf, "float32"))
        f.create_group("vars").attrs["name"] = "functional"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("metadata.json", json.dumps(
            {"keras_version": "3.15.1", "date_saved": "2026-01-01@00:00:00"}))
        zf.writestr("config.json", json.dumps(config))
        zf.writestr("model.weights.h5", weights.getvalue())
        zf.writestr("assets/layers/integer_lookup/vocabulary.txt",
                    vocabulary_text)


def test_keras_archive_with_adapted_integer_lookup_loads(tmp_path):
    _keras_archive(tmp_path / "k.keras", "int", "-1\n42\n7\n1000")
    model = cornu.saving.load_model(tmp_path / "k.keras")
    lookup = model.layers[1]
    assert lookup.get_vocabulary() == [-1, 42, 7, 1000]
    x = np.array([[7, 42, 5], [1000, 1000, 0]], dtype="int32")
    np.testing.assert_array_equal(_np(model(x)), [[2, 1, 0], [3, 3, 0]])


def test_keras_archive_with_tf_idf_lookup_loads(tmp_path):
    idf = [0.5, 1.25, 2.0]  # OOV slot, then one per token
    _keras_archive(tmp_path / "k.keras", "tf_idf", "-1\n7\n9\n", idf=idf)
    model = cornu.saving.load_model(tmp_path / "k.keras")
    assert model.layers[1].get_vocabulary() == [-1, 7, 9]
    x = np.array([[7, 7, 4], [9, 9, 9]], dtype="int32")
    np.testing.assert_allclose(_np(model(x)), [[0.5, 2.5, 0.0],
                                               [0.0, 0.0, 6.0]])


def test_keras_archive_vocabulary_with_windows_line_ends(tmp_path):
    _keras_archive(tmp_path / "k.keras", "int", "-1\r\n3\r\n4\r\n")
    model = cornu.saving.load_model(tmp_path / "k.keras")
    assert model.layers[1].get_vocabulary() == [-1, 3, 4]


def test_bad_vocabulary_asset_is_an_invalid_file(tmp_path):
    _keras_archive(tmp_path / "k.keras", "int", "-1\nseven\n")
    with pytest.raises(InvalidFileError,
                       match="IntegerLookup 'integer_lookup'.*assets/layers/"
                             "integer_lookup"):
        cornu.saving.load_model(tmp_path / "k.keras")


def test_assets_over_the_size_limit_are_refused(tmp_path, monkeypatch):
    _keras_archive(tmp_path / "k.keras", "int", "-1\n1\n2\n3\n")
    monkeypatch.setattr(assets, "MAX_ASSETS_BYTES", 4)
    with pytest.raises(InvalidFileError, match="assets hold 9 bytes"):
        cornu.saving.load_model(tmp_path / "k.keras")


def test_asset_names_that_escape_the_archive_are_refused(tmp_path):
    _keras_archive(tmp_path / "k.keras", "int", "-1\n1\n")
    with zipfile.ZipFile(tmp_path / "k.keras", "a") as zf:
        zf.writestr("assets/layers/integer_lookup/../../../../evil.txt", "x")
    with pytest.raises(InvalidFileError, match="escapes"):
        cornu.saving.load_model(tmp_path / "k.keras")
