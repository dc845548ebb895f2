"""Audio cues for onset, success and error, generated at start (no sound files).

Tones are synthesised with NumPy, so nothing needs a licence: onset is a
short high beep, success two rising notes, error a low soft buzz (never a
harsh alarm: the game must not startle people with balance problems).  With
no audio device (a server, SDL_AUDIODRIVER=dummy with no mixer) the game is
silent rather than failing.
"""

from __future__ import annotations

import numpy as np
import pygame

from balancegame.native_logs import native_stderr_silenced

RATE_HZ = 44100


def _tone(freqs_hz: list[float], note_s: float, volume: float) -> np.ndarray:
    """Notes one after another, each with 10 ms fade in/out (no clicks); int16 stereo."""
    parts = []
    for f in freqs_hz:
        t = np.arange(int(RATE_HZ * note_s)) / RATE_HZ
        wave = np.sin(2 * np.pi * f * t)
        fade = np.minimum(1.0, np.minimum(t, t[-1] - t) / 0.01)
        parts.append(wave * fade)
    mono = (np.concatenate(parts) * volume * 32767).astype(np.int16)
    return np.ascontiguousarray(np.column_stack([mono, mono]))


CUES = {
    "onset": ([880.0], 0.12, 0.5),
    "success": ([660.0, 990.0], 0.10, 0.5),
    "error": ([220.0], 0.25, 0.35),
    "tick": ([1320.0], 0.04, 0.3),
}


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
            for name, (freqs, note_s, volume) in CUES.items():
                self._sounds[name] = pygame.sndarray.make_sound(_tone(freqs, note_s, volume))
            self.enabled = True
        except (pygame.error, ValueError):
            self._sounds.clear()  # no audio device: play silently

    def play(self, name: str) -> None:
        sound = self._sounds.get(name)
        if sound is not None:
            sound.play()
