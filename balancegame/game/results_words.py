"""What the results screen says after a level: true, in plain words, encouraging.

Praise only what happened: "Well done!" needs the level's aim reached (most of
the walls avoided, the whole stance held, the turns as wide and as fast as
prescribed); otherwise the screen states what was done against what was asked
and gives one tip for next time.  A level cut short says so.  Pure: a summary
(the level scene's) in, words out, so every case is tested without a screen.
"""

from __future__ import annotations

from dataclasses import dataclass

GOOD_SHARE = 0.8  # the share of the aim that earns "Well done!"


@dataclass(frozen=True)
class ResultsWords:
    title: str
    praise: bool  # the title praises: drawn in the success colour
    lines: tuple[str, ...]  # at most two large lines of figures
    tip: str = ""  # one sentence for next time, or ""
    note: str = ""  # for the therapist: the dual-task cost, when it was just computed


def _n(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) \
        else None


def _share(done: float | None, asked: float | None) -> float | None:
    return done / asked if done is not None and asked else None


def results_words(s: dict, status: str = "completed") -> ResultsWords:
    kind = s.get("type")
    words = {"obstacle_dodge": _dodge, "weight_shift": _reach, "dual_task": _dual,
             "quiet_stance": _stance, "gaze_stabilisation": _gaze, "stepping": _stepping}
    title, praise, lines, tip = words.get(kind, _other)(s)
    if status != "completed":
        title, praise = "Stopped early", False
        tip = "What you did is saved."
    return ResultsWords(title, praise, tuple(x for x in lines if x), tip,
                        _cost_note(s.get("dual_task_effect")))


COST_WORDS = {"correct_per_min": "counting", "rt_ms_median": "reaction time",
              "moved_in_time_share": "moving in time", "sway_rms_ml_cm": "sway"}


def _cost_note(costs: dict | None) -> str:
    """"Dual-task cost: counting -20 %, reaction time -12 %" (negative = a cost)."""
    if not costs:
        return ""
    parts = [f"{COST_WORDS[e['measure']]} {e['dte_pct']:+.0f} %"
             for e in (*costs.get("cognitive", ()), *costs.get("motor", ()))
             if e["measure"] in COST_WORDS]
    return ("Dual-task effect: " + ", ".join(parts) + " (minus = a cost)") if parts else ""


def _verdict(share: float | None) -> tuple[str, bool]:
    good = share is not None and share >= GOOD_SHARE
    return ("Well done!" if good else "Level finished"), good


def _successes(s: dict, word: str, tip: str) -> tuple:
    n = int(s.get("n_trials") or 0)
    good = sum(c for o, c in s.get("outcomes", {}).items()
               if o in ("avoided", "reached", "correct", "completed"))
    if n == 0:
        return "Level finished", False, [], ""
    title, praise = _verdict(good / n)
    rt = _n(s.get("rt_ms_median"))
    return (title, praise, [f"{word} {good} of {n}",
                            f"Reaction time {rt:.0f} ms" if rt is not None else ""],
            "" if praise else tip)


def _dodge(s: dict) -> tuple:
    return _successes(s, "Avoided", "Next time, move a little further into the gap.")


def _reach(s: dict) -> tuple:
    return _successes(s, "Reached", "Next time, lean a little further and hold it there.")


def _dual(s: dict) -> tuple:
    n = int(s.get("n_trials") or 0)
    if n == 0:
        nothing = "No answers were marked" if s.get("mode") == "spoken" else "No questions came"
        return "Level finished", False, [nothing], ""
    correct = int(s.get("n_correct") or 0)
    title, praise = _verdict(correct / n)
    rate = _n(s.get("correct_per_min"))
    return (title, praise, [f"Correct {correct} of {n}",
                            f"{rate:.0f} correct a minute" if rate is not None else ""],
            "" if praise else "Take your time with each number.")


def _stance(s: dict) -> tuple:
    longest, planned = _n(s.get("longest_stance_s")), _n(s.get("duration_planned_s"))
    if longest is None:
        return "Level finished", False, [], ""
    if s.get("completed_full_time"):
        return "Well done!", True, [f"You stood still for {longest:.0f} s"], ""
    tip = "Keep a chair or counter within reach." if s.get("n_losses") else ""
    return ("Level finished", False,
            [f"You stood still for {longest:.0f} s of {planned:.0f} s" if planned
             else f"You stood still for {longest:.0f} s"], tip)


def _gaze(s: dict) -> tuple:
    amp, amp_asked = _n(s.get("amplitude_deg")), _n(s.get("amplitude_prescribed_deg"))
    rate, rate_asked = _n(s.get("turns_per_min")), _n(s.get("metronome_bpm"))
    if amp is None or rate is None:
        return "Level finished", False, ["Your head turns could not be measured"], ""
    amp_share, rate_share = _share(amp, amp_asked), _share(rate, rate_asked)
    tips = []
    if amp_share is not None and amp_share < GOOD_SHARE:
        tips.append("try turning a little further")
    if rate_share is not None and rate_share < GOOD_SHARE:
        tips.append("try to keep up with the beat")
    elif rate_share is not None and rate_share > 2 - GOOD_SHARE:
        tips.append("turn with the beat, not faster")
    title, praise = ("Level finished", False) if tips else ("Well done!", True)
    lines = [f"Head turns: {amp:.0f}° of {amp_asked:.0f}°" if amp_asked else f"{amp:.0f}°",
             f"{rate:.0f} turns a minute ({rate_asked:.0f} asked)" if rate_asked
             else f"{rate:.0f} turns a minute"]
    return title, praise, lines, ("Next time, " + " and ".join(tips) + ".") if tips else ""


def _stepping(s: dict) -> tuple:
    steps, cadence = _n(s.get("n_steps")), _n(s.get("cadence_spm"))
    asked = _n(s.get("target_cadence_spm"))
    if not steps:
        return ("Level finished", False, ["No steps were seen"],
                "Next time, lift your feet a little higher.")
    share = _share(cadence, asked)
    ok = share is not None and GOOD_SHARE <= share <= 2 - GOOD_SHARE
    tip = "" if ok else ("Next time, try to keep up with the beat." if share is not None and
                         share < GOOD_SHARE else "Next time, step with the beat.")
    return (("Well done!" if ok else "Level finished"), ok,
            [f"{steps:.0f} steps", f"{cadence:.0f} steps a minute ({asked:.0f} asked)"
             if cadence is not None and asked else ""], tip)


def _other(s: dict) -> tuple:
    return _successes(s, "Success", "")
