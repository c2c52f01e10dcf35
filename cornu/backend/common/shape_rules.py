"""The shape and dtype rules of the primitives (see `primitives.py`).

Each rule takes the primitive's arguments, with tensors given as anything
that has `.shape` and `.dtype` (`SymbolicTensor`s, Variables, engine tensors)
or as Python scalars, and returns `SymbolicTensor`(s) of the output's shape
and dtype. Rules never allocate or compute on data.
"""

from __future__ import annotations

import math

from cornu import config
from cornu.backend.common import dtypes
from cornu.backend.common.symbolic import SymbolicTensor

# --------------------------------------------------------------------------
# shape and dtype helpers
# --------------------------------------------------------------------------


def shape_of(x) -> tuple:
    if isinstance(x, (bool, int, float, complex)):
        return ()
    if isinstance(x, (list, tuple)):
        inner = shape_of(x[0]) if len(x) else ()
        return (len(x), *inner)
    return tuple(x.shape)


def dtype_of(x):
    """The dtype name of `x`, or `int`/`float`/`bool` for a weak scalar."""
    if isinstance(x, bool):
        return bool
    if isinstance(x, int):
        return int
    if isinstance(x, float):
        return float
    if isinstance(x, (list, tuple)):
        import numpy as np

        name = np.asarray(x).dtype.name
        # Lists convert like Python scalars: floats to floatx, ints to int32.
        return {"float64": config.floatx(), "int64": "int32"}.get(name, name)
    return dtypes.standardize_dtype(x.dtype)


def _out(shape, dtype):
    return SymbolicTensor(shape, dtypes.result_type(dtype))


def broadcast_shapes(*shapes) -> tuple:
    """NumPy broadcasting, where `None` (unknown) meets n -> n, 1 -> None."""
    ndim = max((len(s) for s in shapes), default=0)
    out = []
    for i in range(ndim):
        dim = 1
        for s in shapes:
            k = i - (ndim - len(s))
            if k < 0:
                continue
            d = s[k]
            if d == 1:
                continue
            if dim == 1:
                dim = d
            elif d is None:
                continue
            elif dim is None:
                dim = d
            elif dim != d:
                raise ValueError(
                    "Shapes cannot be broadcast together. "
                    f"Received: shapes={list(shapes)}."
                )
        out.append(dim)
    return tuple(out)


def canonical_axis(axis, ndim, name="axis"):
    if axis < -ndim or axis >= max(ndim, 1):
        raise ValueError(
            f"`{name}` is out of range for a tensor of rank {ndim}. "
            f"Received: {name}={axis}."
        )
    return axis % ndim if ndim else 0


def _axes(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, int):
        axis = (axis,)
    return tuple(sorted(canonical_axis(a, ndim) for a in axis))


# --------------------------------------------------------------------------
# rules
# --------------------------------------------------------------------------


def _same(x, *args, **kwargs):
    return _out(shape_of(x), dtype_of(x))


def _float_unary(x, *args, **kwargs):
    dtype = dtypes.float_result(dtypes.result_type(dtype_of(x)))
    return _out(shape_of(x), dtype)


def _bool_unary(x, *args, **kwargs):
    return _out(shape_of(x), "bool")


def _binary(x1, x2):
    return _out(
        broadcast_shapes(shape_of(x1), shape_of(x2)),
        dtypes.result_type(dtype_of(x1), dtype_of(x2)),
    )


def _float_binary(x1, x2):
    out = _binary(x1, x2)
    out.dtype = dtypes.float_result(out.dtype)
    return out


def _compare(x1, x2):
    return _out(broadcast_shapes(shape_of(x1), shape_of(x2)), "bool")


def _reduced_shape(shape, axis, keepdims):
    axes = _axes(axis, len(shape))
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def _reduce_same(x, axis=None, keepdims=False):
    return _out(_reduced_shape(shape_of(x), axis, keepdims), dtype_of(x))


def accumulate_dtype(dtype) -> str:
    """The dtype sums and products accumulate in (Keras's rule): small
    integers and bools widen to 32 bits."""
    d = dtypes.result_type(dtype)
    if d in ("bool", "int8", "int16"):
        return "int32"
    if d in ("uint8", "uint16"):
        return "uint32"
    return d


def _reduce_sum(x, axis=None, keepdims=False):
    d = accumulate_dtype(dtype_of(x))
    return _out(_reduced_shape(shape_of(x), axis, keepdims), d)


def _reduce_float(x, axis=None, keepdims=False):
    d = dtypes.float_result(dtypes.result_type(dtype_of(x)))
    return _out(_reduced_shape(shape_of(x), axis, keepdims), d)


def _reduce_bool(x, axis=None, keepdims=False):
    return _out(_reduced_shape(shape_of(x), axis, keepdims), "bool")


def _arg_reduce(x, axis=None, keepdims=False):
    shape = shape_of(x)
    if axis is None:
        return _out((1,) * len(shape) if keepdims else (), "int32")
    return _out(_reduced_shape(shape, axis, keepdims), "int32")


def _cumulative(x, axis=None, dtype=None):
    shape = shape_of(x)
    if axis is None:
        shape = (math.prod(shape) if None not in shape else None,)
    if dtype is not None:
        return _out(shape, dtypes.standardize_dtype(dtype))
    return _out(shape, accumulate_dtype(dtype_of(x)))


def _prod(x, axis=None, keepdims=False, dtype=None):
    out = _reduce_same(x, axis, keepdims)
    out.dtype = (dtypes.standardize_dtype(dtype) if dtype is not None
                 else accumulate_dtype(out.dtype))
    return out


def _sorted_shape(x, axis):
    shape = shape_of(x)
    if axis is None:
        return (math.prod(shape) if None not in shape else None,)
    return shape


def _sort(x, axis=-1):
    return _out(_sorted_shape(x, axis), dtype_of(x))


def _argsort(x, axis=-1):
    return _out(_sorted_shape(x, axis), "int32")


def _top_k(x, k, sorted=True):
    shape = shape_of(x)[:-1] + (k,)
    return _out(shape, dtype_of(x)), _out(shape, "int32")


def _matmul(x1, x2):
    a, b = shape_of(x1), shape_of(x2)
    if not a or not b:
        raise ValueError(
            f"matmul needs tensors of rank >= 1. Received shapes {a} and {b}."
        )
    a1 = a if len(a) > 1 else (1,) + a
    b1 = b if len(b) > 1 else b + (1,)
    if a1[-1] is not None and b1[-2] is not None and a1[-1] != b1[-2]:
        raise ValueError(
            "matmul: the last dimension of the first input must equal the "
            f"second-to-last of the second. Received shapes {a} and {b}."
        )
    batch = broadcast_shapes(a1[:-2], b1[:-2])
    shape = batch + (a1[-2], b1[-1])
    if len(a) == 1:
        shape = shape[:-2] + shape[-1:]
    if len(b) == 1:
        shape = shape[:-1]
    return _out(shape, dtypes.result_type(dtype_of(x1), dtype_of(x2)))


def _einsum(subscripts, *operands):
    spec = subscripts.replace(" ", "")
    inputs, _, output = spec.partition("->")
    in_specs = inputs.split(",")
    sizes: dict[str, int | None] = {}
    ellipsis_shape: tuple = ()
    for sub, op in zip(in_specs, operands):
        shape = shape_of(op)
        if "..." in sub:
            before, after = sub.split("...")
            n_ell = len(shape) - len(before) - len(after)
            ell = shape[len(before) : len(before) + n_ell]
            ellipsis_shape = broadcast_shapes(ellipsis_shape, ell)
            letters = list(before) + list(after)
            dims = shape[: len(before)] + shape[len(before) + n_ell :]
        else:
            letters, dims = list(sub), shape
        for c, d in zip(letters, dims):
            if sizes.get(c) is None or sizes.get(c) == 1:
                sizes[c] = d
    if not _:
        counts = {c: inputs.count(c) for c in sizes}
        output = ("..." if "..." in inputs else "") + "".join(
            sorted(c for c, n in counts.items() if n == 1)
        )
    if "..." in output:
        before, after = output.split("...")
        shape = [sizes[c] for c in before] + list(ellipsis_shape)
        shape += [sizes[c] for c in after]
    else:
        shape = [sizes[c] for c in output]
    dtype = dtypes.result_type(*[dtype_of(o) for o in operands])
    return _out(tuple(shape), dtype)


def _tensordot(x1, x2, axes=2):
    a, b = shape_of(x1), shape_of(x2)
    if isinstance(axes, int):
        ax_a = list(range(len(a) - axes, len(a)))
        ax_b = list(range(axes))
    else:
        ax_a, ax_b = axes
        ax_a = [ax_a] if isinstance(ax_a, int) else list(ax_a)
        ax_b = [ax_b] if isinstance(ax_b, int) else list(ax_b)
        ax_a = [x % len(a) for x in ax_a]
        ax_b = [x % len(b) for x in ax_b]
    shape = [d for i, d in enumerate(a) if i not in ax_a]
    shape += [d for i, d in enumerate(b) if i not in ax_b]
    return _out(tuple(shape), dtypes.result_type(dtype_of(x1), dtype_of(x2)))


def reshape_shape(old, newshape):
    newshape = tuple(newshape)
    if -1 not in newshape:
        return newshape
    known = [d for d in newshape if d != -1]
    if None in old or None in known:
        return tuple(None if d == -1 else d for d in newshape)
    total = math.prod(old)
    rest = math.prod(known)
    if rest == 0 or total % rest:
        raise ValueError(
            f"Cannot reshape a tensor of shape {old} into {newshape}."
        )
    return tuple(total // rest if d == -1 else d for d in newshape)


def _reshape(x, newshape):
    old = shape_of(x)
    if isinstance(newshape, int):
        newshape = (newshape,)
    new = reshape_shape(old, newshape)
    if None not in old and None not in new and math.prod(old) != math.prod(new):
        raise ValueError(f"Cannot reshape a tensor of shape {old} into {new}.")
    return _out(new, dtype_of(x))


def _transpose(x, axes=None):
    shape = shape_of(x)
    axes = tuple(reversed(range(len(shape)))) if axes is None else axes
    return _out(tuple(shape[a] for a in axes), dtype_of(x))


def _expand_dims(x, axis):
    shape = list(shape_of(x))
    axes = [axis] if isinstance(axis, int) else list(axis)
    ndim = len(shape) + len(axes)
    for a in sorted(canonical_axis(a, ndim) for a in axes):
        shape.insert(a, 1)
    return _out(tuple(shape), dtype_of(x))


def _squeeze(x, axis=None):
    shape = shape_of(x)
    if axis is None:
        new = tuple(d for d in shape if d != 1)
    else:
        axes = _axes(axis, len(shape))
        for a in axes:
            if shape[a] not in (1, None):
                raise ValueError(
                    f"Cannot squeeze axis {a} of size {shape[a]}: only "
                    "axes of size 1 can be squeezed."
                )
        new = tuple(d for i, d in enumerate(shape) if i not in axes)
    return _out(new, dtype_of(x))


def _broadcast_to(x, shape):
    broadcast_shapes(shape_of(x), tuple(shape))
    return _out(tuple(shape), dtype_of(x))


def _concatenate(xs, axis=0):
    shapes = [shape_of(x) for x in xs]
    ndim = len(shapes[0])
    axis = canonical_axis(axis, ndim)
    out = list(shapes[0])
    for s in shapes[1:]:
        if len(s) != ndim:
            raise ValueError(
                "concatenate needs inputs of the same rank. "
                f"Received shapes {shapes}."
            )
        for i in range(ndim):
            if i == axis:
                known = out[i] is not None and s[i] is not None
                out[i] = out[i] + s[i] if known else None
            elif out[i] is None:
                out[i] = s[i]
            elif s[i] is not None and s[i] != out[i]:
                raise ValueError(
                    "concatenate needs matching shapes except along "
                    f"axis {axis}. Received shapes {shapes}."
                )
    return _out(tuple(out), dtypes.result_type(*[dtype_of(x) for x in xs]))


def _stack(xs, axis=0):
    shapes = [shape_of(x) for x in xs]
    shape = broadcast_shapes(*shapes)
    if any(len(s) != len(shape) for s in shapes):
        raise ValueError(f"stack needs inputs of one shape. Received {shapes}.")
    shape = list(shape)
    shape.insert(canonical_axis(axis, len(shape) + 1), len(xs))
    return _out(tuple(shape), dtypes.result_type(*[dtype_of(x) for x in xs]))


def _split(x, indices_or_sections, axis=0):
    shape = shape_of(x)
    axis = canonical_axis(axis, len(shape))
    size = shape[axis]
    if isinstance(indices_or_sections, int):
        n = indices_or_sections
        if size is not None and size % n:
            raise ValueError(
                f"split: axis of size {size} does not divide into {n} parts."
            )
        sizes = [None if size is None else size // n] * n
    else:
        bounds = [0, *indices_or_sections, size]
        sizes = [
            None if (b is None or a is None) else b - a
            for a, b in zip(bounds[:-1], bounds[1:])
        ]
    out = []
    for s in sizes:
        new = list(shape)
        new[axis] = s
        out.append(_out(tuple(new), dtype_of(x)))
    return out


def _tile(x, repeats):
    shape = shape_of(x)
    repeats = (repeats,) if isinstance(repeats, int) else tuple(repeats)
    n = max(len(shape), len(repeats))
    shape = (1,) * (n - len(shape)) + shape
    repeats = (1,) * (n - len(repeats)) + repeats
    new = tuple(None if d is None else d * r for d, r in zip(shape, repeats))
    return _out(new, dtype_of(x))


def _repeat(x, repeats, axis=None):
    shape = shape_of(x)
    if axis is None:
        total = None if None in shape else math.prod(shape)
        if not isinstance(repeats, int):
            return _out((None,), dtype_of(x))
        return _out((None if total is None else total * repeats,), dtype_of(x))
    axis = canonical_axis(axis, len(shape))
    new = list(shape)
    if isinstance(repeats, int):
        new[axis] = None if new[axis] is None else new[axis] * repeats
    else:
        new[axis] = int(sum(repeats))
    return _out(tuple(new), dtype_of(x))


def _pad(x, pad_width, mode="constant", constant_values=0):
    shape = shape_of(x)
    new = tuple(
        None if d is None else d + int(p[0]) + int(p[1])
        for d, p in zip(shape, pad_width)
    )
    return _out(new, dtype_of(x))


def _take(x, indices, axis=None):
    shape = shape_of(x)
    ind = shape_of(indices)
    if axis is None:
        return _out(ind, dtype_of(x))
    axis = canonical_axis(axis, len(shape))
    return _out(shape[:axis] + ind + shape[axis + 1 :], dtype_of(x))


def _take_along_axis(x, indices, axis=None):
    ind = shape_of(indices)
    if axis is None:
        return _out(ind, dtype_of(x))
    shape = list(shape_of(x))
    axis = canonical_axis(axis, len(shape))
    shape[axis] = ind[axis]
    return _out(broadcast_shapes(tuple(shape), ind), dtype_of(x))


def _where(condition, x1=None, x2=None):
    if x1 is None and x2 is None:
        _no_symbolic()
    shape = broadcast_shapes(shape_of(condition), shape_of(x1), shape_of(x2))
    return _out(shape, dtypes.result_type(dtype_of(x1), dtype_of(x2)))


def _clip(x, x_min, x_max):
    d = dtypes.result_type(dtype_of(x))
    return _out(shape_of(x), "int32" if d == "bool" else d)


def _cast(x, dtype):
    return _out(shape_of(x), dtypes.standardize_dtype(dtype))


def _round(x, decimals=0):
    return _out(shape_of(x), dtype_of(x))


def _tri(x, k=0):
    return _out(shape_of(x), dtype_of(x))


def _slice(x, start_indices, shape):
    return _out(tuple(shape), dtype_of(x))


def _slice_update(x, start_indices, updates):
    return _out(shape_of(x), dtype_of(x))


def _scatter(indices, values, shape):
    return _out(tuple(shape), dtype_of(values))


def _scatter_update(x, indices, updates):
    return _out(shape_of(x), dtype_of(x))


def _is_index_array(k) -> bool:
    return not (k is None or k is Ellipsis or isinstance(k, (int, slice)))


def _slice_length(k: slice, size):
    if size is not None:
        return len(range(*k.indices(size)))
    if k.start is None and k.stop is None and k.step in (None, 1):
        return None
    if (k.start is None or k.start >= 0) and k.stop is not None and (
            k.stop >= 0 and k.step in (None, 1)):
        return max(0, k.stop - (k.start or 0))
    return None


def getitem_shape(shape, key):
    """The shape `x[key]` has under NumPy's indexing rules: ints, slices,
    `None`, `...`, and integer or boolean index arrays (advanced indices
    broadcast together; their result goes where they stand when they are
    adjacent, else first)."""
    if not isinstance(key, tuple):
        key = (key,)
    consumed = 0
    for k in key:
        if k is None or k is Ellipsis:
            continue
        if _is_index_array(k) and dtype_of(k) == "bool":
            consumed += len(shape_of(k))
        else:
            consumed += 1
    fill = (slice(None),) * (len(shape) - consumed)
    for i, k in enumerate(key):
        if k is Ellipsis:
            key = key[:i] + fill + key[i + 1:]
            break
    else:
        key = key + fill
    has_array = any(_is_index_array(k) for k in key)
    advanced = object()
    out: list = []
    adv_shapes = []
    dim = 0
    for k in key:
        if k is None:
            out.append(1)
        elif isinstance(k, slice):
            out.append(_slice_length(k, shape[dim]))
            dim += 1
        elif isinstance(k, int) and not has_array:
            dim += 1
        else:
            if isinstance(k, int):
                adv_shapes.append(())
                dim += 1
            elif dtype_of(k) == "bool":
                adv_shapes.append((None,))
                dim += len(shape_of(k))
            else:
                adv_shapes.append(shape_of(k))
                dim += 1
            out.append(advanced)
    if not adv_shapes:
        return tuple(out)
    index_shape = broadcast_shapes(*adv_shapes)
    positions = [i for i, v in enumerate(out) if v is advanced]
    rest = [v for v in out if v is not advanced]
    if positions == list(range(positions[0], positions[0] + len(positions))):
        p = positions[0]
        return tuple(rest[:p]) + index_shape + tuple(rest[p:])
    return index_shape + tuple(rest)


def _getitem(x, key):
    return _out(getitem_shape(shape_of(x), key), dtype_of(x))


def _conv_out(size, k, stride, dilation, padding):
    if size is None:
        return None
    if padding == "same":
        return -(-size // stride)
    eff = (k - 1) * dilation + 1
    return (size - eff) // stride + 1


def _tuple(v, n):
    return (v,) * n if isinstance(v, int) else tuple(v)


def _conv(inputs, kernel, strides=1, padding="valid", data_format=None,
          dilation_rate=1):
    shape = shape_of(inputs)
    kshape = shape_of(kernel)
    n = len(shape) - 2
    data_format = config.standardize_data_format(data_format)
    strides, dil = _tuple(strides, n), _tuple(dilation_rate, n)
    spatial = shape[1:-1] if data_format == "channels_last" else shape[2:]
    channels = shape[-1] if data_format == "channels_last" else shape[1]
    if channels is not None and channels % kshape[-2]:
        raise ValueError(
            f"conv: the input has {channels} channels, which is not a "
            f"multiple of the kernel's input channels {kshape[-2]}."
        )
    out = tuple(
        _conv_out(s, k, st, d, padding)
        for s, k, st, d in zip(spatial, kshape[:-2], strides, dil)
    )
    if data_format == "channels_last":
        new = (shape[0], *out, kshape[-1])
    else:
        new = (shape[0], kshape[-1], *out)
    return _out(new, dtypes.result_type(dtype_of(inputs), dtype_of(kernel)))


def deconv_length(size, stride, k, padding, output_padding, dilation):
    if size is None:
        return None
    k = (k - 1) * dilation + 1
    if output_padding is None:
        if padding == "valid":
            return size * stride + max(k - stride, 0)
        return size * stride
    pad = k // 2 if padding == "same" else 0
    return (size - 1) * stride + k - 2 * pad + output_padding


def _conv_transpose(inputs, kernel, strides=1, padding="valid",
                    output_padding=None, data_format=None, dilation_rate=1):
    shape = shape_of(inputs)
    kshape = shape_of(kernel)
    n = len(shape) - 2
    data_format = config.standardize_data_format(data_format)
    strides, dil = _tuple(strides, n), _tuple(dilation_rate, n)
    outpad = ((None,) * n if output_padding is None
              else _tuple(output_padding, n))
    spatial = shape[1:-1] if data_format == "channels_last" else shape[2:]
    out = tuple(
        deconv_length(s, st, k, padding, op, d)
        for s, st, k, op, d in zip(spatial, strides, kshape[:-2], outpad, dil)
    )
    if data_format == "channels_last":
        new = (shape[0], *out, kshape[-2])
    else:
        new = (shape[0], kshape[-2], *out)
    return _out(new, dtypes.result_type(dtype_of(inputs), dtype_of(kernel)))


def _pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    shape = shape_of(inputs)
    n = len(shape) - 2
    data_format = config.standardize_data_format(data_format)
    pool_size = _tuple(pool_size, n)
    strides = pool_size if strides is None else _tuple(strides, n)
    spatial = shape[1:-1] if data_format == "channels_last" else shape[2:]
    out = tuple(
        _conv_out(s, k, st, 1, padding)
        for s, k, st in zip(spatial, pool_size, strides)
    )
    if data_format == "channels_last":
        new = (shape[0], *out, shape[-1])
    else:
        new = (shape[0], shape[1], *out)
    return _out(new, dtype_of(inputs))


def _creation(shape, dtype=None):
    return _out(tuple(shape), dtypes.standardize_dtype(dtype))


def _full(shape, fill_value, dtype=None):
    return _out(tuple(shape), dtypes.standardize_dtype(dtype))


def _random(shape, a=None, b=None, dtype=None, seed=None):
    return _out(tuple(shape), dtypes.standardize_dtype(dtype))


def _randint(shape, minval, maxval, dtype="int32", seed=None):
    return _out(tuple(shape), dtypes.standardize_dtype(dtype))


def _like(x, dtype=None):
    return _out(shape_of(x), dtype_of(x) if dtype is None else dtype)


def _full_like(x, fill_value, dtype=None):
    return _out(shape_of(x), dtype_of(x) if dtype is None else dtype)


def _cond(pred, true_fn, false_fn):
    return true_fn()


def _while_loop(cond, body, loop_vars, maximum_iterations=None):
    return loop_vars


def _scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    import cornu.tree as tree

    if xs is None:
        x0 = None
        n = length
    else:
        flat = tree.flatten(xs)
        n = shape_of(flat[0])[0]
        x0 = tree.map_structure(
            lambda t: SymbolicTensor(shape_of(t)[1:], dtype_of(t)), xs
        )
    carry, y = f(init, x0)
    ys = tree.map_structure(
        lambda t: SymbolicTensor((n, *shape_of(t)), dtype_of(t)), y
    )
    return carry, ys


def _no_symbolic(*args, **kwargs):
    raise TypeError(
        "This operation needs concrete values and cannot run on a symbolic "
        "tensor. Call it on real data."
    )


__all__ = [
    "accumulate_dtype",
    "broadcast_shapes",
    "canonical_axis",
    "deconv_length",
    "dtype_of",
    "getitem_shape",
    "reshape_shape",
    "shape_of",
]
