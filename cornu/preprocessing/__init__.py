"""`cornu.preprocessing`: Keras 2's preprocessing modules and Keras 3's
`keras.preprocessing` names.

- `cornu.preprocessing.text`: `Tokenizer`, `tokenizer_from_json`,
  `text_to_word_sequence`, `one_hot`, `hashing_trick`;
- `cornu.preprocessing.sequence`: `pad_sequences`, `skipgrams`,
  `make_sampling_table`, `TimeseriesGenerator`;
- `cornu.preprocessing.image`: `ImageDataGenerator` and the image helpers
  (needs Pillow for files: `pip install cornu[image]`).

The dataset builders (`image_dataset_from_directory`,
`text_dataset_from_directory`, `timeseries_dataset_from_array`) are also
reachable here, as in Keras 3. Submodules load on first use.
"""

from __future__ import annotations

import importlib

_SUBMODULES = ("image", "sequence", "text")
_NAMES = {
    "image_dataset_from_directory": "cornu.utils.dataset_utils",
    "text_dataset_from_directory": "cornu.utils.dataset_utils",
    "timeseries_dataset_from_array": "cornu.utils.dataset_utils",
}

__all__ = list(_SUBMODULES) + list(_NAMES)


def __getattr__(name):
    if name in _SUBMODULES:
        module = importlib.import_module(f"cornu.preprocessing.{name}")
        globals()[name] = module
        return module
    if name in _NAMES:
        value = getattr(importlib.import_module(_NAMES[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(
        f"module 'cornu.preprocessing' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
