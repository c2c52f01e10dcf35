"""Native whole-sequence kernels for the composites in
`cornu/layers/rnn/_kernels.py`: `torch.lstm` and `torch.gru` with Keras's
weights re-packed into torch's layout (same names, same signatures, same
numbers; checked in `tests/layers/rnn/test_kernels.py`)."""

from __future__ import annotations

import torch

from cornu.backend.torch.core import tensor


def _run(fn, inputs, hx, weights, go_backwards):
    x = tensor(inputs)
    if go_backwards:
        x = torch.flip(x, (1,))
    has_biases = len(weights) == 4
    return fn(x, hx, weights, has_biases, 1, 0.0, False, False, True)


def lstm(inputs, h, c, kernel, recurrent_kernel, bias=None,
         go_backwards=False):
    # Keras packs the gates i, f, c, o: torch's order too. torch adds two
    # biases; Keras's single bias goes in the first, zeros in the second.
    weights = [tensor(kernel).t(), tensor(recurrent_kernel).t()]
    if bias is not None:
        bias = tensor(bias)
        weights += [bias, torch.zeros_like(bias)]
    hx = (tensor(h).unsqueeze(0), tensor(c).unsqueeze(0))
    outputs, h, c = _run(torch.lstm, inputs, hx, weights, go_backwards)
    return outputs, h[0], c[0]


def _zrh_to_rzn(w):
    """Keras GRU gate order `z, r, h` (last axis) to torch's `r, z, n`."""
    z, r, n = torch.chunk(w, 3, dim=-1)
    return torch.cat([r, z, n], dim=-1)


def gru(inputs, h, kernel, recurrent_kernel, bias=None, go_backwards=False):
    # Keras's `reset_after=True` GRU is torch's GRU: n uses r * (W_hn h +
    # b_hn). bias[0] is the input bias, bias[1] the recurrent one.
    weights = [_zrh_to_rzn(tensor(kernel)).t(),
               _zrh_to_rzn(tensor(recurrent_kernel)).t()]
    if bias is not None:
        bias = _zrh_to_rzn(tensor(bias))
        weights += [bias[0], bias[1]]
    outputs, h = _run(torch.gru, inputs, tensor(h).unsqueeze(0), weights,
                      go_backwards)
    return outputs, h[0]


# Looked up by `cornu/layers/rnn/_kernels.py` (an engine without this
# table runs the composites).
rnn_kernels: dict = {"lstm": lstm, "gru": gru}
