"""Keras 2 image preprocessing (`keras.preprocessing.image`):
`ImageDataGenerator`, its iterators, the transform helpers and the image
file and array helpers.

Reading and writing image files needs Pillow (`pip install cornu[image]`);
augmenting arrays does not.
"""

from __future__ import annotations

from cornu.preprocessing._affine import apply_affine_transform
from cornu.preprocessing._dataframe_iterator import DataFrameIterator
from cornu.preprocessing._image_iterators import (
    DirectoryIterator,
    Iterator,
    NumpyArrayIterator,
)
from cornu.preprocessing.image_data_generator import (
    ImageDataGenerator,
    apply_brightness_shift,
    apply_channel_shift,
    flip_axis,
)
from cornu.utils.image_utils import (
    array_to_img,
    img_to_array,
    load_img,
    save_img,
)

__all__ = [
    "DataFrameIterator", "DirectoryIterator", "ImageDataGenerator",
    "Iterator", "NumpyArrayIterator", "apply_affine_transform",
    "apply_brightness_shift",
    "apply_channel_shift", "array_to_img", "flip_axis", "img_to_array",
    "load_img", "save_img",
]
