"""Clinical reports of a patient's sessions (``balancegame report``): one self-contained
HTML page (or its PDF) for a therapist.

Stages, in the order the data flows:

* :mod:`~balancegame.report.selection`: which sessions (``--session``, ``--from``/``--to``);
* :mod:`~balancegame.report.data`: everything read once, read-only, into frozen records;
* :mod:`~balancegame.report.context`, :mod:`~balancegame.report.events`: the
  circumstances (conditions, supervision, camera, calibration, safety events) in words;
* :mod:`~balancegame.report.tables`, :mod:`~balancegame.report.fatigue`,
  :mod:`~balancegame.report.trends`, :mod:`~balancegame.report.adherence`: the figures
  (measures of :mod:`balancegame.session.measure_list`, decline within a session,
  progress against the patient's own baseline, sessions done against prescribed);
* :mod:`~balancegame.report.plots`, :mod:`~balancegame.report.trend_plots`: matplotlib
  (Agg) figures as base64 PNG;
* :mod:`~balancegame.report.html`, :mod:`~balancegame.report.sections`,
  :mod:`~balancegame.report.session_section`: the page;
* :mod:`~balancegame.report.pdf`: headless Chromium prints it;
  :mod:`~balancegame.report.build`: :func:`write_report` puts it together.

No norms are used or shown: none exist for webcam centre-of-mass sway.  docs/reports.md
describes each section and what it reads.
"""
