"""Attention layers: `Attention` (dot-product), `AdditiveAttention` and
`MultiHeadAttention`."""
