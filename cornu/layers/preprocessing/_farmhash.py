"""FarmHash `Fingerprint64` (farmhashna `Hash64`) in pure Python, the hash
Keras's `Hashing` and TensorFlow's `to_hash_bucket_fast` use, so cornu
puts strings in the same bins. Written from the published algorithm and
checked against published test vectors (tests/layers/preprocessing/
test_hashing.py) for every length branch (0-16, 17-32, 33-64, 65+)."""

from __future__ import annotations

import struct

_MASK = (1 << 64) - 1
_K0 = 0xC3A5C85C97CB3127
_K1 = 0xB492B66FBE98F273
_K2 = 0x9AE16A3B2F90404F


def _u64(data: bytes, i: int) -> int:
    return struct.unpack_from("<Q", data, i)[0]


def _u32(data: bytes, i: int) -> int:
    return struct.unpack_from("<I", data, i)[0]


def _rotate(v: int, shift: int) -> int:
    return v if shift == 0 else ((v >> shift) | (v << (64 - shift))) & _MASK


def _shift_mix(v: int) -> int:
    return v ^ (v >> 47)


def _mix16(u: int, v: int, mul: int) -> int:
    a = ((u ^ v) * mul) & _MASK
    a ^= a >> 47
    b = ((v ^ a) * mul) & _MASK
    b ^= b >> 47
    return (b * mul) & _MASK


def _upto16(s: bytes) -> int:
    n = len(s)
    if n >= 8:
        mul = _K2 + 2 * n
        a = (_u64(s, 0) + _K2) & _MASK
        b = _u64(s, n - 8)
        c = (_rotate(b, 37) * mul + a) & _MASK
        d = ((_rotate(a, 25) + b) * mul) & _MASK
        return _mix16(c, d, mul)
    if n >= 4:
        mul = _K2 + 2 * n
        return _mix16((n + (_u32(s, 0) << 3)) & _MASK, _u32(s, n - 4), mul)
    if n:
        y = s[0] + (s[n >> 1] << 8)
        z = n + (s[n - 1] << 2)
        return (_shift_mix(((y * _K2) ^ (z * _K0)) & _MASK) * _K2) & _MASK
    return _K2


def _upto32(s: bytes) -> int:
    n = len(s)
    mul = _K2 + 2 * n
    a = (_u64(s, 0) * _K1) & _MASK
    b = _u64(s, 8)
    c = (_u64(s, n - 8) * mul) & _MASK
    d = (_u64(s, n - 16) * _K2) & _MASK
    return _mix16((_rotate((a + b) & _MASK, 43) + _rotate(c, 30) + d) & _MASK,
                  (a + _rotate((b + _K2) & _MASK, 18) + c) & _MASK, mul)


def _upto64(s: bytes) -> int:
    n = len(s)
    mul = _K2 + 2 * n
    a = (_u64(s, 0) * _K2) & _MASK
    b = _u64(s, 8)
    c = (_u64(s, n - 8) * mul) & _MASK
    d = (_u64(s, n - 16) * _K2) & _MASK
    y = (_rotate((a + b) & _MASK, 43) + _rotate(c, 30) + d) & _MASK
    z = _mix16(y, (a + _rotate((b + _K2) & _MASK, 18) + c) & _MASK, mul)
    e = (_u64(s, 16) * mul) & _MASK
    f = _u64(s, 24)
    g = ((y + _u64(s, n - 32)) * mul) & _MASK
    h = ((z + _u64(s, n - 24)) * mul) & _MASK
    return _mix16((_rotate((e + f) & _MASK, 43) + _rotate(g, 30) + h) & _MASK,
                  (e + _rotate((f + a) & _MASK, 18) + g) & _MASK, mul)


def _weak32(s: bytes, i: int, a: int, b: int) -> tuple[int, int]:
    w, x, y, z = _u64(s, i), _u64(s, i + 8), _u64(s, i + 16), _u64(s, i + 24)
    a = (a + w) & _MASK
    b = _rotate((b + a + z) & _MASK, 21)
    c = a
    a = (a + x + y) & _MASK
    b = (b + _rotate(a, 44)) & _MASK
    return (a + z) & _MASK, (b + c) & _MASK


def _round(s, i, x, y, z, v, w, mul, nine):
    x = (_rotate((x + y + v[0] + _u64(s, i + 8)) & _MASK, 37) * mul) & _MASK
    y = (_rotate((y + v[1] + _u64(s, i + 48)) & _MASK, 42) * mul) & _MASK
    x ^= (w[1] * nine) & _MASK
    y = (y + v[0] * nine + _u64(s, i + 40)) & _MASK
    z = (_rotate((z + w[0]) & _MASK, 33) * mul) & _MASK
    v = _weak32(s, i, (v[1] * mul) & _MASK, (x + w[0]) & _MASK)
    w = _weak32(s, i + 32, (z + w[1]) & _MASK, (y + _u64(s, i + 16)) & _MASK)
    return z, y, x, v, w  # x and z swap places


def fingerprint64(data: bytes) -> int:
    """The unsigned 64-bit FarmHash fingerprint of `data`."""
    n = len(data)
    if n <= 16:
        return _upto16(data)
    if n <= 32:
        return _upto32(data)
    if n <= 64:
        return _upto64(data)
    seed = 81
    y = (seed * _K1 + 113) & _MASK
    z = (_shift_mix((y * _K2 + 113) & _MASK) * _K2) & _MASK
    x = (seed * _K2 + _u64(data, 0)) & _MASK
    v = w = (0, 0)
    end = ((n - 1) // 64) * 64
    for i in range(0, end, 64):
        x, y, z, v, w = _round(data, i, x, y, z, v, w, _K1, 1)
    mul = (_K1 + ((z & 0xFF) << 1)) & _MASK
    w0 = (w[0] + ((n - 1) & 63)) & _MASK
    v = ((v[0] + w0) & _MASK, v[1])
    w = ((w0 + v[0]) & _MASK, w[1])
    x, y, z, v, w = _round(data, n - 64, x, y, z, v, w, mul, 9)
    return _mix16(
        (_mix16(v[0], w[0], mul) + _shift_mix(y) * _K0 + z) & _MASK,
        (_mix16(v[1], w[1], mul) + x) & _MASK, mul)
