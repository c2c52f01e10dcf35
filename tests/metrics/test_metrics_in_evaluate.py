"""The metrics added for Keras parity run inside `Model.evaluate` (a
jit-compiled step on jax) and give the numbers they give eagerly."""

from __future__ import annotations

import numpy as np

import cornu
import cornu.ops as ops
from cornu import layers, metrics


def _metrics():
    return [
        metrics.PrecisionAtRecall(0.5, num_thresholds=50, name="p_at_r"),
        metrics.SensitivityAtSpecificity(0.5, num_thresholds=50,
                                         name="s_at_s"),
        metrics.PearsonCorrelation(axis=0, name="pearson"),
        metrics.ConcordanceCorrelation(axis=0, name="concordance"),
        metrics.Hinge(name="hinge"),
        metrics.KLDivergence(name="kld"),
        metrics.Poisson(name="poisson"),
    ]


def test_compiled_metrics_match_eager_updates():
    rng = np.random.RandomState(0)
    x = rng.normal(size=(48, 4)).astype("float32")
    y = (x[:, :1] + 0.5 * rng.normal(size=(48, 1)) > 0).astype("float32")
    model = cornu.Sequential([layers.Input((4,)),
                              layers.Dense(1, activation="sigmoid")])
    model.compile(loss="binary_crossentropy", metrics=_metrics())
    logs = model.evaluate(x, y, batch_size=16, return_dict=True, verbose=0)
    y_pred = ops.convert_to_numpy(model.predict(x, verbose=0))
    for metric in _metrics():
        for start in range(0, 48, 16):
            metric.update_state(y[start:start + 16],
                                y_pred[start:start + 16])
        np.testing.assert_allclose(
            logs[metric.name], float(ops.convert_to_numpy(metric.result())),
            rtol=1e-5, err_msg=metric.name)
