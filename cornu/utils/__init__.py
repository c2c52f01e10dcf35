"""`cornu.utils`: the Keras utilities (`keras.utils`).

Each helper lives in its own module; this namespace re-exports them.
"""

from __future__ import annotations

from cornu.trainers.data_adapters.data_adapter_utils import (
    pack_x_y_sample_weight,
    unpack_x_y_sample_weight,
)
from cornu.utils.audio_dataset_utils import audio_dataset_from_directory
from cornu.utils.dataset_utils import (
    image_dataset_from_directory,
    split_dataset,
    text_dataset_from_directory,
    timeseries_dataset_from_array,
)
from cornu.utils.file_utils import get_file
from cornu.utils.image_utils import (
    array_to_img,
    img_to_array,
    load_img,
    save_img,
)
from cornu.utils.numerical_utils import normalize, to_categorical
from cornu.utils.progbar import Progbar
from cornu.utils.py_dataset import PyDataset, Sequence
from cornu.utils.rng_utils import set_random_seed
from cornu.utils.sequence_utils import pad_sequences

__all__ = ["Progbar", "get_file", "set_random_seed", "PyDataset",
           "Sequence", "pack_x_y_sample_weight", "unpack_x_y_sample_weight",
           "normalize", "pad_sequences", "to_categorical",
           "image_dataset_from_directory", "split_dataset",
           "text_dataset_from_directory", "timeseries_dataset_from_array",
           "array_to_img", "img_to_array", "load_img", "save_img",
           "audio_dataset_from_directory"]
