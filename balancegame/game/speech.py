"""Offline speech for spoken instructions: espeak-ng on a worker thread, never the game's.

The text is synthesised by the ``espeak-ng`` program (Debian package ``espeak-ng``),
run as a subprocess that writes a WAV to its standard output; pygame's mixer plays it
on a channel of its own.  Why the program and not a Python binding: the bindings on
PyPI either run this same program (``espeakng``), are unmaintained (``py-espeak-ng``,
2019), or load libespeak-ng into our process with its global, single-threaded state
and their own audio loop (``pyttsx3``, whose ``runAndWait`` is known to hang when it
is driven from a thread: nateshmbhat/pyttsx3#126, #8).  The program's command line
(``--stdout``, ``--stdin``, ``-s``, ``-v``) has been stable for years, a crash in it
cannot take the game down, and it runs at a lower CPU priority (``nice``) so that the
pose thread keeps its core.

:class:`Speech` never blocks its caller: :meth:`Speech.say` only hands the text to the
worker.  WAVs are cached in memory by text (a session says the same few phrases again
and again, and :meth:`Speech.prepare` makes the usual ones before they are needed);
nothing is written to disk.  A phrase that could not be ready within ``max_late_s``
of being asked for is dropped, never spoken late: a late "Lean left" is worse than
none.  A newer phrase replaces one still waiting and interrupts one being spoken.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from typing import Protocol

from balancegame.clock import Clock, MonotonicClock
from balancegame.errors import SpeechError

RATE_WPM = 140  # a little slower than espeak-ng's 175: clearer for tired or older listeners
VOICE = "en"
CACHE_MAX = 400  # phrases kept in memory (~50 kB a second of speech)
SYNTH_TIMEOUT_S = 10.0
INSTALL_HINT = "install it with: sudo apt install espeak-ng"


def espeak_ng_path() -> str | None:
    return shutil.which("espeak-ng")


def espeak_wav(text: str, program: str = "espeak-ng", rate_wpm: int = RATE_WPM) -> bytes:
    """``text`` spoken by espeak-ng, as the bytes of a WAV file.

    The text goes in on standard input (a text that starts with "-" cannot be taken
    for an option).  Blocks for as long as espeak-ng takes (~50 ms a phrase here):
    call it from a worker thread.
    """
    command = [program, "--stdout", "--stdin", "-v", VOICE, "-s", str(rate_wpm)]
    nice = shutil.which("nice")
    if nice:
        command = [nice, "-n", "10", *command]
    try:
        done = subprocess.run(command, input=text.encode("utf-8"), capture_output=True,
                              timeout=SYNTH_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SpeechError(f"espeak-ng could not be run ({exc})") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip()
        raise SpeechError(f"espeak-ng failed (exit code {done.returncode}: {said})")
    return sized_wav(done.stdout)


def sized_wav(data: bytes) -> bytes:
    """The WAV with its sizes filled in: espeak-ng writing to a pipe cannot go back to
    write them, and leaves 0x7fffffff, which some readers take at its word."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise SpeechError("espeak-ng did not return a WAV file")
    out, offset = bytearray(data), 12
    out[4:8] = (len(data) - 8).to_bytes(4, "little")
    while offset + 8 <= len(data):
        chunk, size = data[offset:offset + 4], int.from_bytes(data[offset + 4:offset + 8],
                                                               "little")
        if chunk == b"data":
            out[offset + 4:offset + 8] = (len(data) - offset - 8).to_bytes(4, "little")
            return bytes(out)
        offset += 8 + size + (size & 1)
    raise SpeechError("espeak-ng's WAV has no sound data")


_UNITS = ((re.compile(r"(\d) ?ms\b"), r"\1 milliseconds"), (re.compile(r"(\d) ?s\b"),
                                                             r"\1 seconds"),
          (re.compile("\u2212"), " minus "), (re.compile(r"(\d) ?cm\b"), r"\1 centimetres"))


def speakable(text: str) -> str:
    """Screen text as it should sound: units written out ("640 ms": milliseconds)."""
    for pattern, words in _UNITS:
        text = pattern.sub(words, text)
    return text


class Player(Protocol):
    """Where WAVs are heard (pygame's mixer; a list in tests)."""

    def play(self, wav: bytes) -> None:
        """Start ``wav`` now, cutting off what this player was saying."""

    def busy(self) -> bool: ...

    def stop(self) -> None: ...


class MixerPlayer:
    """Plays on a mixer channel reserved for speech, so cues never cut a sentence off."""

    def __init__(self) -> None:
        import pygame

        self._pygame = pygame
        pygame.mixer.set_reserved(1)
        self.channel = pygame.mixer.Channel(0)

    def play(self, wav: bytes) -> None:
        self.channel.play(self._pygame.mixer.Sound(file=io.BytesIO(wav)))

    def busy(self) -> bool:
        return bool(self.channel.get_busy())

    def stop(self) -> None:
        self.channel.stop()


class Speech:
    """Says phrases through ``player``, synthesised by ``synthesise`` on one worker thread.

    ``notice`` is told once (the terminal) if synthesis fails; the game goes on silent
    for that phrase.  ``clock``: for ``max_late_s`` (a fake one in tests).
    """

    def __init__(self, synthesise: Callable[[str], bytes], player: Player, *,
                 clock: Clock | None = None, max_late_s: float = 1.0,
                 notice: Callable[[str], None] = print) -> None:
        self.synthesise = synthesise
        self.player = player
        self.clock = clock or MonotonicClock()
        self.max_late_s = max_late_s
        self.notice = notice
        self.cache: OrderedDict[str, bytes] = OrderedDict()
        self.spoken: list[str] = []  # what was played, in order (tests, the log)
        self.dropped_late = 0
        self._failed_once = False
        self._wanted: tuple[str, float] | None = None  # the newest phrase asked for
        self._to_prepare: deque[str] = deque()
        self._working = False  # the worker is making or starting a phrase
        self._speaking_now = False  # ... and it is one to be said, not prepared
        self._closed = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="speech", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------ game thread
    def say(self, text: str) -> None:
        """Speak ``text`` as soon as it is ready; returns at once."""
        with self._cond:
            self._wanted = (text, self.clock.now_s())
            self._cond.notify()

    def prepare(self, texts: Iterable[str]) -> None:
        """Synthesise ``texts`` ahead (when nothing is to be said), without speaking."""
        with self._cond:
            self._to_prepare.extend(t for t in texts if t not in self.cache)
            self._cond.notify()

    def busy(self) -> bool:
        """A phrase is waiting, being made, or being heard."""
        with self._cond:
            waiting = self._wanted is not None or (self._working and self._speaking_now)
        return waiting or self.player.busy()

    def wait_until_idle(self, timeout_s: float) -> bool:
        """Until nothing is waiting to be made or said (tests; never the game loop)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._wanted is None and not self._to_prepare
                                       and not self._working, timeout_s)

    def close(self, timeout_s: float = 2.0) -> None:
        """Stop the worker (before pygame quits: it must not touch the mixer after)."""
        with self._cond:
            self._closed = True
            self._cond.notify()
        self._thread.join(timeout_s)
        self.player.stop()

    # ---------------------------------------------------------- worker thread
    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._closed and self._wanted is None and not self._to_prepare:
                    self._cond.wait()
                if self._closed:
                    return
                if self._wanted is not None:
                    (text, asked_s), self._wanted, speak = self._wanted, None, True
                else:
                    text, asked_s, speak = self._to_prepare.popleft(), 0.0, False
                self._working, self._speaking_now = True, speak
            try:
                wav = self._wav(text)
                if speak and wav is not None:
                    self._play(text, wav, asked_s)
            finally:
                with self._cond:
                    self._working = self._speaking_now = False
                    self._cond.notify_all()

    def _play(self, text: str, wav: bytes, asked_s: float) -> None:
        with self._cond:
            superseded = self._wanted is not None or self._closed
        if superseded:  # a newer phrase is waiting: it is the one to say
            return
        if self.clock.now_s() - asked_s > self.max_late_s:
            self.dropped_late += 1
            return
        self.player.play(wav)
        self.spoken.append(text)

    def _wav(self, text: str) -> bytes | None:
        if text in self.cache:
            self.cache.move_to_end(text)
            return self.cache[text]
        try:
            wav = self.synthesise(text)
        except SpeechError as exc:
            if not self._failed_once:
                self._failed_once = True
                self.notice(f"Spoken instructions: {exc}; the game carries on, without "
                            "that phrase.")
            return None
        self.cache[text] = wav
        while len(self.cache) > CACHE_MAX:
            self.cache.popitem(last=False)
        return wav
