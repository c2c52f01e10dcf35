"""Engine-native fast paths for composite ops: op name -> function with the
composite's exact signature. Each is checked against the composite in
`tests/ops/test_nn.py` (the composite in `cornu/ops` stays the oracle)."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from cornu.backend.torch.core import promote, tensor, to_float


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


def _epsilon() -> float:
    from cornu import config

    return config.epsilon()


def binary_crossentropy(target, output, from_logits=False):
    output = tensor(output)
    target = tensor(target)
    if not output.is_floating_point() or target.shape != output.shape:
        return _composite("binary_crossentropy")(target, output, from_logits)
    target = target.to(output.dtype)
    if from_logits:
        return (target * F.softplus(-output)
                + (1.0 - target) * F.softplus(output))
    eps = _epsilon()
    output = torch.clamp(output, eps, 1.0 - eps)
    return -(target * torch.log(output)
             + (1.0 - target) * torch.log(1.0 - output))


def sparse_categorical_crossentropy(target, output, from_logits=False,
                                    axis=-1):
    """The composite's numbers from the label's entry alone: `gather`
    instead of a one-hot product over every class (the other entries add
    exact zeros there), in a few direct torch calls."""
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
    valid = (labels >= 0) & (labels < output.shape[axis])
    index = torch.where(valid, labels, 0).unsqueeze(axis)
    if from_logits:
        picked = torch.log_softmax(output, axis).gather(axis, index)
    else:
        total = output.sum(axis, keepdim=True)
        eps = _epsilon()
        picked = torch.log(torch.clamp(
            output.gather(axis, index) / total, eps, 1.0 - eps))
    # Out-of-range labels give 0, as the composite's all-zero one-hot row.
    return torch.where(valid, -picked.squeeze(axis), 0.0)


def affine(x, kernel, bias=None):
    if (bias is not None and isinstance(x, torch.Tensor) and x.ndim == 2
            and isinstance(kernel, torch.Tensor)
            and isinstance(bias, torch.Tensor) and x.is_floating_point()
            and x.dtype is kernel.dtype and kernel.dtype is bias.dtype):
        return torch.addmm(bias, x, kernel)  # what `nn.Linear` runs
    return _composite("affine")(x, kernel, bias)


fused: dict = {
    "affine": affine,
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
    "sparse_categorical_crossentropy": sparse_categorical_crossentropy,
}
