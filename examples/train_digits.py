"""Trains the CNN of seed 001 on handwritten digits, with no download.

The first seed post builds a Sequential CNN with `.add()` — Conv2D, Flatten,
Dense, Dropout, Dense softmax — compiles it with categorical crossentropy,
Adadelta and `metrics=['accuracy']`, and fits it with `verbose=1` and
`validation_data`. This is that program, written as the post writes it with
`import cornu as keras`, on the UCI 8x8 digits that ship inside cornu
(`cornu.datasets.digits`): it prints Keras's progress bar and the test
accuracy (about 0.98 after 12 epochs).

Run it with `python examples/train_digits.py` (`CORNU_BACKEND=jax` to train
on jax; `--epochs N` to change the length of training).
"""

from __future__ import annotations

import argparse
import time

import cornu as keras
from cornu import layers
from cornu.datasets import digits

NUM_CLASSES = 10


def build_model(input_shape):
    # Seed 001, layer for layer.
    model = keras.Sequential()
    model.add(layers.Conv2D(32, kernel_size=(3, 3), activation="relu",
                            input_shape=input_shape))
    model.add(layers.Flatten())
    model.add(layers.Dense(128, activation="relu"))
    model.add(layers.Dropout(0.5))
    model.add(layers.Dense(NUM_CLASSES, activation="softmax"))
    return model


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args(argv)

    keras.utils.set_random_seed(1337)
    (x_train, y_train), (x_test, y_test) = digits.load_data()
    # Pixels are counts in 0..16: scale to [0, 1] and add a channel axis.
    x_train = x_train.reshape(-1, 8, 8, 1).astype("float32") / 16.0
    x_test = x_test.reshape(-1, 8, 8, 1).astype("float32") / 16.0
    y_train = keras.utils.to_categorical(y_train, NUM_CLASSES)
    y_test = keras.utils.to_categorical(y_test, NUM_CLASSES)
    print(f"engine: {keras.backend.backend()}; x_train {x_train.shape}, "
          f"x_test {x_test.shape}")

    model = build_model(x_train.shape[1:])
    model.summary()
    # Keras 2's Adadelta defaulted to learning_rate=1.0 (Keras 3's to
    # 0.001); the post used the Keras 2 default.
    model.compile(loss=keras.losses.categorical_crossentropy,
                  optimizer=keras.optimizers.Adadelta(learning_rate=1.0),
                  metrics=["accuracy"])
    start = time.perf_counter()
    model.fit(x_train, y_train,
              batch_size=args.batch_size,
              epochs=args.epochs,
              verbose=1,
              validation_data=(x_test, y_test))
    seconds = time.perf_counter() - start
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"Test loss: {loss:.4f}")
    print(f"Test accuracy: {accuracy:.4f}  (trained in {seconds:.1f} s)")
    return accuracy


if __name__ == "__main__":
    main()
