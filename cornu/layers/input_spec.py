"""`InputSpec`: what a layer accepts, checked on every call with an error
that names the layer, the expected and the received shape."""

from __future__ import annotations

from cornu import tree
from cornu.backend.common.primitives import shape_of


class InputSpec:
    """Describes the rank, dtype and fixed axes a layer's input must have.

    Args:
        dtype: the expected dtype, or None.
        shape: the full expected shape (`None` for free dimensions).
        ndim: the exact rank.
        max_ndim: the highest rank allowed.
        min_ndim: the lowest rank allowed.
        axes: a dict `{axis: size}` of dimensions that must match.
        allow_last_axis_squeeze: accept a missing trailing axis of size 1.
        name: the input's name, for multi-input layers.
        optional: whether the input may be None.
    """

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None,
                 min_ndim=None, axes=None, allow_last_axis_squeeze=False,
                 name=None, optional=False):
        self.dtype = dtype
        self.shape = None if shape is None else tuple(shape)
        self.ndim = len(self.shape) if self.shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = {int(k): v for k, v in (axes or {}).items()}
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        self.name = name
        self.optional = optional

    def __repr__(self):
        parts = [f"{k}={v}" for k, v in (
            ("dtype", self.dtype), ("shape", self.shape), ("ndim", self.ndim),
            ("max_ndim", self.max_ndim), ("min_ndim", self.min_ndim),
            ("axes", self.axes or None)) if v is not None]
        return f"InputSpec({', '.join(parts)})"

    def get_config(self) -> dict:
        return {
            "dtype": self.dtype, "shape": self.shape, "ndim": self.ndim,
            "max_ndim": self.max_ndim, "min_ndim": self.min_ndim,
            "axes": self.axes,
        }

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def check_input_spec(layer, spec, inputs) -> None:
    """Raises a ValueError naming `layer` when `inputs` don't fit `spec`."""
    if spec is None or inputs is None:
        return
    if isinstance(spec, InputSpec) and not isinstance(
            inputs, (list, tuple, dict)):
        _check_one(layer, spec, 0, inputs)
        return
    specs = spec if isinstance(spec, (list, tuple)) else [spec]
    values = tree.flatten(inputs) if isinstance(
        inputs, (list, tuple, dict)) else [inputs]
    if len(specs) != len(values):
        if len(specs) == 1:
            specs = specs * len(values)
        else:
            raise ValueError(
                f"Layer {layer.name!r} expects {len(specs)} input(s), but it "
                f"received {len(values)} input tensors."
            )
    for i, (s, x) in enumerate(zip(specs, values)):
        if s is not None and x is not None:
            _check_one(layer, s, i, x)


def _check_one(layer, s, i, x) -> None:
    shape = shape_of(x)
    ndim = len(shape)
    if s.ndim is not None and not s.allow_last_axis_squeeze and (
            ndim != s.ndim):
        _fail(layer, i, shape, f"ndim={s.ndim}, found ndim={ndim}")
    if s.max_ndim is not None and ndim > s.max_ndim:
        _fail(layer, i, shape, f"max_ndim={s.max_ndim}, found ndim={ndim}")
    if s.min_ndim is not None and ndim < s.min_ndim:
        _fail(layer, i, shape, f"min_ndim={s.min_ndim}, found ndim={ndim}")
    for axis, size in s.axes.items():
        if size is None:
            continue
        if axis >= ndim or axis < -ndim:
            _fail(layer, i, shape, f"axis {axis} of size {size}, but the "
                  f"input has rank {ndim}")
        actual = shape[axis]
        if actual is not None and actual != size:
            _fail(layer, i, shape, f"axis {axis} of input shape to have "
                  f"value {size}, but received input with shape {shape}")
    if s.shape is not None:
        for want, got in zip(s.shape, shape):
            if want is not None and got is not None and want != got:
                _fail(layer, i, shape, f"shape={s.shape}, found shape={shape}")


def _fail(layer, i, shape, expected):
    raise ValueError(
        f"Input {i} of layer {layer.name!r} is incompatible with the "
        f"layer: expected {expected}. Full shape received: {shape}."
    )
