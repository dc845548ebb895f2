"""Camera setup check: the patient sees themselves and what to fix, in big words."""

from __future__ import annotations

import pygame

from balancegame.game import backdrop, theme
from balancegame.game.context import GameContext
from balancegame.game.scenes.base import Screen
from balancegame.game.setup_checks import Check, camera_setup, check_setup
from balancegame.game.setup_picture import draw_good_setup

HOLD_S = 2.0  # the person must be placed well this long before the level starts
NOTE_GAP_PX = 24  # the therapist's notes: from the screen's edge and the picture
MIN_NOTE_MARGIN_PX = 220  # a narrower margin beside the picture: notes go over its corner


class CameraCheckScene(Screen):
    """Advances by itself once a person has been well placed for ``HOLD_S``.

    The checks (game/setup_checks.py): the camera works, one person in view, enough light,
    the whole body in view at a good distance, the size measured.  The therapist may press
    Enter to go on with a person whose feet are not in view (seated training, a small room;
    logged with the session); nothing starts with nobody, or two people, in view.  A
    corner states the camera-to-screen delay the patient's marker is predicted over.
    With a live camera, L runs the display-delay check (``wants_latency_check``;
    the session flow shows it, then this screen again).  Those are the therapist's
    keys: at home they work only in therapist mode, and are not shown otherwise; a
    prescription for seated training (feet need not be in view) does not ask for
    the feet at all (game/prescribing.py).
    """

    def __init__(self, ctx: GameContext) -> None:
        super().__init__(ctx)
        self._good_s = 0.0
        self._override = False
        self.wants_latency_check = False
        ctx.tracker.request_recalibration()

    def on_key(self, key: int) -> None:
        if not self.ctx.session.supervised:
            return  # Esc still ends (base.Screen); the therapist's keys need therapist mode
        if key in (pygame.K_RETURN, pygame.K_KP_ENTER) and not self._override:
            self._override = True
            check = self._check()
            self.ctx.log.event("setup_override", self.ctx.clock.now_s(),
                               {"check": check.name, "said": check.say, "why": check.why,
                                "by": "therapist mode" if self.ctx.session.home
                                else "supervisor"})
        elif key == pygame.K_l and self.ctx.camera_name is not None:
            self.wants_latency_check = self.done = True

    def _check(self) -> Check:
        tracker = self.ctx.tracker
        return check_setup(tracker.latest(), tracker.health(),
                           someone_else=self.ctx.someone_else(self.ctx.clock.now_s()),
                           scale_ready=tracker.scale_ready(),
                           feet_overridden=self._override or not self.ctx.session.feet_needed
                           or self.ctx.calibration.mode == "seated")  # seated: no feet

    def _status(self) -> tuple[bool, str, str]:
        """(ready to play, big instruction, small detail): game/setup_checks.py.  The
        therapist's words on the feet check only when a therapist is there."""
        check = self._check()
        why = check.why if check.name != "feet" or self.ctx.session.supervised else ""
        return check.ready, check.say, why

    def prompt(self) -> tuple[str, ...]:
        return (self._status()[1],)  # the big instruction: what to fix

    def tick(self, dt_s: float, now_s: float) -> None:
        if self.ctx.tracker.health().finished:
            self.ctx.end_reason = "source ended before the level started"
            self.quit = True
            return
        ready, _, _ = self._status()
        self._good_s = self._good_s + dt_s if ready else 0.0
        if self._good_s >= HOLD_S:
            self.ctx.safety.acknowledge()  # a stoop while setting up is not a fall in play
            tracked = self.ctx.tracker.latest()
            if tracked is not None:  # what this session was played with (reports read it)
                setup = camera_setup(tracked, self.ctx.camera_name)
                self.ctx.log.event("camera_setup", now_s, setup)
                self.ctx.log.settings({"camera_setup": setup})
                self.ctx.calibration.camera_setup = setup  # does a calibration still hold?
            self.done = True

    def therapist_notes(self) -> list[str]:
        """For the therapist, in a corner: this camera and machine's feedback delay (camera
        to screen, which the marker is predicted over) and the display-delay check's key."""
        if not self.ctx.session.supervised:
            return []  # nobody to read them at home
        notes = [self.ctx.feedback.describe()]
        if self.ctx.camera_name is not None:
            notes.append("L: check display delay")
        return [n for n in notes if n]

    def _draw_notes(self, surface: pygame.Surface, image_right: int) -> None:
        """The therapist's notes as small chips down the right margin beside the picture,
        wrapped to it; over the picture's corner only when the margin is too narrow."""
        w = surface.get_width()
        margin = w - image_right - 2 * NOTE_GAP_PX
        width = margin - 28 if margin >= MIN_NOTE_MARGIN_PX else w // 2
        x_right, y = w - NOTE_GAP_PX, NOTE_GAP_PX
        for note in self.therapist_notes():
            lines = theme.wrap(note, theme.SMALL, width)
            line_h = theme.font(theme.SMALL).get_linesize()
            chip = pygame.Rect(0, 0, max(theme.font(theme.SMALL).size(t)[0] for t in lines) + 28,
                               line_h * len(lines) + 14)
            chip.topright = (x_right, y)
            pygame.draw.rect(surface, theme.PANEL, chip, border_radius=12)
            for i, line in enumerate(lines):
                theme.draw_text(surface, line, theme.SMALL, theme.TEXT_DIM,
                                (chip.centerx, chip.top + 7 + line_h * i + line_h // 2),
                                shadow=False)
            y = chip.bottom + 12

    def before_draw(self, t_flip_s: float) -> None:
        """The marker's estimator measures the delay at each flip (game/feedback.py)."""
        self.ctx.feedback.at(t_flip_s + self.ctx.display_delay.correction_s)

    def draw_screen(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        backdrop.paint(surface)
        ready, big, small = self._status()
        tracked = self.ctx.tracker.latest()
        view_h = h - 190
        if tracked is not None:
            image = self.ctx.camera_view.surface(tracked, (w - 40, view_h))
            rect = image.get_rect(midtop=(w // 2, 10))
            surface.blit(image, rect)
            pygame.draw.rect(surface, theme.GREEN if ready else theme.ORANGE, rect.inflate(12, 12),
                             6, border_radius=8)
        self._draw_notes(surface, rect.right + 6 if tracked is not None else w // 2)
        colour = theme.GOOD_TEXT if ready else theme.YELLOW
        theme.draw_text(surface, big, theme.LARGE, colour, (w // 2, h - 120))
        if ready:
            frac = min(self._good_s / HOLD_S, 1.0)
            bar = (w // 2 - 300, h - 50, 600, 28)
            pygame.draw.rect(surface, theme.PANEL, bar, border_radius=14)
            pygame.draw.rect(surface, theme.GREEN, (w // 2 - 300, h - 50, int(600 * frac), 28),
                             border_radius=14)
        elif small:
            theme.draw_text(surface, small, theme.SMALL, theme.TEXT_DIM, (w // 2, h - 38))
        if not ready and tracked is not None and rect.left >= 200:  # how it should look
            draw_good_setup(surface, pygame.Rect(16, 16, rect.left - 40, int(view_h * 0.75)))
