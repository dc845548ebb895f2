"""Spoken instructions (issue 12, item 13): espeak-ng makes a WAV, the game never waits for
it, and the screens say what they show."""

from __future__ import annotations

import io
import threading
import wave

import pygame
import pytest
from helpers.scene_runner import run, session

from balancegame.clock import FakeClock
from balancegame.game import narrator as narrator_module
from balancegame.game.narrator import Narrator, make_narrator, utterance
from balancegame.game.scenes.end import EndScene
from balancegame.game.scenes.level import LevelScene
from balancegame.game.scenes.results import ResultsScene
from balancegame.game.speech import Speech, SpeechError, espeak_ng_path, espeak_wav, sized_wav
from balancegame.prescription.library import LevelLibrary

WAV = sized_wav(b"RIFF\0\0\0\0WAVEfmt \x10\0\0\0" + bytes(16) + b"data\xff\xff\xff\x7f"
                + bytes(100))


class Player:
    def __init__(self) -> None:
        self.played: list[bytes] = []
        self.playing = False

    def play(self, wav: bytes) -> None:
        self.played.append(wav)

    def busy(self) -> bool:
        return self.playing

    def stop(self) -> None:
        self.playing = False


class Blocked:
    """A synthesiser that waits until the test lets it go."""

    def __init__(self) -> None:
        self.go = threading.Event()
        self.started = threading.Event()
        self.texts: list[str] = []

    def __call__(self, text: str) -> bytes:
        self.texts.append(text)
        self.started.set()
        assert self.go.wait(10), "the test never released the synthesiser"
        return WAV


def settle(speech: Speech) -> None:
    assert speech.wait_until_idle(10), "the speech worker never finished"


@pytest.mark.skipif(espeak_ng_path() is None, reason="espeak-ng is not installed: "
                    "apt-get install espeak-ng to test speech synthesis")
def test_espeak_ng_makes_a_wav_that_can_be_read_back() -> None:
    data = espeak_wav("Lean left")
    with wave.open(io.BytesIO(data)) as w:
        frames, rate = w.getnframes(), w.getframerate()
        assert w.getnchannels() == 1 and w.getsampwidth() == 2
    assert 0.3 < frames / rate < 3.0  # the real length: the header's sizes are filled in
    assert espeak_wav("-s 9999 Stand still")  # text that looks like an option is only text


def test_a_failed_synthesis_is_a_speech_error(monkeypatch) -> None:
    with pytest.raises(SpeechError, match="espeak-ng"):
        espeak_wav("Lean left", program="/no/such/espeak-ng")
    with pytest.raises(SpeechError, match="not return a WAV"):
        sized_wav(b"hello")


def test_without_espeak_ng_the_terminal_is_told_once_and_the_game_goes_on_silent(
        monkeypatch) -> None:
    monkeypatch.setattr(narrator_module, "espeak_ng_path", lambda: None)
    told: list[str] = []
    narrator = make_narrator(True, True, told.append)
    assert not narrator.on and len(told) == 1
    assert "espeak-ng is not installed" in told[0] and "apt install espeak-ng" in told[0]
    narrator.follow(None)  # silent: never even asks the scene
    assert not narrator.speaking()
    assert make_narrator(False, True, told.append).on is False and len(told) == 1


def test_say_returns_at_once_while_synthesis_is_still_working() -> None:
    synth, player, clock = Blocked(), Player(), FakeClock()
    speech = Speech(synth, player, clock=clock)
    returned = threading.Event()

    def game_frames() -> None:
        for _ in range(600):  # ten seconds of frames, each asking for speech
            speech.say("Lean left")
            speech.busy()
        returned.set()

    threading.Thread(target=game_frames, daemon=True).start()
    assert returned.wait(5), "say() waited for the synthesiser"
    assert synth.started.wait(5) and player.played == []
    synth.go.set()
    settle(speech)
    speech.close()
    assert player.played == [WAV]  # the 600 identical requests became one phrase


def test_a_phrase_too_late_is_dropped_and_a_newer_one_replaces_a_waiting_one() -> None:
    synth, player, clock = Blocked(), Player(), FakeClock()
    speech = Speech(synth, player, clock=clock, max_late_s=1.0)
    speech.say("Lean left")
    assert synth.started.wait(5)
    clock.advance(1.5)  # the synthesiser took 1.5 s: "Lean left" would come too late
    synth.go.set()
    settle(speech)
    assert player.played == [] and speech.dropped_late == 1
    speech.prepare(["Stand still."])
    settle(speech)
    assert "Stand still." in speech.cache and player.played == []  # made, not said
    speech.say("Stand still.")
    settle(speech)
    speech.close()
    assert speech.spoken == ["Stand still."] and synth.texts.count("Stand still.") == 1


def test_a_failing_synthesiser_is_reported_once() -> None:
    told: list[str] = []

    def broken(text: str) -> bytes:
        raise SpeechError("espeak-ng failed (exit code 1: no voice)")

    speech = Speech(broken, Player(), clock=FakeClock(), notice=told.append)
    for text in ("one", "two", "three"):
        speech.say(text)
        settle(speech)
    speech.close()
    assert len(told) == 1 and "no voice" in told[0]


class Heard:
    """A stand-in Speech: what the narrator asked to say."""

    def __init__(self) -> None:
        self.said: list[str] = []
        self.prepared: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)

    def prepare(self, texts) -> None:
        self.prepared += list(texts)

    def busy(self) -> bool:
        return False

    def close(self) -> None:
        pass


DODGE = LevelLibrary.shipped().level("dodge-gentle")


def test_a_level_says_its_countdown_then_each_walls_side(tmp_path) -> None:
    heard, clock = Heard(), FakeClock()
    narrator = Narrator(heard, clock)
    with session(tmp_path / "s.sqlite3", [DODGE], clock=clock) as (ctx, _):
        scene = LevelScene(ctx, 0)
        run(clock, scene, 12.0, on_step=lambda: narrator.follow(scene))
        scene.handle_key(pygame.K_SPACE)  # a pause is said too
        narrator.follow(scene)
    assert heard.said[:3] == ["Stand still. 3.", "2.", "1."]
    walls = heard.said[3:-1]
    assert walls and set(walls) <= {"Lean left.", "Lean right."}
    assert heard.said[-1] == "Paused. Press Space to go on."


def test_a_line_said_a_moment_ago_is_not_said_again() -> None:
    heard, clock = Heard(), FakeClock()
    narrator = Narrator(heard, clock)

    class Screen:
        lines: tuple[str, ...] = ()

        def spoken(self) -> tuple[str, ...]:
            return self.lines

    screen = Screen()
    for lines in (("Hold it there",), ("Lean to the left",), ("Hold it there",)):
        screen.lines = lines
        narrator.follow(screen)
        clock.advance(0.5)
    clock.advance(3.0)
    screen.lines = ("Lean to the left",)
    narrator.follow(screen)
    assert heard.said == ["Hold it there.", "Lean to the left.", "Lean to the left."]


def test_results_and_end_screens_say_their_words_and_wait_for_them(tmp_path) -> None:
    heard = Heard()
    with session(tmp_path / "s.sqlite3", [DODGE]) as (ctx, _):
        ctx.narrator = Narrator(heard, ctx.clock)
        summary = {"level": DODGE.name, "type": "obstacle_dodge", "n_trials": 10,
                   "outcomes": {"avoided": 9, "hit": 1}, "status": "completed"}
        ctx.summaries.append(summary)
        results = ResultsScene(ctx, summary)
        ctx.narrator.follow(results)
        assert heard.said[-1] == utterance(("Well done!", "Avoided 9 of 10", "2 of 3 stars",
                                            "First time: 90 % avoided, the score to beat"))
        speaking = [True]
        heard.busy = lambda: speaking[0]
        run(ctx.clock, results, 5.0)
        assert not results.done  # its 1 s are over, but the words are still being said
        speaking[0] = False
        run(ctx.clock, results, 0.1)
        assert results.done
        end = EndScene(ctx)
        ctx.narrator.follow(end)
        assert heard.said[-1].startswith("Session finished. This week: 1 of 3 training days.")


def test_the_game_loop_never_waits_for_speech(tmp_path) -> None:
    """A level played with a synthesiser that never finishes: every frame still runs."""
    synth, clock = Blocked(), FakeClock()
    narrator = Narrator(Speech(synth, Player(), clock=clock), clock)
    finished = threading.Event()
    with session(tmp_path / "s.sqlite3", [DODGE], clock=clock) as (ctx, db):
        scene = LevelScene(ctx, 0)

        def play() -> None:  # the game, on a thread of its own so that a wait shows
            db.move_to_this_thread()
            run(clock, scene, 20.0, on_step=lambda: narrator.follow(scene))
            finished.set()

        threading.Thread(target=play, daemon=True).start()
        assert finished.wait(60), "the level waited for speech"
        db.move_to_this_thread()
        assert synth.started.is_set() and narrator.speaking()  # still making the first
        synth.go.set()
        narrator.close()


def test_every_shipped_level_has_something_to_say(tmp_path) -> None:
    library = LevelLibrary.shipped()
    for entry in library.catalogue("level"):
        heard, clock = Heard(), FakeClock()
        narrator = Narrator(heard, clock)
        with session(tmp_path / f"{entry.name}.sqlite3", [library.level(entry.name)],
                     clock=clock) as (ctx, _):
            scene = LevelScene(ctx, 0)
            run(clock, scene, 20.0,
                on_step=lambda scene=scene, narrator=narrator: narrator.follow(scene))
        assert heard.said[0].startswith("Stand still."), entry.name
        assert len(heard.said) > 3, (entry.name, heard.said)  # more than the countdown
