"""Audio cues for onset, success and error, generated at start (no sound files).

Tones are synthesised with NumPy, so nothing needs a licence.  Each cue differs
from the others in pitch *and* rhythm, never only in loudness (a patient with
some hearing loss, or a noisy room, still tells them apart):

* ``onset``: one clear note (A5, 880 Hz, 150 ms): "look now";
* ``success``: two quick notes going up a fifth (E5 -> B5): the familiar "ding-ding";
* ``error``: two slower, softer notes going down (B4 -> F#4), never a harsh alarm:
  the game must not startle people with balance problems;
* ``tick``: a very short high click (E6, 40 ms) for the countdown and metronomes.

Every note is at least 300 Hz: laptop speakers give little below that, and the old
220 Hz error tone was barely audible on them.  The error notes carry two soft
overtones so that they still sound full on small speakers.  With no audio device (a
server, SDL_AUDIODRIVER=dummy with no mixer) the game is silent rather than failing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pygame

from balancegame.native_logs import native_stderr_silenced

RATE_HZ = 44100
FADE_S = 0.01  # fade in and out of every note: no clicks
LOWEST_HZ = 300.0  # small speakers roll off below this


@dataclass(frozen=True)
class CueSpec:
    notes_hz: tuple[float, ...]  # one after another
    note_s: float
    gap_s: float  # silence between notes: the rhythm
    volume: float  # 0..1 of full scale
    overtones: tuple[float, ...] = ()  # amplitudes of harmonics 2, 3, ... (timbre)


CUES = {
    "onset": CueSpec((880.0,), 0.15, 0.0, 0.5),
    "success": CueSpec((659.3, 987.8), 0.09, 0.03, 0.5),
    "error": CueSpec((493.9, 370.0), 0.18, 0.07, 0.35, (0.35, 0.15)),
    "tick": CueSpec((1318.5,), 0.04, 0.0, 0.3),
}


def tone(spec: CueSpec) -> np.ndarray:
    """The cue as int16 stereo samples at ``RATE_HZ``."""
    t = np.arange(int(RATE_HZ * spec.note_s)) / RATE_HZ
    fade = np.minimum(1.0, np.minimum(t, t[-1] - t) / FADE_S)
    weights = (1.0, *spec.overtones)
    parts = []
    for i, f in enumerate(spec.notes_hz):
        wave = sum(w * np.sin(2 * np.pi * f * (k + 1) * t) for k, w in enumerate(weights))
        parts.append(wave / sum(weights) * fade)
        if spec.gap_s and i < len(spec.notes_hz) - 1:
            parts.append(np.zeros(int(RATE_HZ * spec.gap_s)))
    mono = (np.concatenate(parts) * spec.volume * 32767).astype(np.int16)
    return np.ascontiguousarray(np.column_stack([mono, mono]))


class Sounds:
    """Plays named cues; ``enabled`` is False when no audio device could be opened."""

    def __init__(self, enabled: bool = True) -> None:
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        self.enabled = False
        if not enabled:
            return
        try:
            with native_stderr_silenced():  # ALSA's page of errors on a machine without sound
                pygame.mixer.init(frequency=RATE_HZ, size=-16, channels=2)
            for name, spec in CUES.items():
                self._sounds[name] = pygame.sndarray.make_sound(tone(spec))
            self.enabled = True
        except (pygame.error, ValueError):
            self._sounds.clear()  # no audio device: play silently

    def play(self, name: str) -> None:
        sound = self._sounds.get(name)
        if sound is not None:
            sound.play()
