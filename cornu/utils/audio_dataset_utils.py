"""`audio_dataset_from_directory`: labelled WAV files as batches of
waveforms, read with Python's `wave` module (16-bit and 8-bit PCM)."""

from __future__ import annotations

import wave

import numpy as np

from cornu.utils._directory_datasets import build_file_dataset

_OWNER = "audio_dataset_from_directory"


def read_wav(path: str, sampling_rate: int | None = None) -> np.ndarray:
    """The samples of a PCM WAV file as `float32` of shape
    `(num_samples, channels)` in `[-1, 1)` (16-bit values divided by
    32768, 8-bit values centred on 128 and divided by 128)."""
    with wave.open(str(path), "rb") as f:
        width, channels = f.getsampwidth(), f.getnchannels()
        rate, frames = f.getframerate(), f.readframes(f.getnframes())
    if sampling_rate is not None and rate != sampling_rate:
        raise ValueError(
            f"{_OWNER}: {path!r} is sampled at {rate} Hz, not at the "
            f"requested {sampling_rate} Hz; cornu does not resample. "
            f"Received: sampling_rate={sampling_rate}."
        )
    if width == 2:
        samples = np.frombuffer(frames, dtype="<i2") / 32768.0
    elif width == 1:
        samples = (np.frombuffer(frames, dtype="u1") - 128.0) / 128.0
    else:
        raise ValueError(
            f"{_OWNER}: {path!r} holds {8 * width}-bit samples; cornu reads "
            "8-bit and 16-bit PCM WAV files. Received: a "
            f"{8 * width}-bit file."
        )
    return samples.reshape(-1, channels).astype("float32")


def _pad_to(audio: np.ndarray, length: int) -> np.ndarray:
    out = np.zeros((length, audio.shape[1]), dtype=audio.dtype)
    out[:min(length, len(audio))] = audio[:length]
    return out


def audio_dataset_from_directory(directory: str, labels="inferred",
                                 label_mode="int", class_names=None,
                                 batch_size: int | None = 32,
                                 sampling_rate: int | None = None,
                                 output_sequence_length: int | None = None,
                                 ragged: bool = False, shuffle: bool = True,
                                 seed: int | None = None,
                                 validation_split: float | None = None,
                                 subset: str | None = None,
                                 follow_links: bool = False,
                                 verbose: bool = True):
    """A dataset of the `.wav` files in a folder, labelled by subfolder.

    Folders, labels, shuffling and splits work as in
    `text_dataset_from_directory`. Each batch holds `float32` waveforms of
    shape `(batch, length, channels)`: cut or zero-padded to
    `output_sequence_length`, or zero-padded to the longest clip of the
    batch.

    Args:
        directory: the folder.
        labels: `"inferred"`, `None`, or one integer label per file.
        label_mode: `"int"`, `"categorical"`, `"binary"` or `None`.
        class_names: the subfolders to use, in label order.
        batch_size: clips per batch; `None` yields single clips.
        sampling_rate: the expected sampling rate; a file at another rate
            raises a ValueError (cornu does not resample).
        output_sequence_length: the length clips are cut or padded to.
        ragged: must be False (cornu has no ragged tensors).
        shuffle: whether to shuffle the files (again every epoch).
        seed: the seed of the shuffles.
        validation_split: the fraction of files kept for validation.
        subset: `"training"`, `"validation"` or `"both"`.
        follow_links: whether to follow symbolic links to folders.
        verbose: kept for Keras compatibility (counts are printed).

    Returns:
        A `PyDataset` of `(audio, labels)` batches, with `class_names` and
        `file_paths` attributes.

    Example:
        ```python
        train = audio_dataset_from_directory(
            "speech/", output_sequence_length=16000, batch_size=8, seed=0)
        ```
    """
    if ragged:
        raise ValueError(
            f"{_OWNER}: cornu has no ragged tensors; pad the clips instead "
            "(the default, or `output_sequence_length`). "
            f"Received: ragged={ragged!r}."
        )
    if output_sequence_length is not None and (
            isinstance(output_sequence_length, bool)
            or int(output_sequence_length) != output_sequence_length
            or output_sequence_length < 1):
        raise ValueError(
            f"{_OWNER}: `output_sequence_length` must be a positive integer "
            f"or None. Received: output_sequence_length="
            f"{output_sequence_length!r}."
        )

    def load(path):
        audio = read_wav(path, sampling_rate)
        if output_sequence_length is not None:
            audio = _pad_to(audio, int(output_sequence_length))
        return audio

    def collate(clips):
        longest = max(len(clip) for clip in clips)
        return np.stack([_pad_to(clip, longest) for clip in clips])

    return build_file_dataset(
        _OWNER, directory, labels, label_mode, class_names, (".wav",),
        batch_size, shuffle, seed, validation_split, subset, follow_links,
        load, collate)
