"""The benchmark workloads: synthetic data and the Keras-style user code.

The same user-code functions run for cornu and for Keras 3; only the module
passed as `keras` differs (`import cornu as keras` or `import keras`). The
hand-written baselines (`_hand_torch.py`, `_hand_jax.py`) build the same
models directly in their engine.

Every workload has a full size (issue 7) and a quick size (`--quick`, a
tenth of the samples), and draws its data from a fixed seed.
"""

from __future__ import annotations

import numpy as np

# name: (title, samples (full), batch size)
TRAINING = {
    # W0 is W1 shrunk until the arithmetic costs nothing: its step time is
    # the framework's own per-step overhead (`bench_step.py`; not one of
    # issue 7's workloads, so `run.py` leaves it out by default).
    "W0": ("MLP 32-16-16-10 (per-step overhead)", 3_200, 16),
    "W1": ("MLP 784-512-512-10", 60_000, 128),
    "W2": ("CNN 32x32x3, 3 convs", 10_000, 64),
    "W3": ("LSTM 100 tokens, vocab 20000", 5_000, 64),
}
QUICK_FRACTION = 10
VOCABULARY = 20_000
SEQUENCE_LENGTH = 100
LEARNING_RATE = 1e-3
# Keras's Adam epsilon; the hand-written baselines use the same value.
EPSILON = 1e-7
# MLP workloads: (inputs, hidden units)
MLP_WIDTHS = {"W0": (32, 16), "W1": (784, 512)}


def n_samples(workload: str, quick: bool) -> int:
    """Number of training samples of `workload` at the chosen size."""
    n = TRAINING[workload][1]
    return n // QUICK_FRACTION if quick else n


def make_data(workload: str, n: int, seed: int = 0):
    """`(x, y)` NumPy arrays of real shapes for `workload`, from `seed`.

    W1: 784 pixels in [0, 1) and 10 classes (W0: 32 "pixels"); W2:
    32x32x3 images (channels last, as Keras) and 10 classes; W3: token ids
    below 20000 and binary float labels.
    """
    rng = np.random.default_rng(seed)
    if workload in MLP_WIDTHS:
        x = rng.random((n, MLP_WIDTHS[workload][0]), dtype=np.float32)
        y = rng.integers(0, 10, n).astype(np.int64)
    elif workload == "W2":
        x = rng.random((n, 32, 32, 3), dtype=np.float32)
        y = rng.integers(0, 10, n).astype(np.int64)
    elif workload == "W3":
        x = rng.integers(0, VOCABULARY, (n, SEQUENCE_LENGTH)).astype(np.int64)
        y = rng.integers(0, 2, (n, 1)).astype(np.float32)
    else:
        raise ValueError(f"make_data: unknown workload. Received: {workload!r}")
    return x, y


# ---------------------------------------------------------------------------
# Keras-style user code: identical for cornu and Keras 3.


def build_w1(keras, workload: str = "W1"):
    inputs, hidden = MLP_WIDTHS[workload]
    model = keras.Sequential([
        keras.Input((inputs,)),
        keras.layers.Dense(hidden, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(hidden, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(LEARNING_RATE),
                  loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def build_w2(keras):
    model = keras.Sequential([
        keras.Input((32, 32, 3)),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(64, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(LEARNING_RATE),
                  loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def build_w3(keras):
    model = keras.Sequential([
        keras.Input((SEQUENCE_LENGTH,), dtype="int64"),
        keras.layers.Embedding(VOCABULARY, 128),
        keras.layers.LSTM(64),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(LEARNING_RATE),
                  loss="binary_crossentropy", metrics=["accuracy"])
    return model


def build_w0(keras):
    return build_w1(keras, "W0")


BUILDERS = {"W0": build_w0, "W1": build_w1, "W2": build_w2, "W3": build_w3}


def keras_style_training(keras, workload: str, x, y, clock) -> dict:
    """Two epochs of `model.fit`: first-epoch seconds (from the `fit` call,
    so it includes any compilation), epoch-2 seconds, epoch-2 loss."""
    model = BUILDERS[workload](keras)
    batch_size = TRAINING[workload][2]
    marks = {}

    class EpochClock(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            marks[f"begin{epoch}"] = clock()

        def on_epoch_end(self, epoch, logs=None):
            marks[f"end{epoch}"] = clock()
            marks[f"loss{epoch}"] = float(logs["loss"])

    start = clock()
    model.fit(x, y, batch_size=batch_size, epochs=2, verbose=0,
              callbacks=[EpochClock()])
    return {"first_epoch_s": marks["end0"] - start,
            "epoch2_s": marks["end1"] - marks["begin1"],
            "loss": marks["loss1"]}


def keras_style_inference(keras, x, x1, calls: int, batch_reps: int,
                          clock) -> dict:
    """W4 on the W1 model: `predict` on one sample, `model(x1)` and batch
    predict throughput. Times are lists (the caller takes medians)."""
    model = build_w1(keras)
    for _ in range(10):  # warm-up (and any compilation)
        model.predict(x1, verbose=0)
        model(x1)
    model.predict(x[:2000], batch_size=1000, verbose=0)
    predict, call, batch = [], [], []
    for _ in range(calls):
        t = clock()
        model.predict(x1, verbose=0)
        predict.append(clock() - t)
    for _ in range(calls):
        t = clock()
        out = model(x1)
        if hasattr(out, "block_until_ready"):  # JAX dispatches asynchronously
            out.block_until_ready()
        call.append(clock() - t)
    for _ in range(batch_reps):
        t = clock()
        model.predict(x, batch_size=1000, verbose=0)
        batch.append(clock() - t)
    return {"predict": predict, "call": call, "batch": batch}
