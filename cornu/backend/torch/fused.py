"""Engine-native fast paths for composite ops: op name -> function with the
composite's exact signature. Each is checked against the composite in
`tests/ops/test_nn.py` (the composite in `cornu/ops` stays the oracle)."""

from __future__ import annotations

import functools
import math

import numpy as np
import torch
import torch.nn.functional as F

from cornu import config
from cornu.backend.torch.core import promote, tensor, to_float
from cornu.backend.torch.random import random_uniform


def _float_fn(fn):
    def op(x):
        return fn(to_float(tensor(x)))

    op.__name__ = fn.__name__
    return op


def _float_only(name, fn):
    """`fn` on float inputs; integer inputs keep their dtype through the
    composite (relu6 and hard_tanh are defined on ints too)."""

    def op(x):
        x = tensor(x)
        if x.is_floating_point():
            return fn(x)
        return _composite(name)(x)

    op.__name__ = name
    return op


def relu(x):
    x = tensor(x)
    return torch.relu(x) if x.dtype is not torch.bool else x


def leaky_relu(x, negative_slope=0.2):
    return F.leaky_relu(to_float(tensor(x)), negative_slope)


def elu(x, alpha=1.0):
    return F.elu(to_float(tensor(x)), alpha)


def celu(x, alpha=1.0):
    return F.celu(to_float(tensor(x)), alpha)


def gelu(x, approximate=True):
    return F.gelu(to_float(tensor(x)),
                  approximate="tanh" if approximate else "none")


def _composite(name):
    from cornu.ops import nn

    return getattr(nn, name).composite


def softmax(x, axis=-1):
    if not isinstance(axis, int):
        return _composite("softmax")(x, axis)
    return torch.softmax(to_float(tensor(x)), dim=axis)


def log_softmax(x, axis=-1):
    if not isinstance(axis, int):
        return _composite("log_softmax")(x, axis)
    return torch.log_softmax(to_float(tensor(x)), dim=axis)


def logsumexp(x, axis=None, keepdims=False):
    x = to_float(tensor(x))
    if axis is None:
        out = torch.logsumexp(x.reshape(-1), dim=0)
        return out.reshape((1,) * x.ndim) if keepdims else out
    dims = (axis,) if isinstance(axis, int) else tuple(axis)
    return torch.logsumexp(x, dim=dims, keepdim=keepdims)


def dot_product_attention(query, key, value, bias=None, mask=None,
                          scale=None, is_causal=False, flash_attention=None,
                          attn_logits_soft_cap=None):
    """`F.scaled_dot_product_attention` (flash / memory-efficient kernels
    where torch has them) in Keras's `(batch, T, heads, dim)` layout."""
    if attn_logits_soft_cap is not None or (
            bias is not None and mask is not None):
        return _composite("dot_product_attention")(
            query, key, value, bias, mask, scale, is_causal, flash_attention,
            attn_logits_soft_cap)
    (q, k, v), _ = promote([query, key, value])
    q, k, v = (to_float(t).transpose(1, 2) for t in (q, k, v))
    attn_mask = None
    if mask is not None:
        keep = tensor(mask).to(torch.bool)
        if is_causal:
            # torch refuses a mask together with `is_causal`.
            keep = keep & torch.ones(q.shape[-2], k.shape[-2],
                                     dtype=torch.bool, device=q.device).tril()
            is_causal = False
        # An additive mask, as the composite: a fully hidden row gives a
        # uniform average instead of torch's NaN.
        hidden = -65500.0 if q.dtype == torch.float16 else -1e9
        attn_mask = torch.where(
            keep, torch.zeros((), dtype=q.dtype, device=q.device),
            torch.full((), hidden, dtype=q.dtype, device=q.device))
    elif bias is not None:
        attn_mask = tensor(bias).to(q.dtype)
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask,
                                         is_causal=is_causal, scale=scale)
    return out.transpose(1, 2)


def binary_crossentropy(target, output, from_logits=False):
    output = tensor(output)
    target = tensor(target)
    if not output.is_floating_point() or target.shape != output.shape:
        return _composite("binary_crossentropy")(target, output, from_logits)
    target = target.to(output.dtype)
    if from_logits:
        return (target * F.softplus(-output)
                + (1.0 - target) * F.softplus(output))
    eps = config.epsilon()
    output = torch.clamp(output, eps, 1.0 - eps)
    return -(target * torch.log(output)
             + (1.0 - target) * torch.log(1.0 - output))


def _softmax_logits(output, axis):
    """The logits `output` is the softmax of along `axis` (marked by
    `activations.softmax`), or None: unmarked, another axis or dtype, or
    changed in place since (`_version`)."""
    logits = getattr(output, "_keras_logits", None)
    if (logits is None or output._version
            or output.dtype not in (torch.float32, torch.float64)
            or not isinstance(logits, torch.Tensor)
            or logits.dtype is not output.dtype
            or logits.shape != output.shape):
        return None
    marked = getattr(output, "_cornu_softmax_axis", None)
    if not isinstance(marked, int) or marked % output.ndim != axis:
        return None
    return logits


def _log_clip_bounds(dtype):
    """`log(eps)` and `log(1 - eps)` for `eps` and `1 - eps` rounded to
    `dtype` first: the probability-space clip, moved to log space."""
    return _log_clip_bounds_for(dtype, config.epsilon())


@functools.lru_cache(maxsize=8)
def _log_clip_bounds_for(dtype, eps):
    if dtype is torch.float32:
        low, high = float(np.float32(eps)), float(np.float32(1.0 - eps))
    else:
        low, high = eps, 1.0 - eps
    return math.log(low), math.log(high)


def _clip(log_probs, bounds):
    """`clamp` to `bounds` as `hardtanh`: the same values; its backward is
    one kernel where `clamp`'s is five ops (it passes no gradient at a value
    exactly on a bound, where `clamp` does: an event of probability ~0 for
    a log probability, which is never computed to a bound's exact
    float)."""
    return F.hardtanh(log_probs, *bounds)


# Up to this many entries, clipping every log probability costs less than
# the ops that clip only the labels' entries.
_CLIP_ALL_ENTRIES = 1 << 16


def _label_log_probabilities(log_probs, labels, axis, clip=None):
    """`-log_probs` at each label along `axis` (the log probability clipped
    to `clip` first, when given); 0 where the label is out of range (the
    composite's all-zero one-hot row)."""
    if axis == 1 and log_probs.device.type == "cpu" and (
            clip is None or log_probs.numel() <= _CLIP_ALL_ENTRIES):
        # `nll_loss` is the gather; on the CPU it raises on a label out of
        # range (-100 is its ignored label: 0, as wanted) instead of
        # needing a validity pass on every call.
        try:
            return F.nll_loss(
                log_probs if clip is None else _clip(log_probs, clip),
                labels, reduction="none")
        except IndexError:
            pass
    picked, valid = _at_labels(log_probs, labels, axis)
    if clip is not None:
        picked = _clip(picked, clip)
    return -picked * valid


def _at_labels(values, labels, axis):
    """`values` at each label along `axis` (an out-of-range label reads
    entry 0) and the labels' validity mask: a product by it is the
    composite's one-hot product, 0 for a label out of range."""
    index = labels.clamp(0, values.shape[axis] - 1)
    picked = values.gather(axis, index.unsqueeze(axis)).squeeze(axis)
    return picked, index == labels


def sparse_categorical_crossentropy(target, output, from_logits=False,
                                    axis=-1):
    """The composite's numbers from the label's entry alone (`nll_loss` or
    `gather` instead of a one-hot product over every class: the other
    entries add exact zeros there), in a few direct torch calls. A softmax
    output (`activations.softmax`) is taken back to its logits: the
    probability-space clip `[eps, 1 - eps]` becomes a clip of the log
    probability (the same numbers up to rounding, and no gradient where
    the composite has none) and the softmax's backward pass is skipped."""
    output = tensor(output)
    target = tensor(target)
    if target.ndim == output.ndim and target.ndim and target.shape[-1] == 1:
        target = target.squeeze(-1)
    rank = output.ndim
    if (not output.is_floating_point() or not isinstance(axis, int)
            or not -rank <= axis < rank or target.is_complex()
            or target.shape != output.shape[:axis % rank]
            + output.shape[axis % rank + 1:]):
        # (the composite raises the shape error, or handles the rest)
        return _composite("sparse_categorical_crossentropy")(
            target, output, from_logits, axis)
    axis %= rank
    labels = target.long()
    if from_logits:
        return _label_log_probabilities(torch.log_softmax(output, axis),
                                        labels, axis)
    logits = _softmax_logits(output, axis)
    if logits is not None:
        return _label_log_probabilities(torch.log_softmax(logits, axis),
                                        labels, axis,
                                        _log_clip_bounds(output.dtype))
    # Probabilities: the label's entry, renormalized and clipped.
    picked, valid = _at_labels(output, labels, axis)
    eps = config.epsilon()
    picked = torch.clamp(picked / output.sum(axis), eps, 1.0 - eps)
    return -torch.log(picked) * valid


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """The composite in direct torch calls; a softmax output
    (`activations.softmax`) is taken back to its logits as in
    `sparse_categorical_crossentropy` (the clip moved to log space)."""
    output = tensor(output)
    target = tensor(target)
    rank = output.ndim
    if (not output.is_floating_point() or target.shape != output.shape
            or not isinstance(axis, int) or not -rank <= axis < rank
            or target.is_complex()):
        return _composite("categorical_crossentropy")(
            target, output, from_logits, axis)
    axis %= rank
    target = target.to(output.dtype)
    if from_logits:
        log_probs = torch.log_softmax(output, axis)
    else:
        logits = _softmax_logits(output, axis)
        if logits is None:
            return _composite("categorical_crossentropy")(
                target, output, from_logits, axis)
        log_probs = _clip(torch.log_softmax(logits, axis),
                          _log_clip_bounds(output.dtype))
    return -(target * log_probs).sum(axis)


def affine(x, kernel, bias=None):
    if (bias is not None and isinstance(x, torch.Tensor) and x.ndim == 2
            and isinstance(kernel, torch.Tensor)
            and isinstance(bias, torch.Tensor) and x.is_floating_point()
            and x.dtype is kernel.dtype and kernel.dtype is bias.dtype):
        return torch.addmm(bias, x, kernel)  # what `nn.Linear` runs
    return _composite("affine")(x, kernel, bias)


def dropout(inputs, rate, noise_shape, seed):
    """The composite's draw and arithmetic in direct torch calls, the mask
    made in place in the draw's buffer: on W1's (128, 512) activations
    ~30% less time forward and backward than a separate mask, cast and
    division (and less than `F.dropout`, whose `bernoulli_` draws slower
    on the CPU)."""
    x = tensor(inputs)
    if not x.is_floating_point():
        return _composite("dropout")(inputs, rate, noise_shape, seed)
    scale = random_uniform(noise_shape, 0.0, 1.0, config.floatx(), seed)
    scale = scale.ge_(rate).div_(1.0 - rate)
    return x * (scale if scale.dtype is x.dtype else scale.to(x.dtype))


fused: dict = {
    "affine": affine,
    "dropout": dropout,
    "relu": relu,
    "relu6": _float_only("relu6", F.relu6),
    "sigmoid": _float_fn(torch.sigmoid),
    "softplus": _float_fn(F.softplus),
    "softsign": _float_fn(F.softsign),
    "silu": _float_fn(F.silu),
    "log_sigmoid": _float_fn(F.logsigmoid),
    "hard_sigmoid": _float_fn(F.hardsigmoid),
    "hard_silu": _float_fn(F.hardswish),
    "hard_tanh": _float_only("hard_tanh", F.hardtanh),
    "selu": _float_fn(F.selu),
    "mish": _float_fn(F.mish),
    "leaky_relu": leaky_relu,
    "elu": elu,
    "celu": celu,
    "gelu": gelu,
    "softmax": softmax,
    "log_softmax": log_softmax,
    "logsumexp": logsumexp,
    "dot_product_attention": dot_product_attention,
    "binary_crossentropy": binary_crossentropy,
    "categorical_crossentropy": categorical_crossentropy,
    "sparse_categorical_crossentropy": sparse_categorical_crossentropy,
}
