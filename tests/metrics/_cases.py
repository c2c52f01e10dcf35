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
        elif kind == "iou":  # class ids; 4 is out of range for 4 classes
            y_true = rng.randint(0, 5, size=(n,)).astype("int32")
            y_pred = rng.randint(0, 4, size=(n,)).astype("int32")
            w = rng.randint(0, 3, size=(n,)).astype("int32")
        elif kind == "onehot_ids":
            y_true = np.eye(4, dtype="float32")[rng.randint(0, 4, size=n)]
            y_pred = rng.randint(0, 4, size=(n,)).astype("int32")
            w = rng.randint(0, 3, size=(n,)).astype("int32")
        elif kind == "binary_flat":
            y_true = rng.randint(0, 2, size=(n,)).astype("int32")
            y_pred = rng.uniform(0.0, 1.0, size=(n,)).astype("float32")
            w = rng.randint(0, 3, size=(n,)).astype("int32")
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


def fbeta_reference(beta=1.0, threshold=None, average=None):
    """Keras's F-beta score over all batches, in float64."""

    def ref(data, weighted):
        tp = fp = fn = support = 0.0
        for y_true, y_pred, w in data:
            t = y_true.astype("float64")
            if threshold is None:
                p = (y_pred >= y_pred.max(-1, keepdims=True)) & (
                    np.abs(y_pred) > 1e-9)
            else:
                p = y_pred > threshold
            p = p.astype("float64")
            w = (w if weighted else np.ones_like(w))[:, None]
            axis = None if average == "micro" else 0
            tp = tp + (w * p * t).sum(axis)
            fp = fp + (w * p * (1 - t)).sum(axis)
            fn = fn + (w * (1 - p) * t).sum(axis)
            support = support + (w * t).sum(axis)
        precision = tp / (tp + fp + EPS)
        recall = tp / (tp + fn + EPS)
        score = (1 + beta**2) * precision * recall / (
            beta**2 * precision + recall + EPS)
        if average == "weighted":
            return (score * support / (support.sum() + EPS)).sum()
        if average is not None:
            return score.mean()
        return score

    return ref


def auc_reference(curve="ROC", summation="interpolation", n=200):
    """Keras's AUC (not the PR interpolation) from NumPy confusion counts
    at `n` evenly spread thresholds."""

    def ref(data, weighted):
        thresholds = np.array([-EPS, *[(i + 1) / (n - 1)
                                       for i in range(n - 2)], 1 + EPS])
        c = [confusion_counts(data, weighted, np.float32(t))
             for t in thresholds]
        tp, fp, tn, fn = (np.array([ci[k] for ci in c])
                          for k in ("tp", "fp", "tn", "fn"))
        with np.errstate(all="ignore"):
            recall = np.nan_to_num(tp / (tp + fn))
            if curve == "ROC":
                x, y = np.nan_to_num(fp / (fp + tn)), recall
            else:
                x, y = recall, np.nan_to_num(tp / (tp + fp))
        if summation == "interpolation":
            heights = (y[:-1] + y[1:]) / 2
        elif summation == "majoring":
            heights = np.maximum(y[:-1], y[1:])
        else:
            heights = np.minimum(y[:-1], y[1:])
        return ((x[:-1] - x[1:]) * heights).sum()

    return ref


def exact_roc_auc(data, weighted):
    """The exact (weighted) ROC AUC: the chance that a positive scores
    above a negative, ties counting half."""
    t = np.concatenate([d[0].ravel() for d in data]).astype(bool)
    p = np.concatenate([d[1].ravel() for d in data])
    w = np.concatenate([
        np.broadcast_to((d[2] if weighted else np.ones_like(d[2]))[:, None],
                        d[1].shape).ravel() for d in data])
    pos, neg = p[t], p[~t]
    wp, wn = w[t], w[~t]
    above = (pos[:, None] > neg[None]) + 0.5 * (pos[:, None] == neg[None])
    return (wp[:, None] * wn[None] * above).sum() / (wp.sum() * wn.sum())


def iou_reference(num_classes, target_class_ids=None, ignore_class=None,
                  threshold=None):
    """Keras's IoU from a NumPy confusion matrix."""

    def ref(data, weighted):
        cm = np.zeros((num_classes, num_classes))
        for y_true, y_pred, w in data:
            if threshold is not None:
                y_pred = (y_pred >= threshold).astype("int32")
            w = w if weighted else np.ones_like(w)
            keep = (y_true >= 0) & (y_true < num_classes) & (y_pred >= 0) & (
                y_pred < num_classes)
            if ignore_class is not None:
                keep &= y_true != ignore_class
            np.add.at(cm, (y_true[keep], y_pred[keep]), w[keep])
        tp = np.diag(cm)
        denominator = cm.sum(0) + cm.sum(1) - tp
        ids = (list(range(num_classes)) if target_class_ids is None
               else target_class_ids)
        tp, denominator = tp[ids], denominator[ids]
        valid = denominator > 1e-9
        iou = np.where(valid, tp / (denominator + EPS), 0.0)
        return iou.sum() / (valid.sum() + EPS)

    return ref


def _signed_labels(t):
    return 2 * t - 1 if np.isin(t, (0, 1)).all() else t


def _pearson(t, p):
    t = t - t.mean(-1, keepdims=True)
    p = p - p.mean(-1, keepdims=True)
    return (t * p).mean(-1) / (t.std(-1) * p.std(-1))


def _concordance(t, p):
    covariance = ((t - t.mean(-1, keepdims=True))
                  * (p - p.mean(-1, keepdims=True))).mean(-1)
    return 2 * covariance / (t.var(-1) + p.var(-1)
                             + (t.mean(-1) - p.mean(-1)) ** 2)


PER_SAMPLE.update({
    "hinge": lambda t, p: np.maximum(1 - _signed_labels(t) * p, 0).mean(-1),
    "squared_hinge": lambda t, p: (
        np.maximum(1 - _signed_labels(t) * p, 0) ** 2).mean(-1),
    "categorical_hinge": lambda t, p: np.maximum(
        ((1 - t) * p).max(-1) - (t * p).sum(-1) + 1, 0),
    "kld": lambda t, p: (np.clip(t, EPS, 1) * np.log(
        np.clip(t, EPS, 1) / np.clip(p, EPS, 1))).sum(-1),
    "poisson": lambda t, p: (p - t * np.log(p + EPS)).mean(-1),
    "pearson": _pearson,
    "concordance": _concordance,
})


def rate_at_constraint_reference(constraint, dependent, target, n=200):
    """The best `dependent` rate among the thresholds (evenly spread over
    [0, 1], ends included) where the `constraint` rate reaches `target`.
    Rates: "sensitivity", "specificity", "precision"."""

    def rate(name, c):
        num, other = {"sensitivity": ("tp", "fn"),
                      "specificity": ("tn", "fp"),
                      "precision": ("tp", "fp")}[name]
        total = c[num] + c[other]
        return c[num] / total if total else 0.0

    def ref(data, weighted):
        thresholds = [0.5] if n == 1 else [0.0, *[
            (i + 1) / (n - 1) for i in range(n - 2)], 1.0]
        best, reached = 0.0, False
        for t in thresholds:
            c = confusion_counts(data, weighted, np.float32(t))
            if rate(constraint, c) >= target:
                reached = True
                best = max(best, rate(dependent, c))
        return best if reached else 0.0

    return ref
