"""Spoken instructions: each screen's main words read aloud, for patients who cannot read
the screen from where they stand.  Off by default (``--speak``, or a program's
``spoken_instructions = true``).

Every scene says what its screen asks of the patient as a few lines (``spoken()``:
the title page's safety reminder, the camera check's advice, a level's "Stand
still", "3", "Lean left", a pause's headline, the results).  After each displayed
frame the game loop hands the scene to :meth:`Narrator.follow`, which speaks the
lines that were not in the scene's previous prompt: "Stand still. 3." then "2.",
"1.", then "Lean left." when a wall comes.  A line said less than
``REPEAT_GAP_S`` ago is not said again (a marker wavering at a ring's edge must
not make it chatter).  Speech itself runs on its own thread
(:mod:`balancegame.game.speech`); following costs the game loop a tuple comparison.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from balancegame.clock import Clock, MonotonicClock
from balancegame.game.speech import (
    INSTALL_HINT,
    MixerPlayer,
    Speech,
    espeak_ng_path,
    espeak_wav,
    speakable,
)

REPEAT_GAP_S = 2.5


class Speaking(Protocol):
    def spoken(self) -> tuple[str, ...]:
        """The lines of the screen's main instruction now; () for none."""


def utterance(lines: Iterable[str]) -> str:
    """Lines as one sentence to say: each ends with a full stop unless it has one."""
    said = [line.strip() for line in lines if line.strip()]
    return speakable(" ".join(s if s[-1] in ".!?" else s + "." for s in said))


class Narrator:
    """Follows the scenes and speaks their new lines; silent without ``speech``."""

    def __init__(self, speech: Speech | None = None, clock: Clock | None = None) -> None:
        self.speech = speech
        self.clock = clock or MonotonicClock()
        self._scene: object | None = None
        self._last: tuple[str, ...] = ()
        self._said_s: dict[str, float] = {}  # line -> when it was last said

    @classmethod
    def silent(cls) -> Narrator:
        return cls(None)

    @property
    def on(self) -> bool:
        return self.speech is not None

    def follow(self, scene: Speaking) -> None:
        """Called after each frame is shown: speak what is new on ``scene``'s screen."""
        if self.speech is None:
            return
        if scene is not self._scene:  # a new screen: everything on it is new
            self._scene, self._last = scene, ()
        lines = tuple(scene.spoken())
        if lines == self._last:
            return
        now_s = self.clock.now_s()
        new = [line for line in lines if line not in self._last
               and now_s - self._said_s.get(line, -REPEAT_GAP_S) >= REPEAT_GAP_S]
        self._last = lines
        if new:
            self._said_s.update(dict.fromkeys(new, now_s))
            self.speech.say(utterance(new))

    def prepare(self, prompts: Iterable[tuple[str, ...]]) -> None:
        """Have these prompts synthesised before they are needed (in the background)."""
        if self.speech is not None:
            self.speech.prepare(dict.fromkeys(utterance(p) for p in prompts))

    def speaking(self) -> bool:
        return self.speech is not None and self.speech.busy()

    def close(self) -> None:
        if self.speech is not None:
            self.speech.close()


def make_narrator(wanted: bool, audio_ok: bool, notice: Callable[[str], None] = print,
                  no_audio: str = "no sound device could be opened") -> Narrator:
    """The session's narrator: speaking if ``wanted``, espeak-ng is installed and sound
    can be played (else ``no_audio`` says why not); otherwise silent, and the terminal
    is told why, once."""
    if not wanted:
        return Narrator.silent()
    program = espeak_ng_path()
    if program is None:
        notice(f"Spoken instructions are on, but espeak-ng is not installed: the game "
               f"carries on without speech ({INSTALL_HINT}).")
        return Narrator.silent()
    if not audio_ok:
        notice(f"Spoken instructions are on, but {no_audio}: the game carries on without "
               "speech.")
        return Narrator.silent()
    return Narrator(Speech(lambda text: espeak_wav(text, program), MixerPlayer(),
                           notice=notice))
