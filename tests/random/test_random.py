"""`cornu.random`: reproducibility (SeedGenerator, int seeds), the
distributions' shapes, dtypes, ranges and moments, and dropout semantics."""

from __future__ import annotations

import numpy as np
import pytest

import cornu.ops as ops
import cornu.random as random
from cornu.random import SeedGenerator


def to_np(x):
    return np.asarray(ops.convert_to_numpy(x))


_X = np.arange(24, dtype=np.float32).reshape(6, 4)
_LOGITS = np.log(np.array([[0.1, 0.6, 0.3]], np.float32))

DRAWS = {
    "uniform": lambda seed: random.uniform((50,), seed=seed),
    "normal": lambda seed: random.normal((50,), seed=seed),
    "truncated_normal": lambda seed: random.truncated_normal((50,),
                                                             seed=seed),
    "randint": lambda seed: random.randint((50,), 0, 1000, seed=seed),
    "categorical": lambda seed: random.categorical(_LOGITS, 50, seed=seed),
    "shuffle": lambda seed: random.shuffle(np.arange(50, dtype=np.float32),
                                           seed=seed),
    "dropout": lambda seed: random.dropout(np.ones((50,), np.float32), 0.5,
                                           seed=seed),
    "gamma": lambda seed: random.gamma((50,), 2.0, seed=seed),
    "binomial": lambda seed: random.binomial((50,), 10, 0.5, seed=seed),
    "beta": lambda seed: random.beta((50,), 2.0, 3.0, seed=seed),
}


def test_every_random_function_has_a_draw():
    assert set(DRAWS) == set(random.__all__) - {"SeedGenerator"}


@pytest.mark.parametrize("name", sorted(DRAWS))
def test_int_seed_gives_identical_draws(name):
    first = to_np(DRAWS[name](1337))
    np.testing.assert_array_equal(to_np(DRAWS[name](1337)), first)
    assert not np.array_equal(to_np(DRAWS[name](1338)), first)


@pytest.mark.parametrize("name", sorted(DRAWS))
def test_seed_generator_replays_its_stream(name):
    a, b = SeedGenerator(42), SeedGenerator(42)
    first = [to_np(DRAWS[name](a)) for _ in range(3)]
    second = [to_np(DRAWS[name](b)) for _ in range(3)]
    for x, y in zip(first, second, strict=True):
        np.testing.assert_array_equal(x, y)
    # each call advances the generator: consecutive draws differ
    assert not np.array_equal(first[0], first[1])
    assert not np.array_equal(first[1], first[2])


def test_seed_generator_differs_by_seed():
    a = to_np(random.normal((20,), seed=SeedGenerator(1)))
    b = to_np(random.normal((20,), seed=SeedGenerator(2)))
    assert not np.array_equal(a, b)


def test_seed_generator_state_is_a_counter():
    gen = SeedGenerator(5)
    np.testing.assert_array_equal(to_np(gen.state.value), [5, 0])
    gen.next()
    gen.next()
    np.testing.assert_array_equal(to_np(gen.state.value), [5, 2])
    assert ops.dtype(gen.state.value) == "int32"
    assert not gen.state.trainable


def test_seed_generator_keys_match_inside_and_outside_a_stateless_scope():
    # Outside a scope an engine may advance the state in place
    # (`advance_seed`, torch); inside one the advance is recorded. Both give
    # the same keys and the same state.
    from cornu.backend import StatelessScope

    eager, recorded = SeedGenerator(11), SeedGenerator(11)
    keys = [to_np(eager.next()) for _ in range(3)]
    with StatelessScope() as scope:
        inside = [to_np(recorded.next())]
        state = scope.get_current_value(recorded.state)
    np.testing.assert_array_equal(keys[0], inside[0])
    np.testing.assert_array_equal(keys, [[11, 0], [11, 1], [11, 2]])
    np.testing.assert_array_equal(to_np(state), [11, 1])
    np.testing.assert_array_equal(to_np(eager.state.value), [11, 3])


def test_seed_generator_round_trips_its_config():
    gen = SeedGenerator(9)
    assert gen.get_config() == {"seed": 9}
    clone = SeedGenerator.from_config(gen.get_config())
    np.testing.assert_array_equal(
        to_np(random.uniform((8,), seed=clone)),
        to_np(random.uniform((8,), seed=SeedGenerator(9))))


def test_int_seed_matches_a_fresh_generator_of_that_seed():
    # an int seed is the first key of a generator made from it
    np.testing.assert_array_equal(
        to_np(random.uniform((8,), seed=3)),
        to_np(random.uniform((8,), seed=SeedGenerator(3))))


def test_seed_generator_rejects_a_non_integer_seed():
    with pytest.raises(ValueError, match="seed"):
        SeedGenerator("a")
    with pytest.raises(ValueError, match="seed"):
        SeedGenerator(1.5)


def test_random_ops_reject_a_bad_seed():
    with pytest.raises(ValueError, match="seed"):
        random.uniform((2,), seed="abc")


@pytest.mark.parametrize("dtype", ["float16", "float32"])
@pytest.mark.parametrize("name", ["uniform", "normal", "truncated_normal"])
def test_float_distributions_shape_and_dtype(name, dtype):
    out = getattr(random, name)((3, 2), dtype=dtype, seed=1)
    assert ops.dtype(out) == dtype and ops.shape(out) == (3, 2)
    out = getattr(random, name)(4, seed=1)  # an int shape
    assert ops.dtype(out) == "float32" and ops.shape(out) == (4,)


def test_uniform_range_and_moments():
    x = to_np(random.uniform((20000,), -1.0, 3.0, seed=11))
    assert x.min() >= -1.0 and x.max() < 3.0
    assert abs(x.mean() - 1.0) < 0.05
    assert abs(x.var() - 16.0 / 12.0) < 0.05


def test_normal_moments():
    x = to_np(random.normal((20000,), 2.0, 0.5, seed=12))
    assert abs(x.mean() - 2.0) < 0.02
    assert abs(x.std() - 0.5) < 0.02


def test_truncated_normal_stays_within_two_stddev():
    x = to_np(random.truncated_normal((20000,), -1.0, 3.0, seed=13))
    assert np.abs(x + 1.0).max() <= 6.0 + 1e-5
    assert abs(x.mean() + 1.0) < 0.1
    assert abs(x.std() - 3.0 * 0.8796) < 0.06


def test_randint_range_dtype_and_uniformity():
    x = random.randint((20000,), 2, 5, seed=14)
    assert ops.dtype(x) == "int32"
    counts = np.bincount(to_np(x) - 2, minlength=3)
    assert counts.sum() == 20000 and counts.size == 3
    np.testing.assert_allclose(counts / 20000, 1 / 3, atol=0.02)


def test_categorical_frequencies():
    out = random.categorical(_LOGITS, 6000, seed=15)
    assert ops.dtype(out) == "int32" and ops.shape(out) == (1, 6000)
    freq = np.bincount(to_np(out)[0], minlength=3) / 6000
    np.testing.assert_allclose(freq, [0.1, 0.6, 0.3], atol=0.03)


@pytest.mark.parametrize("axis", [0, 1])
def test_shuffle_permutes_slices(axis):
    out = to_np(random.shuffle(_X, axis=axis, seed=16))
    assert out.shape == _X.shape
    moved, orig = np.moveaxis(out, axis, 0), np.moveaxis(_X, axis, 0)
    assert sorted(r.tobytes() for r in moved) == sorted(
        r.tobytes() for r in orig)
    assert not np.array_equal(out, _X)


@pytest.mark.parametrize("name, args, mean", [
    ("gamma", (3.0,), 3.0),
    ("binomial", (10, 0.3), 3.0),
    ("beta", (2.0, 6.0), 0.25),
])
def test_host_distributions_moments(name, args, mean):
    x = getattr(random, name)((20000,), *args, seed=17)
    assert ops.shape(x) == (20000,) and ops.dtype(x) == "float32"
    assert abs(to_np(x).mean() - mean) < 0.05 * max(mean, 1.0)


# dropout ------------------------------------------------------------------


def test_dropout_scales_the_kept_entries():
    # (inputs share one shape so the jax engine compiles once)
    x = np.ones((300, 300), np.float32)
    out = to_np(random.dropout(x, 0.25, seed=18))
    assert set(np.unique(out).tolist()) <= {0.0, float(np.float32(4 / 3))}
    kept = (out != 0).mean()
    assert abs(kept - 0.75) < 0.02
    assert abs(out.mean() - 1.0) < 0.03  # expectation is preserved


def test_dropout_keeps_values_and_dtype():
    x = np.arange(1, 201, dtype=np.float16).reshape(20, 10)
    out = random.dropout(x, 0.5, seed=19)
    assert ops.dtype(out) == "float16"
    out = to_np(out)
    kept = out != 0
    np.testing.assert_allclose(out[kept], 2.0 * x[kept], rtol=1e-3)


def test_dropout_rate_zero_is_identity():
    x = np.arange(300 * 300, dtype=np.float32).reshape(300, 300)
    np.testing.assert_array_equal(to_np(random.dropout(x, 0.0, seed=1)), x)


@pytest.mark.parametrize("noise_shape, shared_axis", [
    ((300, 1), 1),       # one draw per row, shared along the columns
    ((1, 300), 0),       # one draw per column, shared along the rows
    ((None, 1), 1),      # None takes the input's size
])
def test_dropout_noise_shape_broadcasts(noise_shape, shared_axis):
    x = np.ones((300, 300), np.float32)
    out = to_np(random.dropout(x, 0.5, noise_shape=noise_shape, seed=20))
    first = np.take(out, [0], axis=shared_axis)
    np.testing.assert_array_equal(out, np.broadcast_to(first, out.shape))
    kept = (out != 0).mean()
    assert 0.4 < kept < 0.6
    assert set(np.unique(out).tolist()) <= {0.0, 2.0}


def test_dropout_is_the_uniform_draw_with_the_same_key_as_a_mask():
    # keep = uniform >= rate; kept entries are x * (1 / (1 - rate)) (an
    # ulp or two from x / (1 - rate)), dropped ones x * 0: 0 for finite x,
    # NaN for NaN and inf (as tf.nn.dropout and torch's dropout).
    x = np.linspace(-5, 5, 300 * 300, dtype=np.float32).reshape(300, 300)
    x[0, :40] = np.nan
    x[1, :40] = -np.inf
    out = to_np(random.dropout(x, 0.3, seed=21))
    keep = to_np(random.uniform((300, 300), seed=21)) >= 0.3
    assert out.dtype == np.float32
    finite = np.isfinite(x)
    np.testing.assert_array_equal(out[~keep & finite], 0.0)
    assert np.isnan(out[~keep & ~finite]).all()
    assert np.isnan(out[keep & np.isnan(x)]).all()
    assert (out[keep & np.isneginf(x)] == -np.inf).all()
    scale = np.float32(1.0) / np.float32(0.7)
    np.testing.assert_array_equal(out[keep], x[keep] * scale)
    np.testing.assert_allclose(out[keep], x[keep] / np.float32(0.7),
                               rtol=2.5e-7)


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int32"])
@pytest.mark.parametrize("noise_shape", [(6, 40), (1, 40), (6, 1)])
def test_dropout_op_is_the_scaled_mask_of_the_keyed_draw(dtype, noise_shape):
    # `ops.nn.dropout` (torch: its direct-call kernel) and its composite
    # both give x * ((u >= rate) / (1 - rate)) for the uniform draw u of
    # the same key, the mask in float32 and then in x's float dtype.
    import cornu.ops.nn as nn_ops

    x_np = (np.arange(240).reshape(6, 40) - 120).astype(dtype)
    x = ops.convert_to_tensor(x_np)
    key = np.array([7, 3], "int32")
    fast = nn_ops.dropout(x, 0.3, noise_shape, key)
    slow = nn_ops.dropout.composite(x, 0.3, noise_shape, key)
    assert ops.dtype(fast) == ops.dtype(slow)
    np.testing.assert_array_equal(to_np(fast), to_np(slow))
    u = to_np(ops.random_uniform(noise_shape, 0.0, 1.0, "float32", key))
    scale = (u >= 0.3).astype(np.float32) / np.float32(0.7)
    # (jax without x64 holds float64 input as float32)
    out_dtype = ops.dtype(x) if dtype.startswith("float") else "float32"
    want = x_np.astype(out_dtype) * scale.astype(out_dtype)
    assert to_np(fast).dtype == want.dtype
    # (XLA may divide as a multiply by the reciprocal: an ulp)
    np.testing.assert_allclose(to_np(fast), want,
                               rtol=1e-3 if dtype == "float16" else 3e-7)
    assert 0 < (to_np(fast) == 0).mean() < 0.8
