"""Keras masks carried by eager tensors (`tensor._keras_mask`)."""

from __future__ import annotations


class _MaskState:
    """Whether any eager tensor has carried a Keras mask in this process;
    until one has, calls skip the (slow, on torch) attribute lookups."""

    in_use = False


_mask_state = _MaskState()


def _mask_of(x):
    if isinstance(x, (list, tuple)):
        masks = [getattr(v, "_keras_mask", None) for v in x]
        return None if all(m is None for m in masks) else masks
    return getattr(x, "_keras_mask", None)


def _set_mask(outputs, mask):
    if mask is None:
        return
    if isinstance(outputs, (list, tuple)):
        masks = mask if isinstance(mask, (list, tuple)) else [mask] * len(
            outputs)
        for out, m in zip(outputs, masks):
            _set_mask(out, m)
        return
    try:
        outputs._keras_mask = mask
        _mask_state.in_use = True
    except (AttributeError, TypeError):
        pass
