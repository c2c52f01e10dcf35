"""Configuration: cornu.json, CORNU_* variables and engine selection."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import cornu
from cornu import backend, config


def _run(code: str, **env) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **env}
    return subprocess.run([sys.executable, "-c", code], env=full_env,
                          capture_output=True, text=True, timeout=120)


def test_defaults_match_keras():
    assert config.floatx() == "float32"
    assert config.epsilon() == 1e-7
    assert config.image_data_format() == "channels_last"


def test_config_file_and_cornu_home(tmp_path):
    (tmp_path / "cornu.json").write_text(json.dumps({
        "floatx": "float64", "epsilon": 1e-5,
        "image_data_format": "channels_first", "backend": "numpy",
    }))
    env = {"CORNU_HOME": str(tmp_path)}
    code = ("import cornu.backend as b; print(b.floatx(), b.epsilon(), "
            "b.image_data_format(), b.backend())")
    proc = _run(code, CORNU_BACKEND="", **env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [
        "float64", "1e-05", "channels_first", "numpy"]


def test_environment_overrides_config_file(tmp_path):
    (tmp_path / "cornu.json").write_text(json.dumps({"backend": "jax"}))
    proc = _run("import cornu.backend as b; print(b.backend())",
                CORNU_HOME=str(tmp_path), CORNU_BACKEND="numpy")
    assert proc.stdout.strip() == "numpy", proc.stderr


def test_unknown_engine_name_is_a_clear_error():
    proc = _run("import cornu.backend as b; b.backend()",
                CORNU_BACKEND="tensorflow")
    assert proc.returncode != 0
    assert "Unknown engine name" in proc.stderr
    assert "'tensorflow'" in proc.stderr


def test_engine_not_installed_names_the_extra(monkeypatch):
    monkeypatch.setattr(config, "_requested_backend", "jax")
    monkeypatch.setattr(backend, "_installed", lambda package: False)
    with pytest.raises(ImportError, match=r"pip install cornu\[jax\]"):
        backend._resolve_name()


def test_default_engine_prefers_torch_then_jax(monkeypatch):
    monkeypatch.setattr(config, "_requested_backend", None)
    monkeypatch.setattr(backend, "_installed", lambda p: p != "torch")
    assert backend._resolve_name() == "jax"
    monkeypatch.setattr(backend, "_installed", lambda p: False)
    assert backend._resolve_name() == "numpy"


@pytest.mark.parametrize("setter,bad,arg", [
    (config.set_floatx, "int8", "floatx"),
    (config.set_image_data_format, "channels_middle", "data_format"),
])
def test_setters_validate(setter, bad, arg):
    with pytest.raises(ValueError, match=arg):
        setter(bad)


def test_setters_round_trip():
    old = config.image_data_format()
    try:
        cornu.backend.set_image_data_format("channels_first")
        assert cornu.backend.image_data_format() == "channels_first"
    finally:
        config.set_image_data_format(old)


def test_import_cornu_imports_no_engine():
    code = ("import sys, cornu; "
            "print(any(m in sys.modules for m in ('torch', 'jax')))")
    proc = _run(code)
    assert proc.stdout.strip() == "False", proc.stderr
