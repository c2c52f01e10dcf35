"""The time loop shared by every recurrent layer: a cell step run over axis
1 of the inputs, with masking and reversal, through `ops.scan` (a Python
loop on torch and NumPy, `lax.scan` on JAX) or unrolled in Python."""

from __future__ import annotations

from collections.abc import Callable

from cornu import ops, tree


def _step_mask(m, like):
    """`m` `(batch,)` reshaped to broadcast against `like`."""
    return ops.reshape(m, (-1,) + (1,) * (len(ops.shape(like)) - 1))


def rnn_loop(step: Callable, inputs, states: list, mask=None,
             go_backwards: bool = False, zero_output_for_mask: bool = False,
             unroll: bool = False):
    """Runs `output, new_states = step(x_t, states)` over the time axis.

    Args:
        step: the step function; `states` is a list of tensors.
        inputs: `(batch, time, ...)`.
        states: the initial states.
        mask: `(batch, time)` booleans or `None`. A masked step keeps the
            previous states and emits the previous output (zeros with
            `zero_output_for_mask`).
        go_backwards: process the sequence from its last step; the outputs
            come out in processing order (as in Keras).
        zero_output_for_mask: see `mask`; the last output is then the
            last emitted one (zeros when the last step is masked).
        unroll: use a Python loop over the steps instead of `ops.scan`.

    Returns:
        `(last_output, outputs, final_states)` where `outputs` is
        `(batch, time, ...)`.
    """
    xs = ops.swapaxes(inputs, 0, 1)
    ms = None
    if mask is not None:
        ms = ops.swapaxes(ops.cast(mask, "bool"), 0, 1)
    if go_backwards:
        xs = ops.flip(xs, axis=0)
        ms = None if ms is None else ops.flip(ms, axis=0)
    states = list(states)

    if ms is None:
        def body(carry, x):
            out, new = step(x, carry)
            return list(new), out

        init = states
        scan_xs = xs
    else:
        # The previous output is carried so a masked step can repeat it.
        out0, _ = step(xs[0], states)
        zero = ops.zeros_like(out0)

        def body(carry, x_m):
            old, prev = carry
            x, m = x_m
            out, new = step(x, old)
            new = [ops.where(_step_mask(m, n), n, s)
                   for n, s in zip(new, old, strict=True)]
            kept = ops.where(_step_mask(m, out), out, prev)
            emitted = (ops.where(_step_mask(m, out), out, zero)
                       if zero_output_for_mask else kept)
            return (new, kept), emitted

        init = (states, zero)
        scan_xs = (xs, ms)

    if unroll:
        n = ops.shape(xs)[0]
        if n is None:
            raise ValueError(
                "RNN: `unroll=True` needs a known number of timesteps. "
                f"Received: inputs.shape={ops.shape(inputs)}."
            )
        carry, ys = init, []
        for t in range(n):
            carry, y = body(carry, tree.map_structure(
                lambda v, t=t: v[t], scan_xs))
            ys.append(y)
        outputs = ops.stack(ys, axis=0)
    else:
        carry, outputs = ops.scan(body, init, scan_xs)
    if ms is None:
        final_states = carry
        last_output = outputs[-1]
    else:
        final_states, last_output = carry
        if zero_output_for_mask:
            # Keras: the last emitted output, zeros when the last step is
            # masked.
            last_output = outputs[-1]
    return last_output, ops.swapaxes(outputs, 0, 1), list(final_states)
