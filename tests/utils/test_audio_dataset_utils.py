"""`audio_dataset_from_directory` on WAV files written with `wave`."""

from __future__ import annotations

import wave

import numpy as np
import pytest

from cornu.utils import audio_dataset_from_directory


def _write(path, samples, rate=8000, width=2):
    samples = np.asarray(samples)
    if samples.ndim == 1:
        samples = samples[:, None]
    with wave.open(str(path), "wb") as f:
        f.setnchannels(samples.shape[1])
        f.setsampwidth(width)
        f.setframerate(rate)
        dtype = "<i2" if width == 2 else "u1"
        f.writeframes(samples.astype(dtype).tobytes())


@pytest.fixture
def audio_dir(tmp_path):
    (tmp_path / "no").mkdir()
    (tmp_path / "yes").mkdir()
    _write(tmp_path / "no" / "a.wav", [0, 16384, -32768])
    _write(tmp_path / "yes" / "b.wav", [8192] * 5)
    _write(tmp_path / "yes" / "c.wav", [128, 192, 64], width=1)
    return tmp_path


def test_pads_to_the_longest_clip_of_a_batch(audio_dir):
    ds = audio_dataset_from_directory(audio_dir, shuffle=False, batch_size=2)
    assert ds.class_names == ["no", "yes"] and len(ds) == 2
    x, y = ds[0]
    assert x.shape == (2, 5, 1) and x.dtype == np.float32
    assert x[0, :, 0].tolist() == [0.0, 0.5, -1.0, 0.0, 0.0]
    assert x[1, :, 0].tolist() == [0.25] * 5 and y.tolist() == [0, 1]
    x, y = ds[1]
    assert x[0, :, 0].tolist() == [0.0, 0.5, -0.5]  # 8-bit, centred on 128


def test_output_sequence_length_cuts_and_pads(audio_dir):
    ds = audio_dataset_from_directory(audio_dir, shuffle=False, batch_size=3,
                                      output_sequence_length=4,
                                      label_mode="categorical")
    x, y = ds[0]
    assert x.shape == (3, 4, 1)
    assert x[0, :, 0].tolist() == [0.0, 0.5, -1.0, 0.0]
    assert x[1, :, 0].tolist() == [0.25] * 4
    assert y.tolist() == [[1, 0], [0, 1], [0, 1]]


def test_stereo_and_sampling_rate_check(tmp_path):
    (tmp_path / "a").mkdir()
    _write(tmp_path / "a" / "s.wav", [[0, 16384], [16384, 0]], rate=16000)
    ds = audio_dataset_from_directory(tmp_path, shuffle=False,
                                      sampling_rate=16000, batch_size=None)
    x, y = ds[0]
    assert x.tolist() == [[0.0, 0.5], [0.5, 0.0]] and y == 0
    with pytest.raises(ValueError, match="does not resample"):
        audio_dataset_from_directory(tmp_path, sampling_rate=8000)[0]


@pytest.mark.parametrize("kwargs, match", [
    ({"ragged": True}, "ragged"),
    ({"output_sequence_length": 0}, "output_sequence_length"),
])
def test_errors(audio_dir, kwargs, match):
    with pytest.raises(ValueError, match=match):
        audio_dataset_from_directory(audio_dir, **kwargs)
