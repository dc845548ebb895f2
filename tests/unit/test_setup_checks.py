"""The camera set-up gate (game/setup_checks.py, game/scenes/camera_check.py): each check
says what to do; the override and the set-up are stored with the session."""

import json

import numpy as np
import pytest

from balancegame.game.setup_checks import camera_setup, check_setup
from balancegame.messages import Frame, PoseSample, Presence, TrackedFrame, TrackerHealth
from tests.helpers.scripted_tracker import signals

OK = TrackerHealth(source_ok=True)


WHOLE = Presence(True, "", "", True)


def frame(grey=128, visibility=0.9, presence=WHOLE):
    lm = np.zeros((33, 4))
    lm[:, 0] = np.linspace(280, 360, 33)  # a person 80 px wide, 360 px tall, centred
    lm[:, 1] = np.linspace(60, 420, 33)
    lm[:, 3] = visibility
    image = np.full((480, 640, 3), grey, np.uint8)
    pose = PoseSample(0.0, 0.0, 0, (640, 480), lm, None, presence)
    return TrackedFrame(Frame(image, 0.0, 0, "camera:0"), pose, signals(0.0))


def check(tracked, **kw):
    return check_setup(tracked, kw.pop("health", OK), **{
        "someone_else": False, "scale_ready": True, "feet_overridden": False, **kw})


@pytest.mark.parametrize(("tracked", "kw", "name", "say"), [
    (frame(), {"health": TrackerHealth(source_ok=False, source_error="unplugged")}, "camera",
     "Camera not working"),
    (None, {}, "camera", "Starting the camera..."),
    (frame(), {"someone_else": True}, "one_person", "Only one person in view, please"),
    (frame(grey=20), {}, "light", "More light, please"),
    (frame(grey=250), {}, "light", "Too bright behind you"),
    (frame(presence=Presence(False, "person too close", "Step back from the camera")), {},
     "in_view", "Step back from the camera"),
    (frame(visibility=0.3), {}, "light", "More light, please"),
    (frame(presence=Presence(True, "feet not visible", "Step back until your feet are visible",
                             False)), {}, "feet", "Step back until your feet are visible"),
    (frame(), {"scale_ready": False}, "scale", "Stand still..."),
])
def test_each_failing_check_says_what_to_do(tracked, kw, name, say):
    result = check(tracked, **kw)
    assert not result.ready and result.name == name and result.say == say


def test_a_good_setup_passes_and_the_feet_check_can_be_overridden():
    assert check(frame()).ready
    no_feet = frame(presence=Presence(True, "feet not visible", "Step back", False))
    assert check(no_feet, feet_overridden=True).ready
    assert not check(frame(), someone_else=True, feet_overridden=True).ready  # never two


def test_the_setup_stored_says_where_and_how_large_the_patient_was():
    setup = camera_setup(frame(), "camera:0 (Integrated Camera)")
    assert setup["camera"] == "camera:0 (Integrated Camera)"
    assert setup["resolution_px"] == [640, 480] and setup["brightness"] == 128.0
    assert setup["patient_height_fraction"] == pytest.approx(0.75)
    assert setup["patient_centre_x_fraction"] == pytest.approx(0.5)


def test_the_override_and_the_setup_are_logged_with_the_session(tmp_path):
    import pygame
    from helpers.scene_runner import run, session

    from balancegame.game.scenes.camera_check import CameraCheckScene
    from balancegame.prescription.library import LevelLibrary

    level = LevelLibrary.shipped().level("dodge-gentle")
    with session(tmp_path / "t.sqlite3", [level]) as (ctx, db):
        scene = CameraCheckScene(ctx)
        scene.handle_key(pygame.K_RETURN)
        run(ctx.clock, scene, 3.0)
        assert scene.done
        events = {e.kind: e for e in db.events(ctx.log.session_id)}
        settings = db.sessions("p1")[0].settings
    assert "setup_override" in events and "camera_setup" in events
    assert json.loads(events["camera_setup"].detail)["resolution_px"] == [4, 4]
    assert settings["camera_setup"]["resolution_px"] == [4, 4]  # where reports read it
