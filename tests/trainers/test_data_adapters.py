"""Data adapters: every input kind, batching, shuffling, class weights,
`train_validation_split`, `pack`/`unpack` and the input errors."""

import numpy as np
import pytest

import cornu
from cornu.trainers.data_adapters import (
    ArrayDataAdapter,
    GeneratorDataAdapter,
    PyDatasetAdapter,
    get_data_adapter,
    train_validation_split,
)
from cornu.utils import (
    PyDataset,
    pack_x_y_sample_weight,
    unpack_x_y_sample_weight,
)
from tests._oracle import import_keras


def _data(n=10):
    x = np.arange(2 * n, dtype="float64").reshape(n, 2)
    y = np.arange(n) % 3
    return x, y


def _batches(adapter):
    return list(adapter.get_numpy_iterator())


# --------------------------------------------------------------------------
# arrays
# --------------------------------------------------------------------------


def test_array_adapter_sizes_and_partial_batch():
    x, y = _data(10)
    adapter = get_data_adapter(x, y, batch_size=4)
    assert isinstance(adapter, ArrayDataAdapter)
    assert (adapter.num_batches, adapter.batch_size) == (3, 4)
    assert adapter.has_partial_batch and adapter.partial_batch_size == 2
    batches = _batches(adapter)
    assert [b[0].shape for b in batches] == [(4, 2), (4, 2), (2, 2)]
    np.testing.assert_array_equal(np.concatenate([b[1] for b in batches]), y)
    assert all(b[2] is None for b in batches)
    full = get_data_adapter(x[:8], batch_size=4)
    assert not full.has_partial_batch and full.partial_batch_size is None


def test_default_batch_size_is_32():
    adapter = get_data_adapter(np.zeros((70, 1)))
    assert (adapter.batch_size, adapter.num_batches) == (32, 3)


def test_unshuffled_batches_are_views_of_the_input():
    x = np.arange(24, dtype="float32").reshape(12, 2)
    y = np.arange(12)
    for bx, by, _ in get_data_adapter(x, y, batch_size=5).get_numpy_iterator():
        assert np.shares_memory(bx, x) and np.shares_memory(by, y)


def test_float_inputs_are_cast_to_floatx_and_ints_kept():
    x16 = np.ones((4, 2), "float16")
    y = np.arange(4, dtype="int64")
    (bx, by, _), = _batches(get_data_adapter(x16, y, batch_size=4))
    assert bx.dtype == np.float32 and by.dtype == np.int64
    (bx, _, _), = _batches(get_data_adapter(_data(4)[0], batch_size=4))
    assert bx.dtype == np.float32


def test_python_lists_of_numbers_are_one_array():
    adapter = get_data_adapter([1.0, 2.0, 3.0], [[0], [1], [2]], batch_size=2)
    (bx, by, _), (bx2, _, _) = _batches(adapter)
    assert bx.dtype == np.float32 and by.dtype == np.int32
    np.testing.assert_array_equal(bx, [1.0, 2.0])
    assert by.shape == (2, 1) and bx2.tolist() == [3.0]


def test_nested_structures_are_kept():
    x, y = _data(6)
    inputs = {"b": x, "a": [x[:, :1], x[:, 1:]]}
    targets = (y, y * 2)
    (bx, by, _), _ = _batches(get_data_adapter(inputs, targets, batch_size=3))
    assert list(bx) == ["b", "a"] and isinstance(bx["a"], list)
    np.testing.assert_array_equal(bx["a"][1], x[:3, 1:])
    assert isinstance(by, tuple)
    np.testing.assert_array_equal(by[1], y[:3] * 2)


def test_torch_and_jax_tensors_are_accepted():
    torch = pytest.importorskip("torch")
    jnp = pytest.importorskip("jax.numpy")
    x, y = _data(5)
    adapter = get_data_adapter(torch.tensor(x), jnp.asarray(y), batch_size=4)
    (bx, by, _), (bx2, _, _) = _batches(adapter)
    assert isinstance(bx, np.ndarray) and bx.dtype == np.float32
    np.testing.assert_array_equal(bx2, x[4:])
    np.testing.assert_array_equal(by, y[:4])


def test_pandas_inputs_when_pandas_is_installed():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [4.0, 5.0, 6.0]})
    series = pd.Series([0, 1, 0])
    (bx, by, _), _ = _batches(get_data_adapter(frame, series, batch_size=2))
    np.testing.assert_array_equal(bx, [[1.0, 4.0], [2.0, 5.0]])
    np.testing.assert_array_equal(by, [0, 1])


def test_pandas_casts_splits_and_nests_like_arrays():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"a": [1, 2, 3, 4], "b": [0.5, 1.5, 2.5, 3.5]})
    (bx, by, _), _ = _batches(get_data_adapter(frame, batch_size=3))
    assert bx.dtype == np.dtype(cornu.config.floatx())
    np.testing.assert_array_equal(bx, [[1, 0.5], [2, 1.5], [3, 2.5]])
    assert by is None
    (tx, ty), (vx, vy) = train_validation_split(
        (frame, frame["a"]), 0.25)
    np.testing.assert_array_equal(tx, frame.to_numpy()[:3])
    assert ty.tolist() == [1, 2, 3] and vy.tolist() == [4]
    (batch, _, _), _ = _batches(get_data_adapter(
        {"a": frame["a"], "b": frame["b"]}, batch_size=3))
    assert batch["a"].tolist() == [1, 2, 3]
    np.testing.assert_array_equal(batch["b"], [0.5, 1.5, 2.5])


@pytest.mark.trainable
def test_fit_on_pandas_equals_fit_on_arrays():
    pd = pytest.importorskip("pandas")
    x, y = _data(8)
    losses = []
    for inputs, targets in ((x, y), (pd.DataFrame(x), pd.Series(y))):
        cornu.utils.set_random_seed(1)
        model = cornu.Sequential([cornu.Input((2,)), cornu.layers.Dense(3)])
        model.compile("sgd", cornu.losses.SparseCategoricalCrossentropy(
            from_logits=True))
        history = model.fit(inputs, targets, batch_size=3, epochs=2,
                            validation_split=0.25, verbose=0)
        losses.append(history.history["loss"] + history.history["val_loss"]
                      + [model.evaluate(inputs, targets, verbose=0)])
    np.testing.assert_allclose(losses[0], losses[1], rtol=1e-6)


def test_shuffle_matches_keras_and_repeats_with_the_seed():
    keras = import_keras()
    from keras.src.trainers.data_adapters import (
        get_data_adapter as keras_adapter,
    )

    x, y = _data(11)
    np.random.seed(3)
    ours = [_batches(get_data_adapter(x, y, batch_size=4, shuffle=True))
            for _ in range(2)]
    np.random.seed(3)
    theirs = [list(keras_adapter(x, y, batch_size=4, shuffle=True)
                   .get_numpy_iterator()) for _ in range(2)]
    del keras
    for epoch_ours, epoch_theirs in zip(ours, theirs):
        for (bx, by, _), (kx, ky) in zip(epoch_ours, epoch_theirs):
            np.testing.assert_array_equal(bx, kx)
            np.testing.assert_array_equal(by, ky)
    assert not np.array_equal(ours[0][0][1], ours[1][0][1])
    np.random.seed(3)
    again = _batches(get_data_adapter(x, y, batch_size=4, shuffle=True))
    np.testing.assert_array_equal(again[0][1], ours[0][0][1])


def test_shuffle_batch_only_shuffles_within_chunks():
    y = np.arange(10)
    np.random.seed(0)
    batches = _batches(get_data_adapter(y, y, batch_size=4, shuffle="batch"))
    chunks = [set(range(0, 4)), set(range(4, 8)), {8, 9}]
    assert [set(b[1].tolist()) for b in batches] == chunks
    assert any(b[1].tolist() != sorted(b[1].tolist()) for b in batches)


def test_shuffled_batches_keep_x_and_y_aligned():
    x, y = _data(9)
    np.random.seed(1)
    seen = []
    for bx, by, _ in _batches(get_data_adapter(x, y, batch_size=4,
                                               shuffle=True)):
        index = (bx[:, 0] / 2).astype(int)  # row i of x is [2i, 2i + 1]
        np.testing.assert_array_equal(index % 3, by)
        seen.extend(index.tolist())
    assert sorted(seen) == list(range(9)) and seen != sorted(seen)


# --------------------------------------------------------------------------
# class_weight
# --------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["indices", "column", "one_hot"])
def test_class_weight_matches_keras(form):
    import_keras()
    from keras.src.trainers.data_adapters import (
        get_data_adapter as keras_adapter,
    )

    x, y = _data(10)
    y = {"indices": y, "column": y[:, None], "one_hot": np.eye(3)[y]}[form]
    weights = {0: 1.0, 1: 2.5}  # class 2 is missing: weight 1
    ours = _batches(get_data_adapter(x, y, batch_size=4,
                                     class_weight=weights))
    theirs = list(keras_adapter(x, y, batch_size=4, class_weight=weights)
                  .get_numpy_iterator())
    for (_, _, sw), (_, _, ksw) in zip(ours, theirs):
        assert sw.dtype == np.float32
        np.testing.assert_allclose(sw, ksw)


def test_class_weight_errors():
    x, y = _data(4)
    with pytest.raises(ValueError, match="sample_weight"):
        get_data_adapter(x, y, sample_weight=np.ones(4),
                         class_weight={0: 1.0})
    with pytest.raises(ValueError, match="single output"):
        _batches(get_data_adapter(x, [y, y], class_weight={0: 2.0}))
    with pytest.raises(TypeError, match="class_weight"):
        get_data_adapter(x, y, class_weight=[1.0, 2.0])
    with pytest.raises(ValueError, match="class_weight"):
        get_data_adapter(x, y, class_weight={"cat": 1.0})
    with pytest.raises(ValueError, match="y=None"):
        get_data_adapter(x, class_weight={0: 1.0})


# --------------------------------------------------------------------------
# input errors
# --------------------------------------------------------------------------


def test_cardinality_errors_name_every_size():
    x, y = _data(10)
    with pytest.raises(ValueError, match=r"`x` sizes: 10; `y` sizes: 7"):
        get_data_adapter(x, y[:7])
    with pytest.raises(ValueError, match=r"`sample_weight` sizes: 3"):
        get_data_adapter(x, y, sample_weight=np.ones(3))
    with pytest.raises(ValueError, match=r"`y` sizes: 10, 3"):
        get_data_adapter(x, [y, y[:3]])


@pytest.mark.parametrize("value, error", [
    (0, ValueError), (-4, ValueError), (2.5, TypeError), (True, TypeError),
])
def test_bad_batch_size(value, error):
    with pytest.raises(error, match="batch_size"):
        get_data_adapter(np.zeros((4, 1)), batch_size=value)


def test_bad_steps_and_shuffle():
    with pytest.raises(ValueError, match="steps_per_epoch"):
        get_data_adapter(np.zeros((4, 1)), steps_per_epoch=0)
    with pytest.raises(ValueError, match="shuffle"):
        get_data_adapter(np.zeros((4, 1)), shuffle="yes")


def test_unsupported_types_are_named():
    with pytest.raises(TypeError, match="of type str"):
        get_data_adapter("abc")
    with pytest.raises(ValueError, match="x=None"):
        get_data_adapter(None, np.zeros(3))
    with pytest.raises(TypeError, match=r"`y\[1\]`.*of type object"):
        get_data_adapter(np.zeros((4, 1)), [np.zeros(4), object()])
    with pytest.raises(ValueError, match="first .*axis"):
        get_data_adapter(np.float32(3.0))


def test_y_with_a_generator_is_an_error():
    with pytest.raises(ValueError, match="`y` must not be passed"):
        get_data_adapter(iter([np.zeros(2)]), np.zeros(2))
    with pytest.raises(ValueError, match="`sample_weight` must not"):
        get_data_adapter(iter([np.zeros(2)]), sample_weight=np.zeros(2))


# --------------------------------------------------------------------------
# train_validation_split
# --------------------------------------------------------------------------


def test_train_validation_split_takes_the_last_fraction():
    x, y = _data(10)
    (tx, ty, tsw), (vx, vy, vsw) = train_validation_split((x, y, None), 0.3)
    np.testing.assert_array_equal(tx, x[:7])
    np.testing.assert_array_equal(vy, y[7:])
    assert tsw is None and vsw is None
    (tx,), (vx,) = train_validation_split(([1.0, 2.0, 3.0, 4.0],), 0.25)
    assert tx.tolist() == [1.0, 2.0, 3.0] and vx.tolist() == [4.0]
    _, (vx, _) = train_validation_split((x, y), 0.01)
    assert len(vx) == 1


def test_train_validation_split_matches_keras_structures():
    import_keras()
    from keras.src.trainers.data_adapters.array_slicing import (
        train_validation_split as keras_split,
    )

    x, y = _data(10)
    arrays = ([x, x * 2], {"out": y})
    ours = train_validation_split(arrays, 0.2)
    theirs = keras_split(arrays, validation_split=0.2)
    for part, kpart in zip(ours, theirs):
        np.testing.assert_array_equal(part[0][1], kpart[0][1])
        np.testing.assert_array_equal(part[1]["out"], kpart[1]["out"])


@pytest.mark.parametrize("split", [1.0, -0.1, 1.5, "0.2", True])
def test_train_validation_split_range(split):
    with pytest.raises(ValueError, match="validation_split"):
        train_validation_split((np.zeros(10),), split)


def test_train_validation_split_errors():
    with pytest.raises(ValueError, match="not enough"):
        train_validation_split((np.zeros(1),), 0.5)
    with pytest.raises(ValueError, match="`validation_split` is only"):
        train_validation_split((iter([1]), None), 0.2)


# --------------------------------------------------------------------------
# generators, PyDataset, DataLoader
# --------------------------------------------------------------------------


def test_generator_element_forms():
    x = np.ones((2, 3))
    items = [x, (x,), (x, np.zeros(2)), (x, np.zeros(2), np.full(2, 0.5))]
    adapter = get_data_adapter(iter(items))
    assert isinstance(adapter, GeneratorDataAdapter)
    assert adapter.num_batches is None and adapter.batch_size is None
    batches = _batches(adapter)
    assert [tuple(p is None for p in b) for b in batches] == [
        (False, True, True), (False, True, True), (False, False, True),
        (False, False, False)]
    assert batches[0][0].dtype == np.float32


def test_generator_with_too_long_tuples_is_an_error():
    adapter = get_data_adapter(iter([(1, 2, 3, 4)]))
    with pytest.raises(ValueError, match="length 4"):
        _batches(adapter)


def test_generator_class_weight():
    y = np.array([0, 1, 1])
    adapter = get_data_adapter(iter([(np.zeros((3, 1)), y)]),
                               class_weight={1: 3.0})
    (_, _, sw), = _batches(adapter)
    np.testing.assert_allclose(sw, [1.0, 3.0, 3.0])


def test_py_dataset_adapter():
    class Data(PyDataset):
        def __len__(self):
            return 2

        def __getitem__(self, index):
            return np.full((3, 1), index, "float64"), np.arange(3)

    adapter = get_data_adapter(Data())
    assert isinstance(adapter, PyDatasetAdapter)
    assert adapter.num_batches == 2
    batches = _batches(adapter)
    assert [b[0][0, 0] for b in batches] == [0.0, 1.0]
    assert batches[0][0].dtype == np.float32


def test_torch_data_loader_adapter():
    torch = pytest.importorskip("torch")
    from torch.utils.data import DataLoader, TensorDataset

    x, y = _data(10)
    dataset = TensorDataset(torch.tensor(x), torch.tensor(y))
    adapter = get_data_adapter(DataLoader(dataset, batch_size=4))
    assert (adapter.num_batches, adapter.batch_size) == (3, 4)
    assert adapter.has_partial_batch and adapter.partial_batch_size == 2
    batches = _batches(adapter)
    assert isinstance(batches[0][0], np.ndarray)
    assert batches[0][0].dtype == np.float32
    np.testing.assert_array_equal(np.concatenate([b[1] for b in batches]), y)
    dropped = get_data_adapter(DataLoader(dataset, batch_size=4,
                                          drop_last=True))
    assert dropped.num_batches == 2 and not dropped.has_partial_batch


# --------------------------------------------------------------------------
# pack / unpack
# --------------------------------------------------------------------------


def test_unpack_matches_keras():
    keras = import_keras()
    for data in [1, (1,), (1, 2), (1, 2, 3), [1, 2], {"a": 1}]:
        assert unpack_x_y_sample_weight(data) == \
            keras.utils.unpack_x_y_sample_weight(data)
    with pytest.raises(ValueError, match="length 4"):
        unpack_x_y_sample_weight((1, 2, 3, 4))


def test_pack_matches_keras_and_keeps_sample_weight():
    keras = import_keras()
    for args in [(1,), (1, 2), (1, 2, 3), ((1, 2),), ([1, 2],)]:
        assert pack_x_y_sample_weight(*args) == \
            keras.utils.pack_x_y_sample_weight(*args)
    # Keras drops `sample_weight` when `y` is None; cornu keeps it.
    packed = pack_x_y_sample_weight(1, None, 3)
    assert packed == (1, None, 3)
    assert unpack_x_y_sample_weight(packed) == (1, None, 3)


def test_public_names():
    assert cornu.utils.pack_x_y_sample_weight is pack_x_y_sample_weight
    assert cornu.utils.Sequence is cornu.utils.PyDataset
