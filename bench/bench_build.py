"""Start-up and graph-building costs: cornu against its engines (and Keras 3).

Every measurement runs in a fresh Python process (a cold import: nothing
cached in `sys.modules`, files in the OS cache), is repeated `--rounds`
times, and the medians of wall-clock time (`time.perf_counter`) and CPU time
(`time.process_time`, all threads) are reported. Times are taken inside the
process, so interpreter start-up is not counted.

Measured:
- `import torch` / `import jax` alone, and `import cornu` (lazy: it imports
  no engine);
- `import cornu` + the first op on each engine (this loads the engine),
  and the part of it that is cornu's own: `import <engine>` first, then
  `import cornu` + the first op, timed in the same process;
- building the hand-written Functional ResNet50 (`examples/resnet50.py`)
  on each engine, the first build in the process and a second one;
- with `--keras`, the same for Keras 3 (`import keras` + first op and
  `keras.applications.ResNet50(weights=None)`) as a reference.

Usage: `python bench/bench_build.py [--rounds 5] [--engines torch,jax,numpy]
[--keras] [--no-resnet]`. Benchmarks never assert timings.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import textwrap
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Each snippet prints {name: [wall seconds, CPU seconds]} as JSON.
_CLOCK = """
import json, time
def clock():
    return time.perf_counter(), time.process_time()
def since(t):
    now = clock()
    return [now[0] - t[0], now[1] - t[1]]
"""

_IMPORT = _CLOCK.replace("{", "{{").replace("}", "}}") + """
t0 = clock()
import {module}
print(json.dumps({{"import": since(t0)}}))
"""

_CORNU_FIRST_OP = _CLOCK + """
t0 = clock()
import cornu
t1 = since(t0)
y = cornu.ops.add(cornu.ops.ones((2, 2)), 1.0)
cornu.ops.convert_to_numpy(y)
print(json.dumps({"import": t1, "first op": since(t0)}))
"""

_CORNU_AFTER_ENGINE = _CLOCK.replace("{", "{{").replace("}", "}}") + """
t0 = clock()
import {module}
engine = since(t0)
t1 = clock()
import cornu
y = cornu.ops.add(cornu.ops.ones((2, 2)), 1.0)
cornu.ops.convert_to_numpy(y)
print(json.dumps({{"engine": engine, "cornu": since(t1)}}))
"""

_KERAS_FIRST_OP = _CLOCK + """
t0 = clock()
import keras
y = keras.ops.add(keras.ops.ones((2, 2)), 1.0)
keras.ops.convert_to_numpy(y)
print(json.dumps({"first op": since(t0)}))
"""

_CORNU_RESNET = _CLOCK.replace("{", "{{").replace("}", "}}") + """
import sys
sys.path.insert(0, {repo!r})
import cornu
cornu.ops.convert_to_numpy(cornu.ops.ones((1,)))
import cornu.layers
from examples.resnet50 import ResNet50
t0 = clock()
model = ResNet50()
first = since(t0)
t1 = clock()
ResNet50()
second = since(t1)
assert model.count_params() == 25_636_712
print(json.dumps({{"first": first, "second": second}}))
"""

_KERAS_RESNET = _CLOCK + """
import keras
keras.ops.convert_to_numpy(keras.ops.ones((1,)))
t0 = clock()
keras.applications.ResNet50(weights=None)
first = since(t0)
t1 = clock()
keras.applications.ResNet50(weights=None)
print(json.dumps({"first": first, "second": since(t1)}))
"""


class Timing:
    """Medians over the processes of wall-clock and CPU seconds."""

    def __init__(self, samples):
        self.wall = statistics.median(s[0] for s in samples)
        self.cpu = statistics.median(s[1] for s in samples)

    def __truediv__(self, other) -> float:
        return self.cpu / other.cpu


def _run(code: str, env: dict, rounds: int, timeout: float) -> dict:
    """`{name: Timing}` for the timings `code` prints as JSON, over
    `rounds` fresh processes."""
    samples: dict[str, list] = {}
    # Bytecode is cached as in an installed package (some sandboxes set
    # PYTHONDONTWRITEBYTECODE: every import would then compile its source).
    full_env = {k: v for k, v in os.environ.items()
                if k != "PYTHONDONTWRITEBYTECODE"}
    full_env.update({"OMP_WAIT_POLICY": "PASSIVE", **env})
    for round_ in range(rounds + 1):  # round 0 warms the caches, untimed
        out = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code)], env=full_env,
            capture_output=True, text=True, timeout=timeout, cwd=REPO,
        )
        if out.returncode != 0:
            raise RuntimeError(f"benchmark process failed:\n{out.stderr}")
        if round_ == 0:
            continue
        result = json.loads(out.stdout.strip().splitlines()[-1])
        for key, value in result.items():
            samples.setdefault(key, []).append(value)
    return {key: Timing(v) for key, v in samples.items()}


def _importable(module: str) -> bool:
    code = f"import importlib.util as u; print(u.find_spec({module!r}) " \
           "is not None)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True,
                         text=True)
    return out.stdout.strip() == "True"


def _versions(modules) -> str:
    code = ("import importlib.metadata as m\n"
            f"for name in {list(modules)!r}:\n"
            "    try: print(name, m.version(name))\n"
            "    except m.PackageNotFoundError: pass\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True,
                         text=True)
    return ", ".join(out.stdout.split("\n")).strip(", ")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--engines", default="torch,jax,numpy")
    parser.add_argument("--keras", action="store_true",
                        help="also measure Keras 3 as a reference")
    parser.add_argument("--no-resnet", action="store_true",
                        help="skip the ResNet50 builds (the slow part)")
    parser.add_argument("--timeout", type=float, default=900.0)
    args = parser.parse_args(argv)
    engines = [e for e in args.engines.split(",") if e]
    engine_module = {"torch": "torch", "jax": "jax", "numpy": "numpy"}
    engines = [e for e in engines if _importable(engine_module[e])]
    with_keras = args.keras and _importable("keras")
    run = lambda code, env=None: _run(  # noqa: E731
        code, env or {}, args.rounds, args.timeout)

    print(f"# cornu build benchmark: {time.strftime('%Y-%m-%d')}, "
          f"{platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}")
    print(f"# {_versions(['cornu', 'numpy', 'torch', 'jax', 'keras'])}")
    print(f"# median of {args.rounds} fresh processes; ratios compare CPU "
          "time, which other load on the machine disturbs less than wall "
          "time\n")
    rows = []  # (what, seconds, ratio text)

    imports = {e: run(_IMPORT.format(module=engine_module[e]))["import"]
               for e in engines}
    cornu_import = run(_IMPORT.format(module="cornu"))["import"]
    for e in engines:
        rows.append((f"import {engine_module[e]}", imports[e], ""))
    rows.append(("import cornu", cornu_import, "; ".join(
        f"{cornu_import / imports[e]:.3g} x import {e}"
        for e in engines if e != "numpy")))
    for e in engines:
        first = run(_CORNU_FIRST_OP, {"CORNU_BACKEND": e})["first op"]
        ratio = f"{first / imports[e]:.2f} x import {engine_module[e]}"
        if with_keras:
            keras_first = run(_KERAS_FIRST_OP,
                              {"KERAS_BACKEND": e})["first op"]
            rows.append((f"import keras + first op [{e}]", keras_first,
                         f"{keras_first / imports[e]:.2f} x import "
                         f"{engine_module[e]}"))
            ratio += f"; {first / keras_first:.2f} x Keras"
        rows.append((f"import cornu + first op [{e}]", first, ratio))
        after = run(_CORNU_AFTER_ENGINE.format(module=engine_module[e]),
                    {"CORNU_BACKEND": e})
        rows.append((f"  of which cornu, after the engine [{e}]",
                     after["cornu"], f"{after['cornu'] / after['engine']:.2f}"
                     f" x import {engine_module[e]} (same process)"))
    if not args.no_resnet:
        for e in engines:
            built = run(_CORNU_RESNET.format(repo=REPO), {"CORNU_BACKEND": e})
            keras_built = None
            if with_keras:
                keras_built = run(_KERAS_RESNET, {"KERAS_BACKEND": e})
                rows.append((f"Keras ResNet50 build [{e}]",
                             keras_built["first"], ""))
                rows.append((f"Keras ResNet50 2nd build [{e}]",
                             keras_built["second"], ""))
            for key, label in (("first", "build"), ("second", "2nd build")):
                ratio = ""
                if keras_built:
                    ratio = f"{built[key] / keras_built[key]:.2f} x Keras"
                rows.append((f"cornu ResNet50 {label} [{e}]", built[key],
                             ratio))

    width = max(len(r[0]) for r in rows)
    print(f"| {'measurement':<{width}} |   wall s |    CPU s | ratio (CPU)")
    print(f"|{'-' * (width + 2)}|----------|----------|------------")
    for what, timing, ratio in rows:
        print(f"| {what:<{width}} | {timing.wall:>8.4f} | {timing.cpu:>8.4f} "
              f"| {ratio}")

if __name__ == "__main__":
    main()
