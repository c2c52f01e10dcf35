"""Python operators (`+`, `*`, `@`, `[]`, ...) for the tensor-like classes
that cornu owns: `SymbolicTensor` and `Variable`. Each forwards to `cornu.ops`
so the operator works symbolically and on every engine."""

from __future__ import annotations

_ops = None


def _o():
    global _ops
    if _ops is None:
        import cornu.ops as ops

        _ops = ops
    return _ops


class TensorOperators:
    __slots__ = ()

    def __add__(self, other):
        return _o().add(self, other)

    def __radd__(self, other):
        return _o().add(other, self)

    def __sub__(self, other):
        return _o().subtract(self, other)

    def __rsub__(self, other):
        return _o().subtract(other, self)

    def __mul__(self, other):
        return _o().multiply(self, other)

    def __rmul__(self, other):
        return _o().multiply(other, self)

    def __truediv__(self, other):
        return _o().divide(self, other)

    def __rtruediv__(self, other):
        return _o().divide(other, self)

    def __floordiv__(self, other):
        return _o().floor_divide(self, other)

    def __rfloordiv__(self, other):
        return _o().floor_divide(other, self)

    def __mod__(self, other):
        return _o().mod(self, other)

    def __rmod__(self, other):
        return _o().mod(other, self)

    def __pow__(self, other):
        return _o().power(self, other)

    def __rpow__(self, other):
        return _o().power(other, self)

    def __matmul__(self, other):
        return _o().matmul(self, other)

    def __rmatmul__(self, other):
        return _o().matmul(other, self)

    def __neg__(self):
        return _o().negative(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return _o().abs(self)

    def __invert__(self):
        return _o().logical_not(self)

    def __and__(self, other):
        return _o().logical_and(self, other)

    def __rand__(self, other):
        return _o().logical_and(other, self)

    def __or__(self, other):
        return _o().logical_or(self, other)

    def __ror__(self, other):
        return _o().logical_or(other, self)

    def __xor__(self, other):
        return _o().logical_xor(self, other)

    def __lt__(self, other):
        return _o().less(self, other)

    def __le__(self, other):
        return _o().less_equal(self, other)

    def __gt__(self, other):
        return _o().greater(self, other)

    def __ge__(self, other):
        return _o().greater_equal(self, other)

    def __getitem__(self, key):
        return _o().getitem(self, key)

    def __iter__(self):
        raise TypeError(f"Iteration over {type(self).__name__} is not defined.")
