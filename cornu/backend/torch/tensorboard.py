"""torch's TensorBoard writer, for the `TensorBoard` callback when
`tensorboardX` is not installed."""

from __future__ import annotations


def summary_writer_class():
    """`torch.utils.tensorboard.SummaryWriter` (needs the `tensorboard`
    package; raises ImportError without it)."""
    from torch.utils.tensorboard import SummaryWriter

    return SummaryWriter
