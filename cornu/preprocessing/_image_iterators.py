"""The batch iterators behind `ImageDataGenerator.flow` and
`flow_from_directory`: `PyDataset`s that `fit` accepts, which also work as
endless Python iterators (`next(it)`), as in tf.keras 2.

Randomness follows tf.keras 2: with a `seed`, NumPy's global generator is
reseeded with `seed + batches_seen` before each batch, so a seeded
iterator yields the same augmented batches every run.
"""

from __future__ import annotations

import os
import threading
import warnings

import numpy as np

from cornu import config
from cornu.utils.image_utils import array_to_img, img_to_array, load_img
from cornu.utils.py_dataset import PyDataset

IMAGE_FORMATS = ("png", "jpg", "jpeg", "bmp", "ppm", "tif", "tiff")
CLASS_MODES = ("categorical", "binary", "sparse", "input", None)


class Iterator(PyDataset):
    """Batches of `n` samples, in order or shuffled each epoch."""

    def __init__(self, n: int, batch_size: int, shuffle: bool, seed):
        super().__init__()
        if isinstance(batch_size, bool) or int(batch_size) != batch_size \
                or batch_size < 1:
            raise ValueError(
                f"{type(self).__name__}: `batch_size` must be a positive "
                f"integer. Received: batch_size={batch_size!r}."
            )
        self.n = n
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.seed = seed
        self.batch_index = 0
        self.total_batches_seen = 0
        self.index_array = None
        self._lock = threading.Lock()

    def _set_index_array(self) -> None:
        self.index_array = np.random.permutation(self.n) if self.shuffle \
            else np.arange(self.n)

    def __len__(self) -> int:
        return (self.n + self.batch_size - 1) // self.batch_size

    def __getitem__(self, index: int):
        if not 0 <= index < len(self):
            raise IndexError(
                f"{type(self).__name__}: batch index {index} is out of range "
                f"for {len(self)} batches."
            )
        if self.seed is not None:
            np.random.seed(self.seed + self.total_batches_seen)
        self.total_batches_seen += 1
        if self.index_array is None:
            self._set_index_array()
        rows = self.index_array[index * self.batch_size:
                                (index + 1) * self.batch_size]
        return self._batch(rows)

    def on_epoch_end(self) -> None:
        self._set_index_array()

    def reset(self) -> None:
        self.batch_index = 0

    def __iter__(self):
        return self

    def __next__(self):
        with self._lock:
            if self.seed is not None:
                np.random.seed(self.seed + self.total_batches_seen)
            if self.batch_index == 0:
                self._set_index_array()
            start = (self.batch_index * self.batch_size) % self.n \
                if self.n else 0
            if self.n > start + self.batch_size:
                self.batch_index += 1
            else:
                self.batch_index = 0
            self.total_batches_seen += 1
            rows = self.index_array[start:start + self.batch_size]
        return self._batch(rows)

    def _augment(self, x: np.ndarray) -> np.ndarray:
        generator = self.image_data_generator
        params = generator.get_random_transform(x.shape)
        x = generator.apply_transform(x.astype(self.dtype), params)
        return generator.standardize(x)

    def _save(self, batch_x, rows) -> None:
        for image, row in zip(batch_x, rows):
            name = (f"{self.save_prefix}_{row}_"
                    f"{np.random.randint(10_000)}.{self.save_format}")
            array_to_img(image, self.data_format, scale=True).save(
                os.path.join(self.save_to_dir, name))

    def _batch(self, rows):
        raise NotImplementedError


def _check_subset(owner, subset, validation_split):
    if subset not in (None, "training", "validation"):
        raise ValueError(
            f"{owner}: `subset` must be 'training', 'validation' or None. "
            f"Received: subset={subset!r}."
        )


class NumpyArrayIterator(Iterator):
    """Augmented batches from arrays (what `ImageDataGenerator.flow`
    returns). With a `subset`, the first `int(n * validation_split)`
    samples are the validation part, as in tf.keras 2."""

    def __init__(self, x, y, image_data_generator, batch_size=32,
                 shuffle=False, sample_weight=None, seed=None,
                 data_format=None, save_to_dir=None, save_prefix="",
                 save_format="png", subset=None, ignore_class_split=False,
                 dtype=None):
        owner = "ImageDataGenerator.flow"
        self.dtype = dtype or config.floatx()
        extra = []
        if isinstance(x, (tuple, list)):
            extra = [np.asarray(a) for a in (
                x[1] if isinstance(x[1], list) else [x[1]])]
            x = x[0]
        for name, other in [("y", y), ("sample_weight", sample_weight)] + [
                ("x[1]", a) for a in extra]:
            if other is not None and len(other) != len(x):
                raise ValueError(
                    f"{owner}: `x` and `{name}` must have the same length. "
                    f"Received: len(x)={len(x)}, len({name})={len(other)}."
                )
        _check_subset(owner, subset, None)
        if subset is not None:
            split = int(len(x) * image_data_generator._validation_split)
            if y is not None and not ignore_class_split and not \
                    np.array_equal(np.unique(y[:split]),
                                   np.unique(y[split:])):
                raise ValueError(
                    f"{owner}: the training and validation parts do not "
                    "hold the same classes; shuffle the data first or pass "
                    "ignore_class_split=True. Received: validation_split="
                    f"{image_data_generator._validation_split}."
                )
            part = slice(None, split) if subset == "validation" \
                else slice(split, None)
            x = x[part]
            extra = [a[part] for a in extra]
            y = None if y is None else y[part]
            sample_weight = None if sample_weight is None \
                else sample_weight[part]
        self.x = np.asarray(x, dtype=self.dtype)
        if self.x.ndim != 4:
            raise ValueError(
                f"{owner}: `x` must be a 4-D batch of images. "
                f"Received: an array of shape {self.x.shape}."
            )
        self.data_format = data_format or config.image_data_format()
        channels = self.x.shape[3 if self.data_format == "channels_last"
                                else 1]
        if channels not in (1, 3, 4):
            warnings.warn(
                f"{owner}: expected 1, 3 or 4 channels ({self.data_format}); "
                f"got an array of shape {self.x.shape}.", stacklevel=3)
        self.x_misc = extra
        self.y = None if y is None else np.asarray(y)
        self.sample_weight = None if sample_weight is None \
            else np.asarray(sample_weight)
        self.image_data_generator = image_data_generator
        self.save_to_dir = save_to_dir
        self.save_prefix = save_prefix
        self.save_format = save_format
        super().__init__(len(self.x), batch_size, shuffle, seed)

    def _batch(self, rows):
        batch_x = np.zeros((len(rows),) + self.x.shape[1:], dtype=self.dtype)
        for i, row in enumerate(rows):
            batch_x[i] = self._augment(self.x[row])
        if self.save_to_dir:
            self._save(batch_x, rows)
        misc = [a[rows] for a in self.x_misc]
        inputs = [batch_x] + misc if misc else batch_x
        if self.y is None:
            return inputs
        if self.sample_weight is None:
            return inputs, self.y[rows]
        return inputs, self.y[rows], self.sample_weight[rows]


class FileIterator(Iterator):
    """What the iterators over image files share: checking the reading
    options, loading, augmenting and saving a batch. Subclasses set
    `filepaths`' parts (`directory`, `filenames`) and make the targets."""

    class_modes = CLASS_MODES

    def _set_file_options(self, owner, image_data_generator, target_size,
                          color_mode, class_mode, data_format, save_to_dir,
                          save_prefix, save_format, subset, interpolation,
                          keep_aspect_ratio, dtype) -> None:
        if class_mode not in self.class_modes:
            raise ValueError(
                f"{owner}: `class_mode` must be one of {self.class_modes}. "
                f"Received: class_mode={class_mode!r}."
            )
        if color_mode not in ("grayscale", "rgb", "rgba"):
            raise ValueError(
                f"{owner}: `color_mode` must be 'grayscale', 'rgb' or "
                f"'rgba'. Received: color_mode={color_mode!r}."
            )
        _check_subset(owner, subset, None)
        self.image_data_generator = image_data_generator
        self.target_size = tuple(target_size)
        self.color_mode = color_mode
        self.class_mode = class_mode
        self.data_format = data_format or config.image_data_format()
        self.dtype = dtype or config.floatx()
        self.interpolation = interpolation
        self.keep_aspect_ratio = keep_aspect_ratio
        self.save_to_dir = save_to_dir
        self.save_prefix = save_prefix
        self.save_format = save_format
        channels = {"rgba": 4, "rgb": 3, "grayscale": 1}[color_mode]
        self.image_shape = self.target_size + (channels,) \
            if self.data_format == "channels_last" \
            else (channels,) + self.target_size

    @property
    def filepaths(self) -> list[str]:
        return [os.path.join(self.directory, f) for f in self.filenames]

    def _load_batch(self, rows) -> np.ndarray:
        batch_x = np.zeros((len(rows),) + self.image_shape, dtype=self.dtype)
        for i, row in enumerate(rows):
            image = load_img(os.path.join(self.directory,
                                          self.filenames[row]),
                             color_mode=self.color_mode,
                             target_size=self.target_size,
                             interpolation=self.interpolation,
                             keep_aspect_ratio=self.keep_aspect_ratio)
            x = img_to_array(image, data_format=self.data_format,
                             dtype=self.dtype)
            batch_x[i] = self._augment(x)
        if self.save_to_dir:
            self._save(batch_x, rows)
        return batch_x


class DirectoryIterator(FileIterator):
    """Augmented batches of image files, one subfolder per class (what
    `ImageDataGenerator.flow_from_directory` returns; needs Pillow)."""

    def __init__(self, directory, image_data_generator,
                 target_size=(256, 256), color_mode="rgb", classes=None,
                 class_mode="categorical", batch_size=32, shuffle=True,
                 seed=None, data_format=None, save_to_dir=None,
                 save_prefix="", save_format="png", follow_links=False,
                 subset=None, interpolation="nearest",
                 keep_aspect_ratio=False, dtype=None):
        self._set_file_options(
            "ImageDataGenerator.flow_from_directory", image_data_generator,
            target_size, color_mode, class_mode, data_format, save_to_dir,
            save_prefix, save_format, subset, interpolation,
            keep_aspect_ratio, dtype)
        self.directory = str(directory)
        if classes is None:
            classes = sorted(
                d for d in os.listdir(self.directory)
                if os.path.isdir(os.path.join(self.directory, d)))
        self.class_indices = {name: i for i, name in enumerate(classes)}
        self.num_classes = len(classes)
        split = image_data_generator._validation_split
        self.filenames, labels = [], []
        for name in classes:
            folder = os.path.join(self.directory, name)
            found = []
            for root, dirs, files in os.walk(folder,
                                             followlinks=follow_links):
                dirs.sort()
                found += [os.path.relpath(os.path.join(root, f),
                                          self.directory)
                          for f in sorted(files)
                          if f.lower().endswith(IMAGE_FORMATS)]
            if subset is not None and split:
                cut = int(split * len(found))
                found = found[:cut] if subset == "validation" \
                    else found[cut:]
            self.filenames += found
            labels += [self.class_indices[name]] * len(found)
        self.classes = np.asarray(labels, dtype="int32")
        print(f"Found {len(self.filenames)} images belonging to "
              f"{self.num_classes} classes.")
        super().__init__(len(self.filenames), batch_size, shuffle, seed)

    @property
    def labels(self) -> np.ndarray:
        return self.classes

    def _batch(self, rows):
        batch_x = self._load_batch(rows)
        labels = self.classes[rows]
        if self.class_mode == "input":
            return batch_x, batch_x.copy()
        if self.class_mode == "sparse":
            return batch_x, labels.astype(self.dtype)
        if self.class_mode == "binary":
            return batch_x, labels.astype(self.dtype)
        if self.class_mode == "categorical":
            return batch_x, np.eye(self.num_classes, dtype=self.dtype)[labels]
        return batch_x
