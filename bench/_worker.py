"""One benchmark run in a fresh process: `python bench/_worker.py SPEC`.

SPEC is a JSON object with `workload` (W1..W5), `engine` (torch, jax),
`contender` (cornu, keras, hand, engine), and optionally `fused` and
`flush_denormal` (hand-written torch), `quick`, `threads` (torch intra-op
threads for every contender; default: the engine's own choice) and `part`
(W5). The runner sets `OMP_WAIT_POLICY`, `CORNU_BACKEND` and
`KERAS_BACKEND` in the environment. The last line printed is one JSON
object: `{"metrics": {...}, "info": {...}}`, `{"skipped": reason}` or
`{"error": text}`.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import statistics
import sys
import textwrap
import time
import traceback

clock = time.perf_counter
W4_SAMPLES = 10_000


class Skip(Exception):
    """The contender cannot run here (the reason is reported, not raised)."""


def _peak_rss_mib() -> float:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _user_module(spec):
    """The `keras` module the Keras-style user code runs against."""
    if spec["contender"] == "cornu":
        import cornu
        return cornu
    try:
        import keras
    except ImportError as error:
        raise Skip(f"keras not importable ({error})") from None
    return keras


def _engine_setup(spec):
    engine = spec["engine"]
    if engine == "torch":
        import torch
        if spec.get("threads"):
            torch.set_num_threads(spec["threads"])
        if spec.get("flush_denormal"):
            torch.set_flush_denormal(True)
    else:
        import jax  # noqa: F401


def _engine_info(engine) -> dict:
    info = {"cpus": len(os.sched_getaffinity(0)),
            "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY")}
    if engine == "torch":
        import torch
        info["torch_threads"] = torch.get_num_threads()
        info["torch_interop_threads"] = torch.get_num_interop_threads()
        # Flush-to-zero is on when a float32 denormal times 1 gives 0.
        tiny = torch.tensor([1e-40], dtype=torch.float32)
        info["flush_denormal"] = bool((tiny * 1.0).item() == 0.0)
    else:
        import jax
        info["jax_device"] = str(jax.devices()[0])
        info["XLA_FLAGS"] = os.environ.get("XLA_FLAGS", "")
    return info


def _training(spec) -> dict:
    import _workloads
    workload, engine = spec["workload"], spec["engine"]
    n = _workloads.n_samples(workload, spec.get("quick", False))
    x, y = _workloads.make_data(workload, n)
    if spec["contender"] == "hand":
        if engine == "torch":
            import _hand_torch
            result = _hand_torch.training(workload, x, y, spec.get("fused"),
                                          clock)
        else:
            import _hand_jax
            result = _hand_jax.training(workload, x, y, clock)
    else:
        keras = _user_module(spec)
        if workload == "W3" and not hasattr(keras.layers, "LSTM"):
            raise Skip(f"{spec['contender']} LSTM not available")
        result = _workloads.keras_style_training(keras, workload, x, y, clock)
    return {"train samples/s (epoch 2)": n / result["epoch2_s"],
            "first epoch s (compile)": result["first_epoch_s"],
            "peak RSS MiB": _peak_rss_mib(),
            "epoch-2 loss": result["loss"]}


def _inference(spec) -> dict:
    import _workloads
    quick = spec.get("quick", False)
    calls, batch_reps = (50, 3) if quick else (200, 5)
    x, _ = _workloads.make_data("W1", W4_SAMPLES)
    x1 = x[:1]
    if spec["contender"] == "hand":
        if spec["engine"] == "torch":
            import _hand_torch as hand
        else:
            import _hand_jax as hand
        times = hand.inference(x, x1, calls, batch_reps, clock)
    else:
        keras = _user_module(spec)
        times = _workloads.keras_style_inference(keras, x, x1, calls,
                                                 batch_reps, clock)
    return {"predict(1 sample) ms": 1e3 * statistics.median(times["predict"]),
            "model(x1) ms": 1e3 * statistics.median(times["call"]),
            "predict samples/s (batch 1000)":
                W4_SAMPLES / statistics.median(times["batch"]),
            "peak RSS MiB": _peak_rss_mib()}


def _startup(spec) -> dict:
    """W5: run one of `bench_build.py`'s snippets in this fresh process
    (the worker imports no engine and not NumPy before it)."""
    import bench_build
    engine, contender, part = spec["engine"], spec["contender"], spec["part"]
    if contender == "keras":
        try:
            import importlib.util
            if importlib.util.find_spec("keras") is None:
                raise ImportError("no module named 'keras'")
        except ImportError as error:
            raise Skip(f"keras not importable ({error})") from None
    snippets = {
        ("engine", "import"): bench_build._IMPORT.format(module=engine),
        ("cornu", "first_op"): bench_build._CORNU_FIRST_OP,
        ("cornu", "after_engine"):
            bench_build._CORNU_AFTER_ENGINE.format(module=engine),
        ("cornu", "resnet"): bench_build._CORNU_RESNET.format(
            repo=bench_build.REPO),
        ("keras", "first_op"): bench_build._KERAS_FIRST_OP,
        ("keras", "resnet"): bench_build._KERAS_RESNET,
    }
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(textwrap.dedent(snippets[contender, part]), {})  # noqa: S102
    timings = json.loads(output.getvalue().strip().splitlines()[-1])
    # Each timing is [wall seconds, CPU seconds].
    names = {"import": "import + first op s", "first op": "import + first op s",
             "cornu": "cornu's own share s (after the engine)",
             "first": "ResNet50 build s", "second": "ResNet50 2nd build s"}
    metrics = {}
    for key, (wall, cpu) in timings.items():
        if key in names:
            metrics[names[key]] = wall
            metrics[names[key].replace(" s", " CPU s", 1)] = cpu
    return metrics


def run(spec) -> dict:
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    workload = spec["workload"]
    if workload == "W5":
        return {"metrics": _startup(spec), "info": {}}
    _engine_setup(spec)
    metrics = _inference(spec) if workload == "W4" else _training(spec)
    return {"metrics": metrics, "info": _engine_info(spec["engine"])}


def main() -> None:
    spec = json.loads(sys.argv[1])
    try:
        result = run(spec)
    except Skip as reason:
        result = {"skipped": str(reason)}
    except Exception:  # report any failure as data; the runner shows it
        result = {"error": traceback.format_exc(limit=6)}
    sys.stdout.flush()
    print("\n" + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
