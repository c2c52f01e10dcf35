"""Inputs and a Keras 3 comparison shared by the `Attention` and
`AdditiveAttention` tests."""

from __future__ import annotations

import numpy as np

from cornu import layers, ops
from tests.layers._keras_layers import config_diff, keras_layer, keras_output


def inputs(seed=0, tq=3, tv=4, dim=5, batch=2):
    rng = np.random.default_rng(seed)
    q = rng.standard_normal((batch, tq, dim)).astype("float32")
    v = rng.standard_normal((batch, tv, dim)).astype("float32")
    k = rng.standard_normal((batch, tv, dim)).astype("float32")
    q_mask = np.ones((batch, tq), bool)
    q_mask[0, -1] = False
    v_mask = np.ones((batch, tv), bool)
    v_mask[1, -2:] = False
    return q, v, k, q_mask, v_mask


def softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def compare_with_keras(name, kwargs, call_kwargs, use_key):
    q, v, k, q_mask, v_mask = inputs()
    data = [q, v, k] if use_key else [q, v]
    ours = getattr(layers, name)(name="att", **kwargs)
    ours.build([x.shape for x in data])
    rng = np.random.default_rng(3)
    weights = [rng.random(w.shape).astype("float32") + 0.5
               for w in ours.get_weights()]
    ours.set_weights(weights)
    theirs = keras_layer(name, {"name": "att", **kwargs})
    theirs.build([x.shape for x in data])  # a list, as Keras requires
    theirs.set_weights(weights)
    if call_kwargs.pop("masks", False):
        call_kwargs["mask"] = [q_mask, v_mask]
    got = ours(data, return_attention_scores=True, **call_kwargs)
    want = keras_output_pair(theirs, data, call_kwargs)
    for a, b in zip(got, want, strict=True):
        np.testing.assert_allclose(ops.convert_to_numpy(a), b, rtol=1e-5,
                                   atol=1e-5)
    assert [v.name for v in ours.weights] == [v.name for v in theirs.weights]
    assert config_diff(ours.get_config(), theirs.get_config()) == {}


def keras_output_pair(layer, data, call_kwargs):
    from tests._oracle import import_keras

    keras = import_keras()
    out = layer([keras.ops.convert_to_tensor(x) for x in data],
                return_attention_scores=True, **call_kwargs)
    return [np.asarray(keras.ops.convert_to_numpy(o)) for o in out]


__all__ = ["compare_with_keras", "inputs", "keras_output", "softmax"]
