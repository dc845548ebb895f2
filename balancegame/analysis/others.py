"""Someone else in a recording: the same second look as in the game, on the file.

Every ``INTERVAL_S`` of video time, where the frame is tracked (analysis/span.py), MediaPipe's
pose detector runs on it and on the strips beside the tracked patient
(people_watch.count_others); here 2 of 3 checks decide (people_watch.Vote).  A jump of the
tracked body (body/identity.py's rules, on the frame geometries) counts too, for
``IDENTITY_HOLD_S``.  The frames so marked are left out of
every measure (analysis/files.py) and listed in metrics.json; offline each span also takes
in the interval before the report (the sighting the vote waited to confirm).
"""

from __future__ import annotations

import math

import numpy as np

from balancegame.body.identity import MAX_GAP_S, MAX_HIP_SPEED_CM_S, MAX_TRUNK_CHANGE
from balancegame.people_watch import Vote

IDENTITY_HOLD_S = 1.0
METHOD = ("MediaPipe's BlazePose detector every 0.4 s of video time on the whole frame and "
          "the strips beside the tracked patient; someone else counts with a score >= 0.7, a "
          "plausible size and hips outside the patient's box, in 2 of the last 3 checks; a "
          "jump of the tracked trunk length (> 25 %) or hips (> 300 cm/s) marks 1 s")


def others_in_view(video, geometries, cm_per_px: float) -> tuple[np.ndarray, dict]:
    """(per frame: someone else in view or the tracker jumped; the metrics.json entry);
    ``geometries``: body/signals.frame_geometry of each pose (None: nobody).  The second
    looks were made while tracking (``video.someone_else``, every ``video.looked_every``
    frames: analysis/span.py); here they are voted on in frame order, as in the game."""
    n = len(video.poses)
    t = np.array([p.t_capture_s for p in video.poses])
    marked = np.zeros(n, dtype=bool)
    step = video.looked_every or 1
    vote, checks, reports = Vote(), 0, 0
    for i, found in enumerate(video.someone_else):
        if found is None:
            continue
        checks += 1
        if vote.add(found):
            reports += 1
            # Offline, the check before (whose sighting the vote confirmed) is known too.
            marked[max(0, i - step):i + step] = True
    jumps = _jumps(geometries, t, cm_per_px)
    for j in jumps:
        marked |= (t >= t[j]) & (t < t[j] + IDENTITY_HOLD_S)
    spans = _spans(t, marked)
    return marked, {"method": METHOD, "checks": checks, "checks_reporting": reports,
                    "tracker_jumps_s": [round(float(t[j]), 2) for j in jumps],
                    "spans_s": spans, "frames_left_out": int(marked.sum())}


def _jumps(geometries, t: np.ndarray, cm_per_px: float) -> list[int]:
    """Frames where the tracked body jumped (IdentityGuard's rules on the geometries)."""
    out, last = [], None
    for i, g in enumerate(geometries):
        if g is None:
            continue
        if last is not None and 0 < t[i] - t[last[0]] <= MAX_GAP_S:
            _, trunk, hip = last
            speed = math.dist(g.hip_mid_px, hip) * cm_per_px / (t[i] - t[last[0]])
            if abs(g.trunk_px / trunk - 1) > MAX_TRUNK_CHANGE or speed > MAX_HIP_SPEED_CM_S:
                out.append(i)
        last = (i, g.trunk_px, g.hip_mid_px)
    return out


def _spans(t: np.ndarray, marked: np.ndarray) -> list[list[float]]:
    spans, start = [], None
    for i, m in enumerate(marked):
        if m and start is None:
            start = t[i]
        if not m and start is not None:
            spans.append([round(float(start), 2), round(float(t[i]), 2)])
            start = None
    if start is not None:
        spans.append([round(float(start), 2), round(float(t[-1]), 2)])
    return spans
