"""The seed posts' training programs train to high accuracy on the engine
under test, on the digits that ship with cornu: the README's main example
(seed 001's CNN with Adadelta, `verbose=1`, `validation_data`), seed 003's
"pilot code" (Sequential + `Activation`, SGD, `validation_split=0.8`) and
seed 004's Functional MLP (RMSprop)."""

from __future__ import annotations

import numpy as np
import pytest

import cornu as keras
from cornu import layers
from cornu.datasets import digits
from examples import train_digits

pytestmark = pytest.mark.trainable


def _flat_digits():
    (x_train, y_train), (x_test, y_test) = digits.load_data()
    x_train = x_train.reshape(-1, 64).astype("float32") / 16.0
    x_test = x_test.reshape(-1, 64).astype("float32") / 16.0
    return ((x_train, keras.utils.to_categorical(y_train, 10)),
            (x_test, keras.utils.to_categorical(y_test, 10)))


def test_readme_example_trains_seed_001_cnn(capsys):
    accuracy = train_digits.main(["--epochs", "4"])
    out = capsys.readouterr().out
    assert accuracy > 0.9
    assert "Epoch 4/4" in out and "45/45" in out
    assert "val_accuracy" in out and "Test accuracy" in out


def test_seed_003_pilot_code_trains():
    # The post's pilot, made runnable: its model is `Sequential()` +
    # `Activation(...)` with categorical crossentropy, SGD and
    # `validation_split=0.8`; a Dense layer gives it weights to learn.
    keras.utils.set_random_seed(3)
    (x_train, y_train), _ = _flat_digits()
    model = keras.Sequential()
    model.add(layers.Dense(10, input_shape=(64,)))
    model.add(layers.Activation("softmax"))
    model.summary(print_fn=lambda *a, **k: None)
    sgd = keras.optimizers.SGD(learning_rate=0.5)
    model.compile(loss="categorical_crossentropy", optimizer=sgd,
                  metrics=["accuracy"])
    history = model.fit(x_train, y_train, batch_size=128, verbose=0,
                        epochs=30, validation_split=0.8)
    assert history.history["val_accuracy"][-1] > 0.85


def test_seed_004_functional_mlp_trains():
    keras.utils.set_random_seed(4)
    (x_train, y_train), (x_test, y_test) = _flat_digits()
    inputs = keras.Input(shape=(64,))
    x = layers.Dense(256, activation="relu")(inputs)
    x = layers.Dense(128, activation="relu")(x)
    predictions = layers.Dense(10, activation="softmax")(x)
    model = keras.Model(inputs=inputs, outputs=predictions)
    model.compile(optimizer=keras.optimizers.RMSprop(0.001),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, batch_size=32, epochs=5, verbose=0)
    _, accuracy = model.evaluate(x_test, y_test, verbose=0)
    assert accuracy > 0.9
    predicted = np.argmax(model.predict(x_test, verbose=0), axis=1)
    assert np.mean(predicted == np.argmax(y_test, axis=1)) == pytest.approx(
        accuracy)
