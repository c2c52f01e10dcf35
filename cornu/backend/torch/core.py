"""Torch engine: tensors are `torch.Tensor`, variables `torch.nn.Parameter`s.

Tensors live on `DEVICE`: CUDA when it is available, else the CPU.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from cornu import config
from cornu.backend.common import dtypes
from cornu.backend.common.scopes import _state as _scope_state
from cornu.backend.common.variables import VariableBase

name = "torch"
trainable = True

DEVICE = torch.device("cuda" if torch.cuda.is_available() else "cpu")
Tensor = torch.Tensor

TORCH_DTYPES = {
    "bool": torch.bool,
    "uint8": torch.uint8,
    "uint16": torch.uint16,
    "uint32": torch.uint32,
    "uint64": torch.uint64,
    "int8": torch.int8,
    "int16": torch.int16,
    "int32": torch.int32,
    "int64": torch.int64,
    "bfloat16": torch.bfloat16,
    "float16": torch.float16,
    "float32": torch.float32,
    "float64": torch.float64,
    "complex64": torch.complex64,
    "complex128": torch.complex128,
}
DTYPE_NAMES = {v: k for k, v in TORCH_DTYPES.items()}
# Unsigned types torch stores but has few kernels for: computed in int64.
WIDE_UINTS = (torch.uint16, torch.uint32, torch.uint64)


def get_device() -> torch.device:
    """The device new tensors are placed on."""
    return DEVICE


def to_torch_dtype(dtype) -> torch.dtype:
    """The `torch.dtype` for a cornu dtype name (or anything
    `standardize_dtype` accepts); `None` means `floatx()`."""
    if isinstance(dtype, torch.dtype):
        return dtype
    out = TORCH_DTYPES.get(dtype)
    if out is None:
        out = TORCH_DTYPES[dtypes.standardize_dtype(dtype)]
    return out


def floatx_dtype() -> torch.dtype:
    return TORCH_DTYPES[config.floatx()]


def dtype_name(x) -> str:
    """The cornu dtype name of a torch tensor."""
    return DTYPE_NAMES[x.dtype]


def _from_numpy(arr: np.ndarray, dtype) -> torch.Tensor:
    # `dtype.kind` first: `dtype.name` costs microseconds per read.
    kind = arr.dtype.kind
    if kind == "V" and arr.dtype.name == "bfloat16":
        # ml_dtypes; torch cannot read it
        t = torch.from_numpy(arr.astype(np.float32)).to(torch.bfloat16)
    elif kind in "OUSVMm":
        raise TypeError(
            "convert_to_tensor: cannot make a tensor from an array of dtype "
            f"{arr.dtype}. Received: x={arr!r}."
        )
    else:
        flags = arr.flags
        # (A C-contiguous array has no negative stride.)
        if not flags.writeable or (not flags.c_contiguous and any(
                s < 0 for s in arr.strides)):
            arr = np.array(arr, copy=True)
        t = torch.from_numpy(arr)
    if dtype is None or t.dtype == dtype:
        return t.to(DEVICE) if DEVICE.type != "cpu" else t
    return t.to(DEVICE, dtype)


def _has_tensor(x) -> bool:
    if isinstance(x, (torch.Tensor, VariableBase)):
        return True
    if isinstance(x, (list, tuple)):
        return any(_has_tensor(v) for v in x)
    return False


def convert_to_tensor(x, dtype=None):
    """A torch tensor on `DEVICE` from a tensor, Variable, array, list or
    scalar; `dtype=None` keeps an array's dtype and maps Python floats to
    `floatx()`, ints to int32."""
    if dtype is not None:
        dtype = to_torch_dtype(dtype)
    if isinstance(x, torch.Tensor):
        if x.device.type != DEVICE.type:
            x = x.to(DEVICE)
        if dtype is None or x.dtype == dtype:
            return x
        return x.to(dtype)
    if isinstance(x, VariableBase):
        return convert_to_tensor(x.value, dtype)
    if isinstance(x, bool):
        return torch.tensor(x, dtype=dtype or torch.bool, device=DEVICE)
    if isinstance(x, int):
        if dtype is None:
            dtype = torch.int32 if -(2**31) <= x < 2**31 else torch.int64
        return torch.tensor(x, dtype=dtype, device=DEVICE)
    if isinstance(x, float):
        return torch.tensor(x, dtype=dtype or floatx_dtype(), device=DEVICE)
    if isinstance(x, np.ndarray):
        return _from_numpy(x, dtype)
    if isinstance(x, (list, tuple)):
        if _has_tensor(x):
            parts = [convert_to_tensor(v) for v in x]
            if parts:
                target = dtype or to_torch_dtype(
                    dtypes.result_type(*[dtype_name(p) for p in parts])
                )
                return torch.stack([p.to(target) for p in parts])
        arr = np.asarray(x)
        if dtype is None:
            if arr.dtype == np.float64:
                dtype = floatx_dtype()
            elif arr.dtype == np.int64:
                dtype = torch.int32
        return _from_numpy(arr, dtype)
    if isinstance(x, complex):
        return torch.tensor(x, dtype=dtype or torch.complex64, device=DEVICE)
    return _from_numpy(np.asarray(x), dtype)


def convert_to_numpy(x) -> np.ndarray:
    """A NumPy copy of `x` (detached, on the host; bfloat16 -> float32)."""
    if isinstance(x, VariableBase):
        x = x.value
    if not isinstance(x, torch.Tensor):
        return np.asarray(x)
    x = x.detach()
    copied = False
    if x.device.type != "cpu":
        x = x.cpu()
        copied = True
    if x.dtype == torch.bfloat16:
        x = x.float()
        copied = True
    out = x.numpy()
    return out if copied else out.copy()


def is_tensor(x) -> bool:
    return isinstance(x, torch.Tensor)


# --------------------------------------------------------------------------
# promotion helpers shared by the engine's modules
# --------------------------------------------------------------------------


def tensor(x):
    return x if isinstance(x, Tensor) else convert_to_tensor(x)


def inexact(d) -> bool:
    return d.is_floating_point or d.is_complex


def to_float(x):
    """`x` unchanged if float or complex, else cast to floatx."""
    if isinstance(x, Tensor) and not inexact(x.dtype):
        return x.to(floatx_dtype())
    return x


def promote(xs, keep_scalars=True):
    """Converts `xs` and casts them to their `result_type`.

    Python scalars stay scalars when `keep_scalars` and a tensor is present
    (torch then keeps the tensor's dtype, as cornu's weak scalars do).
    Returns `(list, torch dtype)`.
    """
    names = []
    conv = []
    device = None
    for x in xs:
        if isinstance(x, Tensor):
            names.append(DTYPE_NAMES[x.dtype])
            device = device or x.device
        elif isinstance(x, bool):
            names.append(bool)
        elif isinstance(x, int):
            names.append(int)
        elif isinstance(x, float):
            names.append(float)
        else:
            x = convert_to_tensor(x)
            names.append(DTYPE_NAMES[x.dtype])
            device = device or x.device
        conv.append(x)
    target = TORCH_DTYPES[dtypes.result_type(*names)]
    out = []
    for x in conv:
        if isinstance(x, Tensor):
            out.append(x if x.dtype is target else x.to(target))
        elif keep_scalars and device is not None:
            out.append(int(x) if type(x) is bool and target is not (
                torch.bool) else x)
        else:
            out.append(torch.tensor(x, dtype=target, device=device or DEVICE))
    return out, target


def widened(fn, err, *args):
    """Reruns `fn` in a wider integer type for the dtypes torch lacks a
    kernel for (bool arithmetic, uint16/32/64), casting the result back."""
    orig = None
    for a in args:
        if isinstance(a, Tensor) and (a.dtype in WIDE_UINTS
                                      or a.dtype is torch.bool):
            orig = a.dtype
    if orig is None:
        raise err
    wide = torch.int32 if orig is torch.bool else torch.int64
    args = [a.to(wide) if isinstance(a, Tensor) and a.dtype is orig else a
            for a in args]
    out = fn(*args)
    return out.to(orig) if out.dtype is wide else out


_PAIRS: dict = {}


def cast_pair(x1, x2):
    """Two tensors cast to their `result_type` (cached per dtype pair)."""
    key = (x1.dtype, x2.dtype)
    d = _PAIRS.get(key)
    if d is None:
        d = _PAIRS[key] = TORCH_DTYPES[dtypes.result_type(
            DTYPE_NAMES[x1.dtype], DTYPE_NAMES[x2.dtype])]
    return (x1 if x1.dtype is d else x1.to(d)), (
        x2 if x2.dtype is d else x2.to(d))


def axis_tuple(axis):
    """None, or a tuple of ints (possibly empty)."""
    if axis is None:
        return None
    if isinstance(axis, (list, tuple)):
        return tuple(int(a) for a in axis)
    return (int(axis),)


def _unwrap(x):
    if isinstance(x, Variable):
        return x.value
    if isinstance(x, (list, tuple)):
        return type(x)(_unwrap(v) for v in x)
    return x


def without_grad(fn):
    """`torch.no_grad()` as a decorator, entered only when grad mode is on:
    the context manager costs about ten Python calls, and the optimizer's
    updates already run inside the trainer's no-grad block."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if torch.is_grad_enabled():
            with torch.no_grad():
                return fn(*args, **kwargs)
        return fn(*args, **kwargs)

    return wrapper


# In-place writes to a variable's storage (which may require grad).
_copy_in_place = without_grad(torch.Tensor.copy_)
_add_in_place = without_grad(torch.Tensor.add_)


class Variable(VariableBase):
    """A variable stored as a `torch.nn.Parameter`; `requires_grad` follows
    `trainable` (integer and bool variables never require gradients)."""

    def _on_trainable_change(self) -> None:
        storage = getattr(self, "_value", None)
        if isinstance(storage, torch.Tensor) and (
            storage.is_floating_point() or storage.is_complex()
        ):
            storage.requires_grad_(self._trainable)

    def _to_storage(self, value):
        t = convert_to_tensor(value, self._dtype)
        t = t.detach().clone()
        grad = self.trainable and (t.is_floating_point() or t.is_complex())
        return torch.nn.Parameter(t, requires_grad=grad)

    def _write(self, value) -> None:
        _copy_in_place(self._value, value)

    def assign_add(self, value):
        # In place when nothing needs converting (the metrics' running
        # totals, `iterations`: several per training step): the generic
        # path's numbers without its conversions and copy.
        if (((isinstance(value, Tensor) and value.dtype is self._value.dtype
                and (value.ndim == 0 or value.shape == self._value.shape))
                or (type(value) is int
                    and self._value.dtype is not torch.bool)
                or (type(value) is float
                    and self._value.is_floating_point()))
                and not _scope_state.stack):
            _add_in_place(self._value, value)
            return self._value
        return super().assign_add(value)

    def _relayout(self, new) -> None:
        """Moves the value into `new` (same shape, another memory order).
        The `Parameter` object stays the same (`.data` swaps its storage):
        modules that registered it keep seeing it."""
        _copy_in_place(new, self._value)
        self._value.data = new

    def _lay_out_as_matmul_rhs(self) -> None:
        # Column-major, like `nn.Linear.weight.t()`: a one-row product reads
        # the kernel in order (measured on the CPU: a (512, 10) kernel took
        # 47 us row-major, 8 us column-major per row; batches of 128 train
        # ~6% faster). Called from `Dense.build`, before an optimizer
        # creates slots (which then follow with `_lay_out_like`).
        t = self._value
        if t.ndim == 2 and t.is_floating_point() and t.stride()[0] != 1:
            self._relayout(torch.empty_strided(
                t.shape, (1, t.shape[0]), dtype=t.dtype, device=t.device))

    def _lay_out_like(self, reference) -> None:
        ref = reference._value if isinstance(reference, Variable) else None
        t = self._value
        if (ref is not None and ref.shape == t.shape
                and ref.stride() != t.stride()):
            # `empty_like` keeps a dense layout's strides.
            self._relayout(torch.empty_like(ref, dtype=t.dtype))

    def _convert(self, value):
        return convert_to_tensor(value, self._dtype)

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        # Lets torch functions take a Variable directly (`torch.exp(v)`).
        args = _unwrap(args)
        kwargs = {k: _unwrap(v) for k, v in (kwargs or {}).items()}
        return func(*args, **kwargs)
