"""The errors cornu's loaders raise for a file they cannot use.

Each subclasses the built-in type Keras raises in the same case
(`ValueError`, or `TypeError` for an unknown class), so code written for
Keras keeps working.
"""

from __future__ import annotations


class InvalidFileError(ValueError):
    """A file that is not what its name says, is damaged or truncated, has
    an unexpected structure, or is refused as unsafe (an archive member
    that escapes its folder, a member too large to read)."""


class WeightMismatchError(ValueError):
    """A weights file whose variables do not fit the model: a missing
    entry, a different number of variables, or a different shape."""


class UnknownObjectError(TypeError):
    """A config names a class or function that is not built in, not
    registered with `register_keras_serializable` and not passed in
    `custom_objects`. A `TypeError`, as in Keras."""


__all__ = ["InvalidFileError", "UnknownObjectError", "WeightMismatchError"]
