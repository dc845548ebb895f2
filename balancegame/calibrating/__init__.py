"""Calibration for this patient (issue 10, parts 6-10), pure: no pygame, no database.

* :mod:`~.record`: a calibration as the program uses it (kind, date, protocol version,
  camera set-up, standing or seated, both sides or one, results with units and method),
  read from a stored row or refused with the reason;
* :mod:`~.neutral`: the neutral stance, a short quiet stand: the middle, the body scale
  (patient height, checked against MediaPipe's world landmarks) and the patient's own sway,
  from which the movement threshold comes;
* :mod:`~.reach`: one limits-of-stability try judged (moved, the wrong way, not at all,
  out of view, a step), and :mod:`~.limits`: three tries a direction, the best kept;
* :mod:`~.validity`: whether a calibration still holds (age, camera set-up, mode);
* :mod:`~.scaling`: levels scaled to the patient's own limits (weight-shift targets,
  dodge distances, one side only);
* :mod:`~.stored`: the newest usable calibration among the stored rows, reporting and
  skipping the corrupt ones.

The screens that run the protocols are in ``balancegame/game/scenes/`` (calibration
scenes); the protocols in words are ``calibration/README.md``.
"""
