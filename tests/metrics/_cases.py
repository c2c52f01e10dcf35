"""Shared data and NumPy reference formulas for the metric tests."""

from __future__ import annotations

import numpy as np

N_BATCHES = 3
EPS = 1e-7


def batches(kind: str, seed: int = 0) -> list[tuple]:
    """Three `(y_true, y_pred, sample_weight)` batches of `kind`."""
    rng = np.random.RandomState(seed)
    out = []
    for i in range(N_BATCHES):
        n = 5 + i
        w = rng.uniform(0.0, 2.0, size=(n,)).astype("float32")
        if kind == "binary":
            y_true = rng.randint(0, 2, size=(n, 3)).astype("float32")
            y_pred = rng.uniform(0.0, 1.0, size=(n, 3)).astype("float32")
        elif kind == "logits":
            y_true = rng.randint(0, 2, size=(n, 3)).astype("float32")
            y_pred = rng.normal(size=(n, 3)).astype("float32") * 2
        elif kind in ("categorical", "sparse", "sparse_col"):
            y_pred = rng.uniform(0.05, 1.0, size=(n, 4)).astype("float32")
            labels = rng.randint(0, 4, size=(n,))
            if kind == "categorical":
                y_true = np.eye(4, dtype="float32")[labels]
            elif kind == "sparse":
                y_true = labels.astype("int32")
            else:
                y_true = labels.reshape(n, 1).astype("int32")
        elif kind == "labels":
            y_true = rng.randint(0, 3, size=(n, 1)).astype("float32")
            y_pred = rng.randint(0, 3, size=(n, 1)).astype("float32")
        elif kind == "positive":
            y_true = rng.uniform(0.1, 3.0, size=(n, 3)).astype("float32")
            y_pred = rng.uniform(0.1, 3.0, size=(n, 3)).astype("float32")
        elif kind == "regression":
            y_true = rng.normal(size=(n, 3)).astype("float32")
            y_pred = rng.normal(size=(n, 3)).astype("float32")
        else:
            raise ValueError(kind)
        out.append((y_true, y_pred, w))
    return out


def weighted_mean(per_sample_fn):
    """A reference for a `MeanMetricWrapper`: the weighted mean of the
    per-sample values, each first averaged over its non-batch axes."""

    def ref(data, weighted):
        total = count = 0.0
        for y_true, y_pred, w in data:
            v = np.asarray(per_sample_fn(y_true.astype("float64"),
                                         y_pred.astype("float64")))
            v = v.reshape(len(v), -1).mean(axis=1)
            w = w.astype("float64") if weighted else np.ones(len(v))
            total += (v * w).sum()
            count += w.sum()
        return total / count

    return ref


def _softmax_probs(p):
    p = p / p.sum(-1, keepdims=True)
    return np.clip(p, EPS, 1 - EPS)


def _bce(t, p):
    p = np.clip(p, EPS, 1 - EPS)
    return -(t * np.log(p) + (1 - t) * np.log(1 - p)).mean(-1)


def _bce_logits(t, x):
    return (np.maximum(x, 0) - x * t + np.log1p(np.exp(-np.abs(x)))).mean(-1)


def _in_top_k(labels, p, k):
    labels = labels.astype(int).ravel()
    target = p[np.arange(len(p)), labels]
    return (p > target[:, None]).sum(-1) < k


def _cosine(t, p):
    t = t / np.maximum(np.linalg.norm(t, axis=-1, keepdims=True), 1e-12)
    p = p / np.maximum(np.linalg.norm(p, axis=-1, keepdims=True), 1e-12)
    return (t * p).sum(-1)


PER_SAMPLE = {
    "accuracy": lambda t, p: t == p,
    "binary_accuracy": lambda t, p: (t == (p > 0.5)).mean(-1),
    "binary_accuracy_0.7": lambda t, p: (t == (p > 0.7)).mean(-1),
    "categorical_accuracy": lambda t, p: t.argmax(-1) == p.argmax(-1),
    "sparse_categorical_accuracy":
        lambda t, p: t.ravel() == p.argmax(-1),
    "top_2": lambda t, p: _in_top_k(t.argmax(-1), p, 2),
    "sparse_top_2": lambda t, p: _in_top_k(t, p, 2),
    "mse": lambda t, p: ((t - p) ** 2).mean(-1),
    "mae": lambda t, p: np.abs(t - p).mean(-1),
    "mape": lambda t, p: 100 * np.abs((t - p) / np.maximum(np.abs(t), EPS))
    .mean(-1),
    "msle": lambda t, p: ((np.log1p(np.maximum(p, EPS))
                           - np.log1p(np.maximum(t, EPS))) ** 2).mean(-1),
    "logcosh": lambda t, p: np.log(np.cosh(p - t)).mean(-1),
    "cosine": _cosine,
    "bce": _bce,
    "bce_logits": _bce_logits,
    "bce_smooth": lambda t, p: _bce(t * 0.8 + 0.1, p),
    "cce": lambda t, p: -(t * np.log(_softmax_probs(p))).sum(-1),
    "cce_smooth": lambda t, p: -((t * 0.9 + 0.1 / 4)
                                 * np.log(_softmax_probs(p))).sum(-1),
    "scce": lambda t, p: -np.log(
        _softmax_probs(p)[np.arange(len(p)), t.astype(int).ravel()]),
}


def confusion_counts(data, weighted, threshold=0.5):
    """tp, fp, tn, fn over all batches (weights broadcast per sample)."""
    counts = dict.fromkeys(("tp", "fp", "tn", "fn"), 0.0)
    for y_true, y_pred, w in data:
        w = w if weighted else np.ones_like(w)
        w = np.broadcast_to(w[:, None], y_pred.shape).astype("float64")
        pos, label = y_pred > threshold, y_true.astype(bool)
        counts["tp"] += w[pos & label].sum()
        counts["fp"] += w[pos & ~label].sum()
        counts["tn"] += w[~pos & ~label].sum()
        counts["fn"] += w[~pos & label].sum()
    return counts


def r2_reference(data, weighted):
    y_true = np.concatenate([d[0] for d in data]).astype("float64")
    y_pred = np.concatenate([d[1] for d in data]).astype("float64")
    w = np.concatenate([d[2] for d in data]).astype("float64")
    w = (w if weighted else np.ones_like(w))[:, None]
    mean = (w * y_true).sum(0) / w.sum(0)
    ss_res = (w * (y_true - y_pred) ** 2).sum(0)
    ss_tot = (w * (y_true - mean) ** 2).sum(0)
    return (1 - ss_res / ss_tot).mean()
