"""`cornu.metrics` names, `get`, `serialize` and `deserialize` against
Keras 3's: every public name, every string Keras resolves, and the
tf.keras 2 aliases cornu keeps."""

from __future__ import annotations

import inspect
import re

import pytest

from cornu import losses, metrics
from tests._oracle import import_keras


def _snake(name: str) -> str:
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def _keras_public(module) -> set[str]:
    return {n for n in dir(module) if not n.startswith("_")}


def test_every_keras_metric_name_exists():
    keras = import_keras()
    missing = _keras_public(keras.metrics) - set(metrics.__all__)
    assert not missing
    assert set(metrics.__all__) <= set(dir(metrics))


def test_every_keras_loss_name_exists():
    keras = import_keras()
    missing = _keras_public(keras.losses) - set(losses.__all__)
    assert not missing


_EXTRA_ALIASES = ["mse", "MSE", "mae", "MAE", "mape", "MAPE", "msle", "MSLE",
                  "bce", "BCE", "acc", "ACC", "kld", "KLD", "logcosh",
                  "kullback_leibler_divergence", "log_cosh", "huber"]


def _candidate_names():
    keras = import_keras()
    classes = [n for n in _keras_public(keras.metrics)
               if inspect.isclass(getattr(keras.metrics, n))]
    return sorted({*classes, *map(_snake, classes), *_EXTRA_ALIASES})


def _keras_get(name):
    keras = import_keras()
    try:
        return keras.metrics.get(name)
    except (TypeError, ValueError) as err:
        return type(err)


def test_get_resolves_every_string_keras_resolves():
    for name in _candidate_names():
        expected = _keras_get(name)
        if inspect.isclass(expected) and issubclass(expected, Exception):
            if expected is TypeError:  # a class that needs arguments
                with pytest.raises(TypeError):
                    metrics.get(name)
            continue
        ours = metrics.get(name)
        assert type(ours).__name__ == type(expected).__name__, name
        clone = metrics.deserialize(name)
        assert type(clone) is type(ours)


@pytest.mark.parametrize("alias,cls", [
    ("acc", "Accuracy"), ("ACC", "Accuracy"), ("kld", "KLDivergence"),
    ("KLD", "KLDivergence"), ("kullback_leibler_divergence", "KLDivergence"),
    ("logcosh", "LogCoshError"), ("log_cosh_error", "LogCoshError"),
    ("hinge", "Hinge"), ("poisson", "Poisson"),
    ("pearson_correlation", "PearsonCorrelation"),
    ("concordance_correlation", "ConcordanceCorrelation"),
])
def test_aliases_resolve_to_classes(alias, cls):
    assert type(metrics.get(alias)) is getattr(metrics, cls)


def test_unknown_names_still_raise():
    for name in ("nope", "huber_loss", "crossentropy"):
        with pytest.raises(ValueError, match=repr(name)):
            metrics.get(name)


def test_metric_functions_are_the_loss_functions():
    for name in ("hinge", "squared_hinge", "categorical_hinge", "huber",
                 "kl_divergence", "poisson", "binary_focal_crossentropy",
                 "categorical_focal_crossentropy"):
        assert getattr(metrics, name) is getattr(losses, name)


def test_loss_aliases_match_keras():
    keras = import_keras()
    for name in ("mse", "mae", "mape", "msle", "kld", "KLD", "bce", "huber",
                 "log_cosh", "circle", "Circle"):
        theirs = keras.losses.get(name)
        ours = losses.get(name)
        theirs_name = getattr(theirs, "__name__", type(theirs).__name__)
        ours_name = getattr(ours, "__name__", type(ours).__name__)
        assert ours_name == theirs_name, name
    assert losses.get("logcosh") is losses.log_cosh
    assert losses.get("kullback_leibler_divergence") is losses.kl_divergence


def _default_constructible(cls) -> bool:
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL,
                                                      p.VAR_KEYWORD)
               for p in params)


@pytest.mark.parametrize("name", sorted(
    n for n in metrics.__all__
    if inspect.isclass(getattr(metrics, n)) and n not in (
        "Metric", "MeanMetricWrapper")
))
def test_serialize_round_trip_of_every_metric(name):
    cls = getattr(metrics, name)
    keras = import_keras()
    kwargs = {}
    if not _default_constructible(cls):
        required = [p for p in list(inspect.signature(
            cls.__init__).parameters.values())[1:] if p.default is p.empty]
        values = {"num_classes": 3, "target_class_ids": [0, 1]}
        kwargs = {p.name: values.get(p.name, 0.5) for p in required}
    ours = cls(**kwargs)
    config = metrics.serialize(ours)
    assert config["class_name"] == name
    clone = metrics.deserialize(config)
    assert type(clone) is cls
    assert clone.get_config() == ours.get_config()
    # Keras's config of the same metric loads here, and ours in Keras.
    theirs = getattr(keras.metrics, name)(**kwargs)
    loaded = metrics.deserialize(keras.metrics.serialize(theirs))
    assert type(loaded) is cls
    back = keras.metrics.deserialize(config)
    assert type(back).__name__ == name
