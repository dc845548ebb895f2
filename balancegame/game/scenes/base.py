"""What the simple screens (title, check-in, camera check, intro, results, rest, end) share."""

from __future__ import annotations

import pygame

from balancegame.body.safety import Alert
from balancegame.game.context import GameContext
from balancegame.game.views.common import PAUSE_TEXT, draw_pause

ENTER_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER)
MAX_SPEECH_WAIT_S = 30.0  # a waiting screen stays at most this much longer for speech


class Screen:
    """Esc ends the session; other keys go to :meth:`on_key`; body signals are
    drained every step (the tracker's backlog must not grow while nobody reads it).
    A screen sets ``done`` when its part is over; the session flow picks the next.

    Screens after the camera check set ``watch_safety``: a suspected fall holds
    the screen at once with "Are you all right?" until Space (not only when the
    next level starts), and with ``hold_when_away`` a person out of view holds it
    too (the instructions before a level wait for the patient to be back).
    """

    watch_safety = False
    hold_when_away = False

    def __init__(self, ctx: GameContext) -> None:
        self.ctx = ctx
        self.done = False
        self.quit = False
        self.hold: str | None = None  # a views' PAUSE_TEXT kind while held for safety
        self.confirm_end = False  # Esc was pressed once: asking whether to end

    def end_session(self, reason: str) -> None:
        self.ctx.end_reason = reason
        self.quit = True

    def handle_key(self, key: int) -> None:
        if self.confirm_end:  # "End the session?" is on screen: Esc again ends, else back
            self.confirm_end = False
            if key == pygame.K_ESCAPE:
                self.end_session(self.ctx.esc_reason())
        elif key == pygame.K_ESCAPE:
            self.confirm_end = True
        elif self.hold == "fall_suspected":
            if key == pygame.K_SPACE:  # a person says the patient is all right
                self.ctx.safety.acknowledge()
                self.ctx.log.event("resume", self.ctx.clock.now_s(), {"screen": self.name})
                self.hold = None
        elif self.hold is None:
            self.on_key(key)

    def on_key(self, key: int) -> None:
        """Keys other than Esc; none by default."""

    @property
    def name(self) -> str:
        return type(self).__name__

    def update(self, dt_s: float, now_s: float) -> None:
        signals = self.ctx.pull_signals()
        held = self.watch_safety and self._held_for_safety(now_s) or self.confirm_end
        self.observe(signals, held)
        if not held:
            self.tick(dt_s, now_s)

    def observe(self, signals: list, held: bool) -> None:
        """Each step's new body signals (``held``: the screen is held or asking about
        Esc); nothing by default."""

    def _held_for_safety(self, now_s: float) -> bool:
        alert = self.ctx.safety.alert(now_s)
        if alert is Alert.FALL_SUSPECTED:
            if self.hold != "fall_suspected":
                self.ctx.log.event("fall_suspected", now_s, {"screen": self.name})
            self.hold = "fall_suspected"
        elif self.hold != "fall_suspected":
            away = {Alert.NOT_IN_VIEW: "tracking_lost", Alert.NO_RESULTS: "tracking_slow"}
            self.hold = away.get(alert) if self.hold_when_away else None
            if self.hold and not self.ctx.tracker.health().source_ok:
                self.hold = "camera_lost"
        return self.hold is not None

    def draw(self, surface: pygame.Surface) -> None:
        self.draw_screen(surface)
        if self.confirm_end or self.hold is not None:
            draw_pause(surface, "confirm_end" if self.confirm_end else self.hold, None)

    def draw_screen(self, surface: pygame.Surface) -> None:
        """What this screen shows."""

    def spoken(self) -> tuple[str, ...]:
        """The lines spoken instructions say: a hold's or the Esc question's words over
        the screen's own :meth:`prompt`."""
        if self.confirm_end or self.hold is not None:
            return PAUSE_TEXT["confirm_end" if self.confirm_end else self.hold]
        return self.prompt()

    def prompt(self) -> tuple[str, ...]:
        """This screen's main instruction, as lines to say; none by default."""
        return ()

    def tick(self, dt_s: float, now_s: float) -> None:
        """The screen's own fixed-step update."""

    def after_flip(self, t_flip_s: float) -> None:
        pass


class DwellScreen(Screen):
    """Shown for ``dwell_s`` (``left_s`` counts down), or until a key in ``advance_keys``.

    With spoken instructions on, the screen also waits (up to ``MAX_SPEECH_WAIT_S``)
    until its words have been said to the end, unless ``wait_for_speech`` is off.
    """

    advance_keys: tuple[int, ...] = ENTER_KEYS
    wait_for_speech = True

    def __init__(self, ctx: GameContext, dwell_s: float) -> None:
        super().__init__(ctx)
        self.left_s = dwell_s

    def on_key(self, key: int) -> None:
        if key in self.advance_keys and not self.done:
            self.skip()

    def skip(self) -> None:
        """The supervisor went on before the time was up."""
        self.done = True

    def tick(self, dt_s: float, now_s: float) -> None:
        self.left_s -= dt_s
        speech = self.wait_for_speech and self.left_s > -MAX_SPEECH_WAIT_S \
            and self.ctx.narrator.speaking()
        if self.left_s <= 0 and not speech:
            self.done = True
