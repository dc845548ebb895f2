"""Why a level must pause now, if it must: told truly, never blaming the patient for the
machine (a busy computer is not "out of view"), and someone else in view said as such."""

from __future__ import annotations

from balancegame.body.safety import Alert
from balancegame.messages import TrackerHealth

# Pauses that end by themselves once the cause has been gone for RESUME_AFTER_S; the others
# (a manual pause, a suspected fall) wait for Space.
AUTO_RESUME = ("tracking_lost", "camera_lost", "tracking_slow", "second_person")


def pause_cause(alert: Alert, health: TrackerHealth, someone_else: bool) -> str | None:
    """A views.common.PAUSE_TEXT kind, or None: safe to play."""
    if alert is Alert.FALL_SUSPECTED:
        return "fall_suspected"
    if someone_else:  # before "out of view": the tracker may be following the other person
        return "second_person"
    if alert is Alert.NONE:
        return None
    if not health.source_ok:
        return "camera_lost"
    return "tracking_lost" if alert is Alert.NOT_IN_VIEW else "tracking_slow"
