import numpy as np

from balancegame.game.sounds import CUES, RATE_HZ, Sounds, _tone


def test_tones_have_the_right_length_and_no_clicks():
    for freqs, note_s, volume in CUES.values():
        wave = _tone(freqs, note_s, volume)
        assert wave.shape == (int(RATE_HZ * note_s) * len(freqs), 2)
        assert wave.dtype == np.int16
        assert abs(int(wave[0, 0])) < 200 and abs(int(wave[-1, 0])) < 200  # faded ends
        assert np.abs(wave).max() <= volume * 32767 + 1


def test_disabled_sounds_are_silent_not_failing():
    s = Sounds(enabled=False)
    assert not s.enabled
    s.play("onset")
    s.play("no-such-cue")
