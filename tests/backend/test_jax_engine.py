"""jax-specific checks of the jax engine: primitives trace under `jax.jit`,
random numbers from a traced key are deterministic, control flow traces, and
`Variable.assign` replaces the stored array. Conformance of every primitive
with NumPy is tested for all engines elsewhere."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import backend

if backend.backend() != "jax":
    pytest.skip("jax engine only", allow_module_level=True)

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

from cornu.backend.common.layer_base import LayerBase  # noqa: E402
from cornu.backend.common.primitives import PRIMITIVES  # noqa: E402

E = backend.engine()
rng = np.random.default_rng(0)
F = rng.normal(size=(3, 4)).astype("float32")
INTS = rng.integers(-3, 4, size=(3, 4)).astype("int32")
M = rng.normal(size=(2, 3, 4)).astype("float32")
IMG = rng.normal(size=(2, 6, 5, 4)).astype("float32")
KEY = np.array([3, 7], np.uint32)

# name -> (function of the array arguments, the array arguments)
CASES = {
    "round": (lambda x: E.round(x, 1), (F,)),
    "add": (lambda x, y: E.add(x, y), (F, INTS)),
    "divide": (lambda x, y: E.divide(x, y + 10), (INTS, INTS)),
    "power": (lambda x: E.power(x, 2), (F,)),
    "where": (lambda c, x: E.where(c > 0, x, 0.0), (INTS, F)),
    "clip": (lambda x: E.clip(x, -1, 1.5), (INTS,)),
    "sum": (lambda x: E.sum(x > 0, axis=1), (F,)),
    "mean": (lambda x: E.mean(x, axis=(0, 1), keepdims=True), (INTS,)),
    "var": (lambda x: E.var(x, 0), (F,)),
    "argmax": (lambda x: E.argmax(x, -1), (F,)),
    "cumsum": (lambda x: E.cumsum(x, 1), (INTS,)),
    "prod": (lambda x: E.prod(x > 0, 0), (F,)),
    "sort": (lambda x: E.sort(x, None), (M,)),
    "argsort": (lambda x: E.argsort(x), (F,)),
    "top_k": (lambda x: E.top_k(x, 2), (F,)),
    "matmul": (lambda x, y: E.matmul(x, y), (M, F.T.copy())),
    "einsum": (lambda x, y: E.einsum("bij,jk->bik", x, y), (M, F.T.copy())),
    "tensordot": (lambda x, y: E.tensordot(x, y, 1), (M, F.T.copy())),
    "reshape": (lambda x: E.reshape(x, (-1, 4)), (M,)),
    "split": (lambda x: E.split(x, [1, 3], axis=2), (M,)),
    "repeat": (lambda x: E.repeat(x, [1, 2, 0], axis=0), (F,)),
    "pad": (lambda x: E.pad(x, ((1, 0), (2, 2)), "reflect"), (F,)),
    "take": (lambda x, i: E.take(x, i[:2, :2] % 3, 0), (F, INTS)),
    "take_along_axis": (lambda x: E.take_along_axis(
        x, E.argsort(x, 1), 1), (F,)),
    "getitem": (lambda x: E.getitem(x, (Ellipsis, None, slice(1, 3))), (M,)),
    "slice": (lambda x, i: E.slice(x, (0, i[0, 0] % 2, 1), (1, 2, 3)),
              (M, INTS)),
    "slice_update": (lambda x, i: E.slice_update(
        x, (i[0, 0] % 2, 1), E.ones((2, 2))), (F, INTS)),
    "scatter": (lambda v: E.scatter(np.array([[0, 1], [2, 3], [0, 1]]),
                                    v[0, :3], (3, 4)), (F,)),
    "scatter_update": (lambda x: E.scatter_update(
        x, np.array([[0, 1], [2, 3]]), x[1, :2]), (F,)),
    "cast": (lambda x: E.cast(x, "bfloat16"), (F,)),
    "full_like": (lambda x: E.full_like(x, 2, "float16"), (INTS,)),
    "stop_gradient": (lambda x: E.stop_gradient(x), (F,)),
    "conv": (lambda x, w: E.conv(x, w, 2, "same", "channels_last", 1),
             (IMG, rng.normal(size=(3, 3, 2, 6)).astype("float32"))),
    "conv_transpose": (lambda x, w: E.conv_transpose(
        x, w, 2, "same", None, "channels_first", 1),
        (IMG, rng.normal(size=(3, 3, 5, 6)).astype("float32"))),
    "max_pool": (lambda x: E.max_pool(x, 3, 2, "same"), (IMG,)),
    "avg_pool": (lambda x: E.avg_pool(x, (2, 3), 1, "same"), (IMG,)),
}


def _leaves(out):
    return out if isinstance(out, (list, tuple)) else [out]


def _check_jit_matches_eager(fn, args):
    args = [jnp.asarray(a) for a in args]
    eager = _leaves(fn(*args))
    traced = _leaves(jax.jit(fn)(*args))
    assert len(eager) == len(traced)
    for e, t in zip(eager, traced, strict=True):
        assert isinstance(t, jax.Array)
        assert e.dtype == t.dtype and e.shape == t.shape
        np.testing.assert_allclose(
            np.asarray(e, np.float32), np.asarray(t, np.float32),
            rtol=1e-5, atol=1e-5,
        )


def test_every_primitive_is_defined():
    missing = [n for n in PRIMITIVES if not callable(getattr(E, n, None))]
    assert not missing
    assert E.name == "jax" and E.trainable is True
    assert E.LayerBase is LayerBase
    # every fast path replaces a composite op of the same name
    import cornu.ops as ops

    assert all(hasattr(getattr(ops, n), "composite") for n in E.fused)


def test_x64_stays_disabled():
    assert not jax.config.jax_enable_x64


@pytest.mark.parametrize("name", sorted(CASES))
def test_primitive_traces_under_jit(name):
    fn, args = CASES[name]
    _check_jit_matches_eager(fn, args)


@pytest.mark.parametrize(
    "name", sorted(n for n, p in PRIMITIVES.items()
                   if p.semantics.startswith("elementwise")),
)
def test_elementwise_traces_under_jit(name):
    fn = getattr(E, name)
    x = np.clip(F, -0.9, 0.9) if name in ("arcsin", "arccos", "arctanh",
                                          "erfinv") else F
    if name == "arccosh":
        x = np.abs(F) + 1.0
    _check_jit_matches_eager(fn, (x,))
    _check_jit_matches_eager(fn, (INTS,))


def test_promotion_uses_cornu_table_under_jit():
    @jax.jit
    def f(x, i, b):
        return (E.add(x, i), E.sum(b), E.mean(i), E.argmax(x),
                E.divide(i, 2), E.add(i, 2.5), E.sum(i.astype(jnp.uint8)))

    out = f(jnp.asarray(F), jnp.asarray(INTS), jnp.asarray(F > 0))
    assert [str(o.dtype) for o in out] == [
        "float32", "int32", "float32", "int32", "float32", "float32",
        "uint32",
    ]


def test_jit_with_python_scalar_argument_keeps_tensor_dtype():
    # A jit argument that is a Python float arrives as a weakly typed
    # float32 tracer; cornu treats it as a float32 tensor.
    x = jnp.ones(3, jnp.bfloat16)
    assert jax.jit(E.multiply)(x, 2.0).dtype == jnp.float32
    assert E.multiply(x, 2.0).dtype == jnp.bfloat16


RANDOM = {
    "random_uniform": lambda k: E.random_uniform((64,), -1.0, 2.0, seed=k),
    "random_normal": lambda k: E.random_normal((64,), 1.0, 2.0, seed=k),
    "random_truncated_normal": lambda k: E.random_truncated_normal(
        (64,), 0.0, 1.0, seed=k),
    "random_randint": lambda k: E.random_randint((64,), 0, 10, seed=k),
    "random_categorical": lambda k: E.random_categorical(
        jnp.zeros((2, 5)), 32, seed=k),
    "random_shuffle": lambda k: E.random_shuffle(jnp.arange(64), seed=k),
}


@pytest.mark.parametrize("name", sorted(RANDOM))
def test_random_under_jit_with_traced_key(name):
    fn = jax.jit(RANDOM[name])
    key = jnp.asarray(KEY)
    a = np.asarray(fn(key))
    b = np.asarray(fn(key))
    np.testing.assert_array_equal(a, b)
    c = np.asarray(fn(jnp.asarray([3, 8], jnp.uint32)))
    assert not np.array_equal(a, c)
    # Eager with the same key (a NumPy key here) gives the same numbers, up
    # to XLA fusing `x * stddev + mean` differently.
    np.testing.assert_allclose(
        a.astype(np.float32), np.asarray(RANDOM[name](KEY), np.float32),
        rtol=1e-6, atol=1e-6,
    )


def test_random_ranges_and_dtypes():
    u = E.random_uniform((1000,), 2.0, 3.0, dtype="float16", seed=KEY)
    assert u.dtype == jnp.float16
    assert float(u.min()) >= 2.0 and float(u.max()) <= 3.0
    t = E.random_truncated_normal((1000,), 0.0, 1.0, seed=KEY)
    assert float(jnp.abs(t).max()) <= 2.0
    r = E.random_randint((1000,), -2, 3, dtype="int32", seed=KEY)
    assert r.dtype == jnp.int32
    assert set(np.unique(np.asarray(r))) == {-2, -1, 0, 1, 2}
    s = E.random_shuffle(jnp.arange(12).reshape(3, 4), axis=1, seed=KEY)
    np.testing.assert_array_equal(np.sort(np.asarray(s), 1),
                                  np.arange(12).reshape(3, 4))


def test_random_rejects_bad_key():
    with pytest.raises(ValueError, match="uint32"):
        E.random_uniform((2,), seed=np.zeros(3, np.uint32))


def test_cond_python_and_traced():
    assert E.cond(True, lambda: 1, lambda: 2) == 1
    assert E.cond(np.array(False), lambda: 1, lambda: 2) == 2
    f = jax.jit(lambda p, x: E.cond(p > 0, lambda: x * 2, lambda: x - 1))
    x = jnp.arange(3.0)
    np.testing.assert_array_equal(f(1.0, x), [0.0, 2.0, 4.0])
    np.testing.assert_array_equal(f(-1.0, x), [-1.0, 0.0, 1.0])


def test_while_loop_traced_and_limited():
    def count(n):
        return E.while_loop(
            lambda i, s: i < n, lambda i, s: (i + 1, s + i), (0, 0.0)
        )

    i, s = jax.jit(count)(10)
    assert int(i) == 10 and float(s) == 45.0
    out = E.while_loop(lambda i: i < 100, lambda i: i + 1, 0,
                       maximum_iterations=7)
    assert int(out) == 7
    out = jax.jit(lambda x: E.while_loop(
        lambda i, y: True, lambda i, y: [i + 1, y * 2], [0, x],
        maximum_iterations=3))(jnp.ones(2))
    assert isinstance(out, list)
    np.testing.assert_array_equal(out[1], [8.0, 8.0])


def test_scan_matches_loop_and_differentiates():
    def f(xs):
        return E.scan(lambda c, x: (c * x, c), 1.0, xs)

    xs = jnp.arange(1.0, 5.0)
    carry, ys = jax.jit(f)(xs)
    assert float(carry) == 24.0
    np.testing.assert_array_equal(ys, [1.0, 1.0, 2.0, 6.0])
    carry, ys = E.scan(lambda c, x: (c + 1, None), 0, length=4)
    assert int(carry) == 4 and ys is None
    grad = jax.grad(lambda v: f(v)[0])(xs)
    np.testing.assert_allclose(grad, [24.0, 12.0, 8.0, 6.0])


def test_nn_is_differentiable_under_jit():
    w = jnp.asarray(rng.normal(size=(3, 3, 4, 4)), jnp.float32)

    def loss(x):
        y = E.conv(x, w, 1, "same", "channels_last", 1)
        y = E.max_pool(y, 2, 1, "same") + E.avg_pool(y, 3, 1, "same")
        return E.sum(E.conv_transpose(y, w, 2, "valid"))

    g = jax.jit(jax.grad(loss))(jnp.asarray(IMG))
    assert g.shape == IMG.shape and bool(jnp.all(jnp.isfinite(g)))


def test_variable_assign_replaces_value():
    v = E.Variable(np.zeros((2, 2), np.float32), name="v")
    old = v.value
    assert isinstance(old, jax.Array) and v.dtype == "float32"
    v.assign(np.ones((2, 2)))
    assert v.value is not old
    np.testing.assert_array_equal(old, np.zeros((2, 2)))
    np.testing.assert_array_equal(v.numpy(), np.ones((2, 2)))
    assert v.value.dtype == jnp.float32
    with pytest.raises(ValueError, match="shape"):
        v.assign(np.ones(3))


def test_variable_in_stateless_scope_under_jit():
    v = E.Variable(np.ones(3, np.float32), name="w")

    @jax.jit
    def step(value):
        with backend.StatelessScope([(v, value)]) as scope:
            v.assign(E.add(v.value, 1.0))
        return scope.get_current_value(v)

    np.testing.assert_array_equal(step(jnp.zeros(3)), [1.0, 1.0, 1.0])
    np.testing.assert_array_equal(v.numpy(), [1.0, 1.0, 1.0])


def test_convert_to_tensor_defaults():
    t = E.convert_to_tensor
    assert t(1.5).dtype == jnp.float32
    assert t(2).dtype == jnp.int32
    assert t(True).dtype == jnp.bool_
    assert t([1.0, 2.0]).dtype == jnp.float32
    assert t([1, 2]).dtype == jnp.int32
    assert t(np.arange(3, dtype=np.int8)).dtype == jnp.int8
    assert t(np.zeros(2), "float16").dtype == jnp.float16
    assert E.is_tensor(t(1)) and not E.is_tensor(np.ones(2))
    assert isinstance(E.convert_to_numpy(t([1, 2])), np.ndarray)


def test_small_constants_are_filled_on_the_host_outside_traces(monkeypatch):
    """Eager `zeros`/`ones`/`full` of small shapes compile nothing (filled
    by NumPy and transferred); inside a trace and for large shapes they stay
    `jnp` ops. Values and dtypes are the same either way."""
    from cornu import ops
    from cornu.backend.jax import numpy as jax_numpy

    calls = []
    for name in ("zeros", "ones", "full"):
        original = getattr(jnp, name)

        def spy(*args, _original=original, _name=name, **kwargs):
            calls.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(jnp, name, spy)
    out = ops.full((3, 2), 2.5, dtype="bfloat16")
    assert calls == []
    assert ops.dtype(out) == "bfloat16"
    np.testing.assert_array_equal(np.asarray(out, np.float32),
                                  np.full((3, 2), 2.5, np.float32))
    np.testing.assert_array_equal(np.asarray(ops.ones((2,), "int32")),
                                  [1, 1])

    @jax.jit
    def traced(x):
        return x + ops.zeros((2,))

    np.testing.assert_array_equal(
        np.asarray(traced(np.ones(2, np.float32))), [1, 1])
    assert calls == ["zeros"]
    large = jax_numpy._HOST_FILL_LIMIT + 1
    assert ops.ones((large,)).shape == (large,)
    assert calls == ["zeros", "ones"]
