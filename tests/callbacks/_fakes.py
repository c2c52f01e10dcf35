"""A stand-in model for callback unit tests: it records what callbacks do
to it, and works with both cornu's and Keras's callbacks."""

from __future__ import annotations

import json
import os

import numpy as np


class FakeOptimizer:
    def __init__(self, learning_rate=0.1):
        self.learning_rate = learning_rate
        self.name = "sgd"
        self.built = True


class FakeModel:
    """Weights are NumPy arrays; `save`/`save_weights` write them as JSON
    (so files can be read back) and record each call."""

    def __init__(self, learning_rate=0.1, metrics=()):
        self.weights = [np.zeros(2, "float32")]
        self.optimizer = FakeOptimizer(learning_rate)
        self.stop_training = False
        self.built = True
        self.metrics = list(metrics)
        self.trainable_variables = []
        self.calls = []
        self._initial_epoch = None

    def get_weights(self):
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        self.calls.append(("set_weights", float(weights[0][0])))
        self.weights = [np.array(w) for w in weights]

    def _write(self, path):
        with open(path, "w") as file:
            json.dump([w.tolist() for w in self.weights], file)

    def save(self, filepath, overwrite=True, **kwargs):
        self.calls.append(("save", os.fspath(filepath)))
        self._write(filepath)

    def save_weights(self, filepath, overwrite=True, **kwargs):
        self.calls.append(("save_weights", os.fspath(filepath)))
        self._write(filepath)

    def load_weights(self, filepath, **kwargs):
        self.calls.append(("load_weights", os.fspath(filepath)))
        with open(filepath) as file:
            self.weights = [np.asarray(w, "float32") for w in json.load(file)]


class NamedMetric:
    """A metric with a name and, optionally, Keras's `_direction`."""

    def __init__(self, name, direction=None):
        self.name = name
        if direction is not None:
            self._direction = direction
