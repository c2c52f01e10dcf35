"""`TensorBoard`: writes training curves and weight histograms for
TensorBoard.

The event files are written by `tensorboardX` or, on the torch engine,
`torch.utils.tensorboard` (which needs the `tensorboard` package); neither
is a dependency of cornu.
"""

from __future__ import annotations

import importlib
import os
import time

import numpy as np

from cornu.callbacks._logs import python_logs, to_float
from cornu.callbacks._optimizers import optimizers_of, read_learning_rate
from cornu.callbacks.callback import Callback


def _summary_writer_class():
    """tensorboardX's `SummaryWriter`, else torch's on the torch engine."""
    try:
        return importlib.import_module("tensorboardX").SummaryWriter
    except ImportError:
        pass
    from cornu import backend

    if backend.backend() == "torch":
        from cornu.backend.torch.tensorboard import summary_writer_class

        try:
            return summary_writer_class()
        except ImportError:
            pass
    raise ImportError(
        "TensorBoard: writing TensorBoard logs needs the `tensorboardX` "
        "package (any engine) or, on the torch engine, the `tensorboard` "
        "package (for `torch.utils.tensorboard`). Install one with "
        "`pip install tensorboardX` or `pip install tensorboard`."
    )


class TensorBoard(Callback):
    """Writes logs for TensorBoard.

    Each epoch's results go to `log_dir/train` and, for the `val_` entries
    (without the prefix), to `log_dir/validation`, as scalars named
    `epoch_<name>` at step `epoch`; the learning rate is written as
    `epoch_learning_rate`. With `update_freq` set to `"batch"` or a number
    `N`, each training batch's results are written as `batch_<name>` every
    `N` batches (counted across epochs). `evaluate` writes
    `evaluation_<name>_vs_iterations` at the optimizer's step count. With
    `histogram_freq=N`, every `N` epochs each layer's weights are written
    as histograms named `<weight path>/histogram`.

    Args:
        log_dir: the directory for the event files.
        histogram_freq: the epochs between weight histograms (0: none).
        write_graph: accepted for Keras compatibility; cornu writes no
            graph.
        write_images: must be `False` (weight images are not supported).
        write_steps_per_second: whether to write the training speed as
            `epoch_steps_per_second` (and `batch_steps_per_second`).
        update_freq: `"epoch"`, `"batch"` or a number of batches.
        profile_batch: must be 0 (profiling is not supported).
        embeddings_freq: must be 0 (embedding projections are not
            supported).
        embeddings_metadata: must be `None`.

    Raises:
        ImportError: when neither `tensorboardX` nor (on torch)
            `torch.utils.tensorboard` can be imported, at the first write.

    Example:
        >>> from cornu import callbacks
        >>> board = callbacks.TensorBoard(log_dir="logs", update_freq=10)
        >>> board.update_freq
        10
    """

    def __init__(self, log_dir="logs", histogram_freq: int = 0,
                 write_graph: bool = True, write_images: bool = False,
                 write_steps_per_second: bool = False,
                 update_freq: str | int = "epoch", profile_batch: int = 0,
                 embeddings_freq: int = 0, embeddings_metadata=None):
        super().__init__()
        unsupported = {"write_images": (write_images, False),
                       "profile_batch": (profile_batch, 0),
                       "embeddings_freq": (embeddings_freq, 0),
                       "embeddings_metadata": (embeddings_metadata, None)}
        for name, (value, default) in unsupported.items():
            if value is not default and value != default:
                raise ValueError(
                    f"TensorBoard: `{name}` is not supported by cornu; "
                    f"leave it at {default!r}. Received: {name}={value!r}."
                )
        if update_freq == "batch":
            update_freq = 1
        if update_freq != "epoch" and (
                isinstance(update_freq, bool)
                or not isinstance(update_freq, int) or update_freq <= 0):
            raise ValueError(
                "TensorBoard: `update_freq` must be 'epoch', 'batch' or a "
                "positive number of batches. Received: "
                f"update_freq={update_freq!r}."
            )
        if isinstance(histogram_freq, bool) or not isinstance(
                histogram_freq, int) or histogram_freq < 0:
            raise ValueError(
                "TensorBoard: `histogram_freq` must be a non-negative "
                f"integer. Received: histogram_freq={histogram_freq!r}."
            )
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        self.update_freq = update_freq
        self.profile_batch = profile_batch
        self.embeddings_freq = embeddings_freq
        self.embeddings_metadata = embeddings_metadata
        self._writers: dict = {}
        self._global_train_batch = 0
        self._batch_start_time = 0.0
        self._epoch_start_time = 0.0
        self._epoch_start_batch = 0

    def _writer(self, kind: str):
        if kind not in self._writers:
            writer_class = _summary_writer_class()
            self._writers[kind] = writer_class(
                os.path.join(self.log_dir, kind))
        return self._writers[kind]

    def _scalars(self, kind: str, prefix: str, logs: dict, step: int):
        writer = None
        for name, value in logs.items():
            value = to_float(value)
            if not isinstance(value, float):
                continue
            writer = writer or self._writer(kind)
            writer.add_scalar(f"{prefix}{name}", value, step)

    def on_train_begin(self, logs=None):
        self._global_train_batch = 0

    def on_train_end(self, logs=None):
        self._close()

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start_time = time.time()
        self._epoch_start_batch = self._global_train_batch

    def on_train_batch_begin(self, batch, logs=None):
        self._global_train_batch += 1
        self._batch_start_time = time.time()

    def on_train_batch_end(self, batch, logs=None):
        if self.update_freq == "epoch" or (
                self._global_train_batch % self.update_freq):
            return
        step = self._global_train_batch
        logs = dict(python_logs(logs))
        if self.write_steps_per_second:
            elapsed = time.time() - self._batch_start_time
            if elapsed > 0:
                logs["steps_per_second"] = 1.0 / elapsed
        self._scalars("train", "batch_", logs, step)

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        train = {k: v for k, v in logs.items() if not k.startswith("val_")}
        validation = {k[4:]: v for k, v in logs.items()
                      if k.startswith("val_")}
        if getattr(self.model, "optimizer", None) is not None:
            for suffix, optimizer in optimizers_of(self.model, "TensorBoard"):
                train[f"learning_rate{suffix}"] = read_learning_rate(
                    optimizer, "TensorBoard")
        if self.write_steps_per_second:
            elapsed = time.time() - self._epoch_start_time
            steps = self._global_train_batch - self._epoch_start_batch
            if elapsed > 0:
                train["steps_per_second"] = steps / elapsed
        self._scalars("train", "epoch_", train, epoch)
        self._scalars("validation", "epoch_", validation, epoch)
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._histograms(epoch)
        for writer in self._writers.values():
            writer.flush()

    def on_test_end(self, logs=None):
        optimizer = getattr(self.model, "optimizer", None)
        iterations = getattr(optimizer, "iterations", None)
        if iterations is None or not logs:
            return
        step = int(to_float(iterations))
        self._scalars("validation", "evaluation_",
                      {f"{k}_vs_iterations": v for k, v in logs.items()},
                      step)
        if "validation" in self._writers:
            self._writers["validation"].flush()

    def _histograms(self, epoch: int) -> None:
        writer = self._writer("train")
        for layer in getattr(self.model, "layers", ()):
            for weight in layer.weights:
                name = getattr(weight, "path", weight.name).replace(":", "_")
                writer.add_histogram(f"{name}/histogram",
                                     np.asarray(weight.numpy()), epoch)

    def _close(self) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers = {}
