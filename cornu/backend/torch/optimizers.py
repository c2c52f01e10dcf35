"""Torch fast paths for optimizer updates.

On the torch engine, when no `StatelessScope` is active,
`Optimizer._backend_update_step` calls `fused_update(type(optimizer))`
(SGD, Adam, AdamW, RMSprop, Lion, Adagrad, Adamax, Nadam) instead of
running `update_step` once per variable, and `Optimizer._apply_weight_decay`
calls `apply_weight_decay`. Each function updates every variable (and its
slots) in place with `torch._foreach_*` kernels: about ten calls per step
for all variables instead of about fifteen ops per variable.

Each function does the same float operations, in the same order, as the
class's `update_step` in `cornu/optimizers/` (the oracle), so both paths
give the same numbers, to the bit on the CPU
(`tests/optimizers/test_torch_fused.py` checks it). Scalars shared by all
variables (bias corrections, the learning rate) are computed once with
`cornu.ops`, exactly as `update_step` computes them.

On the CPU, Adam and AdamW go further: torch's fused kernel
(`torch._fused_adam_`) updates every moment and weight in one pass instead
of ten. Its rule is Keras's in exact arithmetic once epsilon is given as
`epsilon / sqrt(1 - beta_2^t)` (torch adds epsilon after dividing by the
bias correction; Keras before), but it rounds differently, so the weights
differ from the ops path by a few ulps per step (~1e-6 absolute after 20
steps at lr=1e-2; against a float64 reference the fused kernel is slightly
*closer*, see `bench/bench_optimizers.py`). Three times faster on the W1
MLP's shapes, it is the default; `CORNU_EXACT_OPTIMIZERS=1` keeps Adam on
the bit-exact `_foreach_` path. Off the CPU the `_foreach_` path runs
(the fused kernel would need the step count on the host every step).
`lerp` is not used for the other optimizers: it rounds differently too.
"""

from __future__ import annotations

import math
import os

import torch

from cornu import ops
from cornu.backend.torch.core import without_grad


def _groups(optimizer, grads, variables):
    """`(dtype, params, grads, indices)` per variable dtype, with each
    gradient cast to its variable's dtype (as `update_step` does)."""
    groups: dict = {}
    for grad, variable in zip(grads, variables, strict=True):
        group = groups.setdefault(variable.dtype, ([], [], []))
        param = variable.value
        if grad.dtype != param.dtype:
            grad = grad.to(param.dtype)
        if grad.stride() != param.stride():
            # Same memory order as the weight: fused kernels walk both in
            # memory order (a transposed gradient would pair wrong elements).
            grad = torch.empty_like(param).copy_(grad)
        group[0].append(param)
        group[1].append(grad)
        group[2].append(optimizer._get_variable_index(variable))
    return [(dtype, *group) for dtype, group in groups.items()]


def _slots(slot_variables, indices):
    return [slot_variables[i].value for i in indices]


def _scalar(value, dtype):
    """A 0-d tensor of `dtype` holding `value` (a Python number, a tensor
    or a variable), cast as `ops.cast` casts it."""
    return ops.cast(value, dtype)


@without_grad
def sgd_update(optimizer, grads, variables, learning_rate) -> None:
    for dtype, params, grads_, indices in _groups(optimizer, grads,
                                                  variables):
        lr = _scalar(learning_rate, dtype)
        scaled = torch._foreach_mul(grads_, lr)
        if optimizer.momentum == 0:
            torch._foreach_sub_(params, scaled)
            continue
        momentum = _scalar(optimizer.momentum, dtype)
        m = _slots(optimizer.momentums, indices)
        torch._foreach_mul_(m, momentum)
        torch._foreach_sub_(m, scaled)
        if optimizer.nesterov:
            step = torch._foreach_mul(m, momentum)
            torch._foreach_sub_(step, scaled)
            torch._foreach_add_(params, step)
        else:
            torch._foreach_add_(params, m)


_FUSED_ADAM_DTYPES = (torch.float32, torch.float64, torch.float16,
                      torch.bfloat16)


def _fused_adam_applies(params) -> bool:
    return (params[0].device.type == "cpu"
            and params[0].dtype in _FUSED_ADAM_DTYPES
            and not torch.compiler.is_compiling()
            and os.environ.get("CORNU_EXACT_OPTIMIZERS", "0") in ("", "0"))


def _host(value):
    """A variable's, tensor's or number's value as a Python number."""
    value = getattr(value, "value", value)
    return value.item() if isinstance(value, torch.Tensor) else value


def _same_layout(params, *slot_lists) -> bool:
    """Whether every slot is laid out as its weight (the fused kernel walks
    them in memory order; `add_variable_from_reference` ensures it)."""
    for slots in slot_lists:
        for param, slot in zip(params, slots, strict=True):
            if slot.stride() != param.stride():
                return False
    return True


def _in_memory_order(tensors):
    """Each tensor as a contiguous view of the same memory: the fused kernel
    copies a non-contiguous tensor in and out (2.7 ms per W1 step for
    `Dense`'s column-major kernels). Elementwise updates do not care about
    the axes' order as long as every operand is viewed the same way."""
    return [t.t() if t.ndim == 2 and not t.is_contiguous() else t
            for t in tensors]


def _fused_adam(optimizer, params, grads, indices, learning_rate) -> bool:
    """Keras's Adam step through `torch._fused_adam_` (CPU: the step count
    and learning rate are read on the host for free). False (nothing done)
    when a slot's memory order differs from its weight's."""
    amsgrad = bool(optimizer.amsgrad)
    m = _slots(optimizer._momentums, indices)
    v = _slots(optimizer._velocities, indices)
    v_hat = _slots(optimizer._velocity_hats, indices) if amsgrad else []
    if not _same_layout(params, m, v, *([v_hat] if amsgrad else [])):
        return False
    step = int(_host(optimizer.iterations)) + 1
    beta_2 = float(optimizer.beta_2)
    # Keras adds epsilon to sqrt(v); torch to sqrt(v) / sqrt(1 - beta_2^t).
    epsilon = optimizer.epsilon / math.sqrt(1.0 - beta_2 ** step)
    lr = float(_host(learning_rate))
    steps = [torch.full((), float(step), dtype=torch.float32)] * len(params)
    torch._fused_adam_(
        *(_in_memory_order(group) for group in (params, grads, m, v, v_hat)),
        steps, lr=lr, beta1=float(optimizer.beta_1), beta2=beta_2,
        weight_decay=0.0, eps=epsilon, amsgrad=amsgrad, maximize=False,
    )
    return True


@without_grad
def adam_update(optimizer, grads, variables, learning_rate) -> None:
    for dtype, params, grads_, indices in _groups(optimizer, grads,
                                                  variables):
        if _fused_adam_applies(params) and _fused_adam(
                optimizer, params, grads_, indices, learning_rate):
            continue
        lr = _scalar(learning_rate, dtype)
        local_step = ops.cast(ops.add(optimizer.iterations, 1), dtype)
        beta_1_power = ops.power(ops.cast(optimizer.beta_1, dtype),
                                 local_step)
        beta_2_power = ops.power(ops.cast(optimizer.beta_2, dtype),
                                 local_step)
        alpha = lr * ops.sqrt(1 - beta_2_power) / (1 - beta_1_power)
        m = _slots(optimizer._momentums, indices)
        v = _slots(optimizer._velocities, indices)
        delta = torch._foreach_sub(grads_, m)
        torch._foreach_mul_(delta, 1 - optimizer.beta_1)
        torch._foreach_add_(m, delta)
        delta = torch._foreach_mul(grads_, grads_)
        torch._foreach_sub_(delta, v)
        torch._foreach_mul_(delta, 1 - optimizer.beta_2)
        torch._foreach_add_(v, delta)
        if optimizer.amsgrad:
            v_hat = _slots(optimizer._velocity_hats, indices)
            torch._foreach_maximum_(v_hat, v)
            v = v_hat
        denominator = torch._foreach_sqrt(v)
        torch._foreach_add_(denominator, optimizer.epsilon)
        if (params[0].device.type == "cpu"
                and not torch.compiler.is_compiling()):
            # torch's CPU kernel computes `w + (-alpha * m) / d`: the ops
            # path's `w - (m * alpha) / d` to the bit, in one pass.
            torch._foreach_addcdiv_(params, m, denominator, -alpha.item())
        else:  # no host sync (or graph break) for `alpha.item()`
            step = torch._foreach_mul(m, alpha)
            torch._foreach_div_(step, denominator)
            torch._foreach_sub_(params, step)


@without_grad
def rmsprop_update(optimizer, grads, variables, learning_rate) -> None:
    rho = optimizer.rho
    for dtype, params, grads_, indices in _groups(optimizer, grads,
                                                  variables):
        lr = _scalar(learning_rate, dtype)
        v = _slots(optimizer._velocities, indices)
        torch._foreach_mul_(v, rho)
        squared = torch._foreach_mul(grads_, grads_)
        torch._foreach_mul_(squared, 1 - rho)
        torch._foreach_add_(v, squared)
        if optimizer.centered:
            average = _slots(optimizer._average_gradients, indices)
            torch._foreach_mul_(average, rho)
            torch._foreach_add_(average, torch._foreach_mul(grads_, 1 - rho))
            denominator = torch._foreach_sub(
                v, torch._foreach_mul(average, average)
            )
            torch._foreach_add_(denominator, optimizer.epsilon)
        else:
            denominator = torch._foreach_add(v, optimizer.epsilon)
        torch._foreach_sqrt_(denominator)
        increment = torch._foreach_mul(grads_, lr)
        torch._foreach_div_(increment, denominator)
        if optimizer.momentum > 0:
            momentum = _slots(optimizer._momentums, indices)
            torch._foreach_mul_(momentum, optimizer.momentum)
            torch._foreach_add_(momentum, increment)
            torch._foreach_sub_(params, momentum)
        else:
            torch._foreach_sub_(params, increment)


@without_grad
def lion_update(optimizer, grads, variables, learning_rate) -> None:
    for dtype, params, grads_, indices in _groups(optimizer, grads,
                                                  variables):
        lr = _scalar(learning_rate, dtype)
        m = _slots(optimizer._momentums, indices)
        direction = torch._foreach_mul(m, optimizer.beta_1)
        torch._foreach_add_(direction,
                            torch._foreach_mul(grads_, 1.0 - optimizer.beta_1))
        torch._foreach_sign_(direction)
        torch._foreach_mul_(direction, lr)
        torch._foreach_sub_(params, direction)
        torch._foreach_mul_(m, optimizer.beta_2)
        torch._foreach_add_(m, torch._foreach_mul(grads_,
                                                  1.0 - optimizer.beta_2))


@without_grad
def adagrad_update(optimizer, grads, variables, learning_rate) -> None:
    for dtype, params, grads_, indices in _groups(optimizer, grads,
                                                  variables):
        lr = _scalar(learning_rate, dtype)
        accumulators = _slots(optimizer._accumulators, indices)
        torch._foreach_add_(accumulators, torch._foreach_mul(grads_, grads_))
        denominator = torch._foreach_add(accumulators, optimizer.epsilon)
        torch._foreach_sqrt_(denominator)
        increment = torch._foreach_mul(grads_, lr)
        torch._foreach_div_(increment, denominator)
        torch._foreach_sub_(params, increment)


@without_grad
def adamax_update(optimizer, grads, variables, learning_rate) -> None:
    for dtype, params, grads_, indices in _groups(optimizer, grads,
                                                  variables):
        lr = _scalar(learning_rate, dtype)
        local_step = ops.cast(ops.add(optimizer.iterations, 1), dtype)
        beta_1_power = ops.power(ops.cast(optimizer.beta_1, dtype),
                                 local_step)
        m = _slots(optimizer._m, indices)
        u = _slots(optimizer._u, indices)
        delta = torch._foreach_sub(grads_, m)
        torch._foreach_mul_(delta, 1 - optimizer.beta_1)
        torch._foreach_add_(m, delta)
        torch._foreach_mul_(u, optimizer.beta_2)
        torch._foreach_maximum_(u, torch._foreach_abs(grads_))
        denominator = torch._foreach_add(u, optimizer.epsilon)
        torch._foreach_mul_(denominator, 1 - beta_1_power)
        step = torch._foreach_mul(m, lr)
        torch._foreach_div_(step, denominator)
        torch._foreach_sub_(params, step)


@without_grad
def nadam_update(optimizer, grads, variables, learning_rate) -> None:
    # `Nadam._backend_update_step` has already advanced `u_product`.
    for dtype, params, grads_, indices in _groups(optimizer, grads,
                                                  variables):
        lr = _scalar(learning_rate, dtype)
        local_step = ops.cast(ops.add(optimizer.iterations, 1), dtype)
        next_step = ops.cast(ops.add(optimizer.iterations, 2), dtype)
        decay = ops.cast(0.96, dtype)
        beta_1 = ops.cast(optimizer.beta_1, dtype)
        beta_2 = ops.cast(optimizer.beta_2, dtype)
        u_t = beta_1 * (1.0 - 0.5 * ops.power(decay, local_step))
        u_t_1 = beta_1 * (1.0 - 0.5 * ops.power(decay, next_step))
        u_product_t = ops.cast(optimizer._u_product.value, dtype)
        u_product_t_1 = u_product_t * u_t_1
        beta_2_power = ops.power(beta_2, local_step)
        m = _slots(optimizer._momentums, indices)
        v = _slots(optimizer._velocities, indices)
        delta = torch._foreach_sub(grads_, m)
        torch._foreach_mul_(delta, 1 - beta_1)
        torch._foreach_add_(m, delta)
        delta = torch._foreach_mul(grads_, grads_)
        torch._foreach_sub_(delta, v)
        torch._foreach_mul_(delta, 1 - beta_2)
        torch._foreach_add_(v, delta)
        m_hat = torch._foreach_mul(m, u_t_1)
        torch._foreach_div_(m_hat, 1 - u_product_t_1)
        current = torch._foreach_mul(grads_, 1 - u_t)
        torch._foreach_div_(current, 1 - u_product_t)
        torch._foreach_add_(m_hat, current)
        denominator = torch._foreach_div(v, 1 - beta_2_power)
        torch._foreach_sqrt_(denominator)
        torch._foreach_add_(denominator, optimizer.epsilon)
        torch._foreach_mul_(m_hat, lr)
        torch._foreach_div_(m_hat, denominator)
        torch._foreach_sub_(params, m_hat)


@without_grad
def apply_weight_decay(variables, weight_decay, learning_rate) -> None:
    """`w <- w - w * weight_decay * learning_rate` for every variable, as
    `Optimizer._apply_weight_decay` computes it."""
    groups: dict = {}
    for variable in variables:
        groups.setdefault(variable.dtype, []).append(variable.value)
    for dtype, params in groups.items():
        decay = torch._foreach_mul(params, _scalar(weight_decay, dtype))
        torch._foreach_mul_(decay, _scalar(learning_rate, dtype))
        torch._foreach_sub_(params, decay)


def _table() -> dict:
    from cornu.optimizers.adagrad import Adagrad
    from cornu.optimizers.adam import Adam
    from cornu.optimizers.adamax import Adamax
    from cornu.optimizers.adamw import AdamW
    from cornu.optimizers.lion import Lion
    from cornu.optimizers.nadam import Nadam
    from cornu.optimizers.rmsprop import RMSprop
    from cornu.optimizers.sgd import SGD

    return {
        SGD: sgd_update,
        Adam: adam_update,
        AdamW: adam_update,
        RMSprop: rmsprop_update,
        Lion: lion_update,
        Adagrad: adagrad_update,
        Adamax: adamax_update,
        Nadam: nadam_update,
    }


_UPDATES: dict | None = None


def fused_update(optimizer_class):
    """The fast update for exactly `optimizer_class` (not its subclasses,
    which may override `update_step`), or `None`."""
    global _UPDATES
    if _UPDATES is None:
        _UPDATES = _table()
    return _UPDATES.get(optimizer_class)


__all__ = ["apply_weight_decay", "fused_update"]
