"""Progress a patient can feel: stars per level, a weekly goal with a streak, and what
improved, always against the patient's own earlier results and never praising what
did not happen.

Pure: level summaries in (this session's, and the earlier ones the database holds,
:meth:`~balancegame.session.storage.database.Database.level_summaries`), figures and
words out.  The game shows them (results and end screens); nothing here is stored.

The rules, in one place (the README says the same for patients and therapists):

* **Comparable runs.** A run is compared only with runs of the same level file name
  played at the same difficulty (every number and choice the same: a session made
  lighter by the two-hour rule, or a level the therapist changed, starts afresh), and
  only runs played to the end ("completed") count.  Levels that adapt their
  difficulty while played are not compared on their success share (the staircase
  holds it near its target by design), only on reaction time.
* **Stars (0-3) per level run.** None for a level not played to the end.  Otherwise
  one for finishing it, one for reaching its aim (the results screen's "Well done!"),
  one for a main figure at least as good as the best of every earlier comparable run
  (this session's earlier bouts included); a first run has nothing to beat, so no
  third star.  The main figure: the share of walls avoided / targets reached, correct
  answers a minute, the longest time standing still, the head-turn size, the steps a
  minute; figures above what the level asked for (turns wider, steps faster than
  prescribed) count as what was asked, so going beyond the prescription never earns more.
* **What improved** (end of session): for each level played to the end today, its
  figures against the last earlier *session* with a comparable run (the best run of
  each side when there were several bouts).  A figure improved only by more than its
  ``min_change`` (the measurement's own noise: 50 ms of reaction time, 5 points of
  success share, ...), so noise is never called progress.
* **Weekly goal and streak**: :mod:`balancegame.progress.weekly`.
"""
