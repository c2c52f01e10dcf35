"""`Model.summary()` against the text Keras 3 prints for the same models.

Each model is built twice by one factory, once with `cornu` and once with
`keras` (the oracle), with every layer named so that automatic names play
no part. The console width is fixed with `COLUMNS`, which both Keras (via
rich and `shutil`) and cornu read.
"""

from __future__ import annotations

import numpy as np
import pytest

import cornu
from tests._oracle import import_keras


def _custom_classes(k):
    """The same small custom layers, written against library `k`."""

    class Dense(k.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units

        def build(self, input_shape):
            self.kernel = self.add_weight(
                shape=(input_shape[-1], self.units), initializer="ones",
                name="kernel")
            self.bias = self.add_weight(shape=(self.units,),
                                        initializer="zeros", name="bias")

        def call(self, x):
            return k.ops.matmul(x, self.kernel) + self.bias

        def compute_output_shape(self, input_shape):
            return (*input_shape[:-1], self.units)

    class Concatenate(k.layers.Layer):
        def call(self, inputs):
            return k.ops.concatenate(inputs, axis=-1)

        def compute_output_shape(self, input_shape):
            return (*input_shape[0][:-1], sum(s[-1] for s in input_shape))

    class Split(k.layers.Layer):
        def call(self, x):
            return [x[:, :2], x[:, 2:]]

        def compute_output_shape(self, input_shape):
            return [(input_shape[0], 2), (input_shape[0], input_shape[1] - 2)]

    class Block(k.layers.Layer):
        """Sublayers and no `compute_output_shape`: Keras shows `?`."""

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.inner_a = Dense(3, name="inner_a")
            self.inner_b = Dense(3, name="inner_b")

        def call(self, x):
            return self.inner_b(self.inner_a(x)) + x

    class Frozen(k.layers.Layer):
        """Non-trainable weights in the footer."""

        def build(self, input_shape):
            self.scale = self.add_weight(shape=(input_shape[-1],),
                                         initializer="ones", name="scale",
                                         trainable=False)

        def call(self, x):
            return x * self.scale

        def compute_output_shape(self, input_shape):
            return input_shape

    return Dense, Concatenate, Split, Block, Frozen


def _build(k, kind):
    Dense, Concatenate, Split, Block, Frozen = _custom_classes(k)
    if kind == "sequential":
        return k.Sequential([
            k.Input((16,)), Dense(64, name="hidden"),
            Frozen(name="frozen"), Dense(10, name="logits"),
        ], name="mlp")
    if kind == "sequential_unbuilt":
        return k.Sequential([Dense(3, name="d1"), Dense(2, name="d2")],
                            name="unbuilt")
    if kind == "sequential_empty":
        return k.Sequential(name="empty")
    if kind == "multi_input":
        a = k.Input((32,), name="in_a")
        b = k.Input((16,), name="in_b")
        x = Dense(8, name="branch_a")(a)
        y = Dense(8, name="branch_b")(b)
        z = Concatenate(name="merge")([x, y])
        return k.Model([a, b], Dense(1, name="out")(z), name="two_inputs")
    if kind == "chain":
        a = k.Input((4,), name="x")
        y = Dense(2, name="second")(Dense(3, name="first")(a))
        return k.Model(a, y, name="chain")
    if kind == "multi_output":
        a = k.Input((5,), name="x")
        p, q = Split(name="split")(a)
        return k.Model(a, [Dense(1, name="p")(p), Dense(2, name="q")(q)],
                       name="two_outputs")
    if kind == "shared":
        a = k.Input((5,), name="x")
        shared = Dense(5, name="shared")
        return k.Model(a, shared(shared(a)), name="shared_twice")
    if kind == "nested":
        inner = k.Sequential([k.Input((4,)), Dense(3, name="inner_1"),
                              Dense(2, name="inner_2")], name="inner")
        a = k.Input((4,), name="outer_in")
        return k.Model(a, Dense(1, name="head")(inner(a)), name="outer")
    if kind == "nested_functional":
        a = k.Input((4,), name="sub_in")
        b = Dense(3, name="sub_dense")(a)
        inner = k.Model(a, b, name="sub_model")
        x = k.Input((4,), name="main_in")
        y = k.Input((4,), name="aux_in")
        z = Concatenate(name="join")([inner(x), inner(y)])
        return k.Model([x, y], z, name="siamese")
    if kind == "subclassed":
        model = _subclassed(k, Dense, Block)
        model(np.ones((2, 5), "float32"))
        return model
    if kind == "subclassed_unbuilt":
        return _subclassed(k, Dense, Block)
    if kind == "subclassed_graphs":
        return _subclassed_graphs(k, Dense)
    if kind == "ops":
        a = k.Input((4,), name="a")
        x = Dense(3, name="d")(a)
        y = k.ops.relu(x)
        z = k.ops.add(y, x)
        return k.Model(a, [z, k.ops.sum(k.ops.square(z), axis=-1)],
                       name="with_ops")
    if kind == "long_names":
        a = k.Input((5,), name="an_input_with_a_long_name_that_does_not_fit")
        x = Dense(3, name="dense_with_wide_名字_characters")(a)
        y = Dense(3, name="short")(a)
        z = Concatenate(name="concatenate_with_a_long_name")([x, y, x])
        return k.Model(a, z, name="model_" + "x" * 90)
    raise ValueError(kind)


def _subclassed(k, Dense, Block):
    class Net(k.Model):
        def __init__(self):
            super().__init__(name="net")
            self.stem = Dense(3, name="stem")
            self.block = Block(name="block")
            self.tail = k.Sequential([k.Input((3,)),
                                      Dense(2, name="tail_dense")],
                                     name="tail")

        def call(self, x):
            return self.tail(self.block(self.stem(x)))

    return Net()


def _subclassed_graphs(k, Dense):
    a = k.Input((5,), name="graph_in")
    graph = k.Model(a, [Dense(3, name="g1")(a), Dense(2, name="g2")(a)],
                    name="graph")
    stack = k.Sequential([k.Input((3,)), Dense(2, name="st")], name="stack")

    class Wrapper(k.Model):
        def __init__(self):
            super().__init__(name="wrapper")
            self.graph = graph
            self.stack = stack
            self.unused = k.Sequential([Dense(2, name="unused_dense")],
                                       name="unused")

        def call(self, x):
            p, q = self.graph(x)
            return self.stack(p), q

    model = Wrapper()
    model(np.ones((2, 5), "float32"))
    return model


def _text(model, **kwargs) -> str:
    out = []
    model.summary(print_fn=out.append, **kwargs)
    assert len(out) == 1
    return out[0]


def _assert_same(kind, **kwargs):
    keras = import_keras()
    if kind == "ops":
        # Ops cannot be named: start both libraries' automatic names afresh.
        from cornu.layers.layer import reset_names

        keras.backend.clear_session()
        reset_names()
    want = _text(_build(keras, kind), **kwargs)
    got = _text(_build(cornu, kind), **kwargs)
    assert got.splitlines() == want.splitlines()
    assert got == want


KINDS = ["sequential", "sequential_unbuilt", "sequential_empty",
         "multi_input", "chain", "multi_output", "shared", "nested",
         "nested_functional", "ops", "long_names"]
OPTIONS = [
    {},
    {"show_trainable": True},
    {"expand_nested": True},
    {"expand_nested": True, "show_trainable": True, "line_length": 70},
    {"line_length": 40},
    {"line_length": 150},
]


@pytest.mark.oracle
@pytest.mark.parametrize("options", OPTIONS, ids=str)
@pytest.mark.parametrize("kind", KINDS)
def test_matches_keras(kind, options, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    _assert_same(kind, **options)


@pytest.mark.oracle
@pytest.mark.parametrize("kind, positions", [
    ("sequential", [0.5, 0.7, 1.0]),
    ("chain", [0.2, 0.5, 1.0]),
    ("multi_input", [0.25, 0.5, 0.6, 1.0]),
])
def test_positions_match_keras(kind, positions, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    _assert_same(kind, positions=positions)
    _assert_same(kind, positions=positions, line_length=90)


def _real_layers_cnn(k):
    layers = k.layers
    return k.Sequential([
        k.Input((28, 28, 1)),
        layers.Conv2D(32, (3, 3), activation="relu", name="conv"),
        layers.MaxPooling2D(name="pool"),
        layers.BatchNormalization(name="bn"),
        layers.Flatten(name="flatten"),
        layers.Dense(128, activation="relu", name="hidden"),
        layers.Dropout(0.5, name="dropout"),
        layers.Dense(10, activation="softmax", name="probabilities"),
    ], name="cnn")


@pytest.mark.oracle
@pytest.mark.parametrize("options", [{}, {"show_trainable": True}], ids=str)
def test_library_layers_match_keras(options, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    keras = import_keras()
    want = _text(_real_layers_cnn(keras), **options)
    assert _text(_real_layers_cnn(cornu), **options) == want


@pytest.mark.oracle
@pytest.mark.parametrize("columns", ["50", "80", "120", "200"])
@pytest.mark.parametrize("kind", ["sequential", "multi_input",
                                  "long_names"])
def test_matches_keras_at_console_width(kind, columns, monkeypatch):
    monkeypatch.setenv("COLUMNS", columns)
    _assert_same(kind)
    _assert_same(kind, show_trainable=True, expand_nested=True)


@pytest.mark.oracle
@pytest.mark.filterwarnings(  # Keras, about the model's unused Sequential
    "ignore:`build\\(\\)` was called on layer:UserWarning")
@pytest.mark.parametrize("options", [{}, {"expand_nested": True},
                                     {"show_trainable": True}], ids=str)
@pytest.mark.parametrize("kind", ["subclassed", "subclassed_unbuilt",
                                  "subclassed_graphs"])
def test_subclassed_matches_keras(kind, options, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    _assert_same(kind, **options)


@pytest.mark.oracle
def test_sequential_built_by_call_matches_keras(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    keras = import_keras()
    texts = []
    for k in (keras, cornu):
        Dense = _custom_classes(k)[0]
        model = k.Sequential([Dense(2, name="d")], name="called")
        model(np.ones((2, 3), "float32"))
        texts.append(_text(model))
    assert texts[1] == texts[0]


@pytest.mark.oracle
@pytest.mark.parametrize("layer_range", [["branch.*", "merge"],
                                         ["out", "in_a"]])
def test_layer_range_matches_keras(layer_range, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    _assert_same("multi_input", layer_range=layer_range)


@pytest.mark.oracle
def test_frozen_layer_matches_keras(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    keras = import_keras()
    texts = []
    for k in (keras, cornu):
        model = _build(k, "multi_input")
        model.get_layer("branch_a").trainable = False
        texts.append(_text(model, show_trainable=True))
    assert texts[1] == texts[0]


def test_sequential_text(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    text = _text(_build(cornu, "sequential"))
    assert text == (
        'Model: "mlp"\n'
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳"
        "━━━━━━━━━━━━━━━┓\n"
        "┃ Layer (type)                    ┃ Output Shape           ┃"
        "       Param # ┃\n"
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇"
        "━━━━━━━━━━━━━━━┩\n"
        "│ hidden (Dense)                  │ (None, 64)             │"
        "         1,088 │\n"
        "├─────────────────────────────────┼────────────────────────┼"
        "───────────────┤\n"
        "│ frozen (Frozen)                 │ (None, 64)             │"
        "            64 │\n"
        "├─────────────────────────────────┼────────────────────────┼"
        "───────────────┤\n"
        "│ logits (Dense)                  │ (None, 10)             │"
        "           650 │\n"
        "└─────────────────────────────────┴────────────────────────┴"
        "───────────────┘\n"
        " Total params: 1,802 (7.04 KB)\n"
        " Trainable params: 1,738 (6.79 KB)\n"
        " Non-trainable params: 64 (256.00 B)\n"
    )


def test_connected_to_column_only_for_graphs(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    assert "Connected to" in _text(_build(cornu, "multi_input"))
    assert "Connected to" in _text(_build(cornu, "shared"))
    assert "Connected to" not in _text(_build(cornu, "chain"))
    text = _text(_build(cornu, "multi_input"))
    assert "│ branch_a[0][0],  " in text and "│ branch_b[0][0]  " in text


def test_print_fn_defaults_to_stdout(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    model = _build(cornu, "chain")
    model.summary()
    assert capsys.readouterr().out == _text(model)


def test_subclassed_build_builds_layers(monkeypatch):
    """`build(input_shape)` builds the layers in cornu (Keras 3 leaves a
    subclassed model's layers unbuilt), so the table shows weights."""
    monkeypatch.setenv("COLUMNS", "100")
    Dense, _, _, Block, _ = _custom_classes(cornu)
    model = _subclassed(cornu, Dense, Block)
    model.build((None, 5))
    text = _text(model)
    assert "│ stem (Dense)" in text and "(None, 3)" in text
    assert "│ block (Block)" in text and " ? " in text
    assert " Total params: 50 (200.00 B)" in text


def test_insufficient_width_raises(monkeypatch):
    monkeypatch.setenv("COLUMNS", "14")
    with pytest.raises(ValueError, match="Insufficient console width"):
        _text(_build(cornu, "chain"))
    with pytest.raises(ValueError, match="Insufficient console width"):
        _text(_build(cornu, "chain"), line_length=10)


@pytest.mark.parametrize("layer_range", [["x"], ["nope", "first"], [1, 2]])
def test_bad_layer_range_raises(layer_range):
    with pytest.raises(ValueError, match="layer_range|layer_names"):
        _text(_build(cornu, "chain"), layer_range=layer_range)


@pytest.mark.parametrize("size, text", [
    (0, "0.00 B"), (612, "612.00 B"), (1024, "1.00 KB"),
    (8448, "8.25 KB"), (102_546_848, "97.80 MB"), (2**50 * 3, "3.00 PB"),
])
def test_readable_sizes(size, text):
    from cornu.models.summary import _readable_size

    assert _readable_size(size) == text


def test_optimizer_params_line(monkeypatch):
    """A compiled model with a built optimizer gets Keras's fourth line."""
    from types import SimpleNamespace

    from cornu.models.summary import print_summary

    monkeypatch.setenv("COLUMNS", "80")
    weights = _build(cornu, "chain").weights
    model = SimpleNamespace(
        name="fake", layers=[], trainable_weights=weights,
        non_trainable_weights=[], compiled=True,
        optimizer=SimpleNamespace(built=True, variables=weights[:2]))
    out = []
    print_summary(model, print_fn=out.append)
    assert out[0].endswith(
        " Total params: 38 (152.00 B)\n"
        " Trainable params: 23 (92.00 B)\n"
        " Non-trainable params: 0 (0.00 B)\n"
        " Optimizer params: 15 (60.00 B)\n")
