"""The cues are told apart by pitch and rhythm, measured on the samples themselves."""

from __future__ import annotations

import itertools
import math

import numpy as np

from balancegame.game.sounds import CUES, LOWEST_HZ, RATE_HZ, CueSpec, Sounds, tone


def notes_heard(samples: np.ndarray) -> list[tuple[float, float]]:
    """(pitch Hz, duration s) of each note, found from the waveform alone: notes are
    runs of sound between silences; the pitch is the strongest frequency of the run."""
    x = samples[:, 0].astype(float) / 32767
    envelope = np.convolve(np.abs(x), np.ones(64) / 64, mode="same")
    loud = envelope > 0.1 * envelope.max()  # relative: loudness does not make a note
    edges = np.flatnonzero(np.diff(np.r_[0, loud.astype(int), 0]))
    notes = []
    for start, stop in zip(edges[::2], edges[1::2], strict=True):
        if stop - start < 0.01 * RATE_HZ:  # a click between notes, not a note
            continue
        part = x[start:stop] * np.hanning(stop - start)
        spectrum = np.abs(np.fft.rfft(part, 1 << 16))
        notes.append((float(np.fft.rfftfreq(1 << 16, 1 / RATE_HZ)[np.argmax(spectrum)]),
                      (stop - start) / RATE_HZ))
    return notes


def semitones(a_hz: float, b_hz: float) -> float:
    return 12 * math.log2(b_hz / a_hz)


def told_apart(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> bool:
    """Different in the number of notes, in the melody's direction, by 3 semitones or
    more in pitch, or by half or double the note length: never by loudness alone."""
    if len(a) != len(b):
        return True
    if len(a) > 1 and np.sign(semitones(a[0][0], a[-1][0])) != np.sign(
            semitones(b[0][0], b[-1][0])):
        return True
    if any(abs(semitones(fa, fb)) >= 3 for (fa, _), (fb, _) in zip(a, b, strict=True)):
        return True
    return any(max(da, db) >= 2 * min(da, db) for (_, da), (_, db) in zip(a, b, strict=True))


def test_every_pair_of_cues_differs_in_pitch_or_rhythm() -> None:
    heard = {name: notes_heard(tone(spec)) for name, spec in CUES.items()}
    assert [len(n) for n in heard.values()] == [len(s.notes_hz) for s in CUES.values()]
    for name, spec in CUES.items():  # the analysis finds the notes the cue is made of
        for (f, _), want in zip(heard[name], spec.notes_hz, strict=True):
            assert abs(semitones(want, f)) < 0.3, name
    same = [(a, b) for a, b in itertools.combinations(heard, 2)
            if not told_apart(heard[a], heard[b])]
    assert same == []
    assert semitones(*[f for f, _ in heard["success"]]) > 0  # up: success
    assert semitones(*[f for f, _ in heard["error"]]) < 0  # down: error


def test_cues_differing_only_in_loudness_are_not_told_apart() -> None:
    quiet = CueSpec((880.0,), 0.15, 0.0, 0.2)
    assert not told_apart(notes_heard(tone(CUES["onset"])), notes_heard(tone(quiet)))


def test_every_note_is_high_enough_for_a_laptop_speaker() -> None:
    lowest = {name: min(f for f, _ in notes_heard(tone(spec))) for name, spec in CUES.items()}
    assert min(lowest.values()) >= LOWEST_HZ, lowest


def test_tones_have_no_clicks_and_stay_in_range() -> None:
    for spec in CUES.values():
        wave = tone(spec)
        assert wave.dtype == np.int16 and wave.shape[1] == 2
        assert abs(int(wave[0, 0])) < 200 and abs(int(wave[-1, 0])) < 200  # faded ends
        assert np.abs(wave).max() <= spec.volume * 32767 + 1


def test_disabled_sounds_are_silent_not_failing() -> None:
    s = Sounds(enabled=False)
    assert not s.enabled
    s.play("onset")
    s.play("no-such-cue")
