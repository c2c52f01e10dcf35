"""Small models built the same way in cornu and in Keras 3 (`k` is either
module), so files can move between them and predictions be compared."""

from __future__ import annotations

import numpy as np

import cornu


def mlp(k):
    L = k.layers
    return k.Sequential([k.Input((3,)), L.Dense(4, activation="relu"),
                         L.Dense(2)])


def cnn_bn(k):
    L = k.layers
    return k.Sequential([
        k.Input((5, 5, 2)), L.Conv2D(3, 3), L.BatchNormalization(),
        L.MaxPooling2D(), L.Flatten(), L.Dense(2)])


def multi_io(k):
    """Two inputs, two outputs, a nested Sequential and a nested
    Functional."""
    L = k.layers
    a = k.Input((3,), name="a")
    b = k.Input((2,), name="b")
    x = L.Concatenate()([L.Dense(4)(a), b])
    inner_seq = k.Sequential([k.Input((6,)), L.Dense(3)])
    i = k.Input((6,))
    inner_fn = k.Model(i, L.Dense(2, activation="tanh")(i))
    y1 = L.Dense(1)(inner_seq(x))
    y2 = L.Add()([inner_fn(x), L.Dense(2)(x)])
    return k.Model([a, b], [y1, y2])


def subclassed_classes(k):
    """`(Block, Net)`: a layer holding sublayers (attribute, list, private
    attribute, own weight) inside a subclassed model."""
    L = k.layers

    class Block(L.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.first = L.Dense(3)
            self.stack = [L.Dense(2), L.Dense(2)]
            self._last = L.Dense(2)

        def build(self, input_shape):
            self.scale = self.add_weight(shape=(1,), name="scale",
                                         initializer="ones")

        def call(self, x):
            x = self.stack[1](self.stack[0](self.first(x)))
            return self._last(x) * self.scale

    class Net(k.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.block = Block()
            self.head = L.Dense(1)
            self.pair = (L.Dense(1), [L.Dense(1)])

        def call(self, x):
            return (self.head(self.block(x)) + self.pair[0](x)
                    + self.pair[1][0](x))

    return Block, Net


def subclassed(k):
    net = subclassed_classes(k)[1]()
    net(np.zeros((1, 3), "float32"))
    return net


def rnn(k):
    """LSTM, Bidirectional GRU, TimeDistributed Dense and SimpleRNN: layers
    whose variables live in sublayers (`cell`, `forward_layer`, ...)."""
    L = k.layers
    return k.Sequential([
        k.Input((4, 3)), L.LSTM(4, return_sequences=True),
        L.Bidirectional(L.GRU(2, return_sequences=True)),
        L.TimeDistributed(L.Dense(2)), L.SimpleRNN(2)])


BUILDERS = {"mlp": mlp, "cnn_bn": cnn_bn, "multi_io": multi_io,
            "subclassed": subclassed}
if hasattr(cornu.layers, "LSTM"):
    BUILDERS["rnn"] = rnn


def inputs_for(name, seed=0):
    rng = np.random.default_rng(seed)
    if name == "cnn_bn":
        return rng.normal(size=(2, 5, 5, 2)).astype("float32")
    if name == "rnn":
        return rng.normal(size=(2, 4, 3)).astype("float32")
    if name == "multi_io":
        return [rng.normal(size=(2, 3)).astype("float32"),
                rng.normal(size=(2, 2)).astype("float32")]
    return rng.normal(size=(2, 3)).astype("float32")


def randomize(model, seed=1):
    """Sets every weight to random values (variances positive), so a
    wrong mapping shows in the predictions."""
    rng = np.random.default_rng(seed)
    for v in model.weights:
        low = 0.5 if "variance" in v.name else -1.0
        v.assign(rng.uniform(low, 1.5, size=tuple(v.shape)).astype(
            "float32"))


def outputs(model, x) -> list:
    """The model's inference outputs (`training=False`: Keras's
    augmentation layers otherwise augment) as a list of NumPy arrays
    (cornu or Keras)."""
    out = model(x, training=False)
    if not isinstance(out, (list, tuple)):
        out = [out]
    return [np.asarray(cornu.ops.convert_to_numpy(o)) if _is_cornu(model)
            else _keras_numpy(o) for o in out]


def _is_cornu(model) -> bool:
    return type(model).__module__.startswith("cornu") or isinstance(
        model, cornu.layers.Layer)


def _keras_numpy(t):
    import keras

    return np.asarray(keras.ops.convert_to_numpy(t))


def h5_listing(path) -> list:
    """`[(name, shape or None), ...]` for every group and dataset."""
    import h5py

    out = []
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: out.append(
            (name, getattr(obj, "shape", None))))
    return out
