"""Issue 11, part 4: ``balancegame report`` on sessions the demo puppet's body played.

Three sessions over two weeks (tests/helpers/report_sessions.py): real summaries,
trials, CoM samples and events, among them a pause (nobody in view), two two-hour-rule
answers (one making the session lighter) and a dual-task cost on both sides.
"""

from __future__ import annotations

import base64
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from html import unescape

import numpy as np
import pytest
from helpers.report_sessions import PATIENT, make_sessions

from balancegame.cli import main
from balancegame.errors import ReportError
from balancegame.measures.sway import sway_measures
from balancegame.report import adherence, events, fatigue, pdf, plots, trends
from balancegame.report.build import report_html
from balancegame.report.context import MISSING
from balancegame.report.data import read_report_data
from balancegame.report.selection import Selection
from balancegame.report.tables import Table, format_value, measure_tables, unit_of
from balancegame.session.measure_list import MEASURES

MADE = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "log.sqlite3"
    assert make_sessions(path) == [1, 2, 3]
    return path


@pytest.fixture(scope="module")
def data(db):
    return read_report_data(db, PATIENT, Selection(), UTC)


@pytest.fixture(scope="module")
def html(data) -> str:
    return report_html(data, UTC, MADE, MADE.date())


def test_the_page_refers_to_nothing_outside_itself(html) -> None:
    assert "http://" not in html and "https://" not in html
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert "url(" not in html and "@font-face" not in html
    for src in re.findall(r'src="([^"]*)"', html):
        assert src.startswith("data:image/png;base64,")
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.startswith("#") and f'id="{href[1:]}"' in html


def test_every_plot_is_an_embedded_png(html, data) -> None:
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    runs = [r for s in data.sessions for r in s.runs]
    timed = [r for r in runs if any(t.rt_ms is not None for t in r.trials)]
    # a stabilogram per run, a reaction-time plot per run with reaction times, and the
    # trends of the two levels played in more than one session
    assert len(images) == len(runs) + len(timed) + 2
    for b64 in images:
        assert base64.b64decode(b64).startswith(b"\x89PNG\r\n\x1a\n")
    assert html.count("<img ") == len(images) and 'alt=""' not in html


def test_the_header_says_what_is_known_and_what_is_not(html) -> None:
    head = html[:html.index('id="progress"')]
    for words in (f"Balance training report: {PATIENT}", "2 Mar 2026 to 9 Mar 2026",
                  "no program (levels chosen one by one)", "balancegame test",
                  "heel to toe (tandem)", "counting backwards by 3",
                  "the built-in demo person", "No normative values exist"):
        assert words in head, words
    # neither supervision, nor the camera's set-up, nor a calibration is stored today
    for label in ("Supervised or at home", "Camera set-up", "Calibration age"):
        assert re.search(f"<th scope=\"row\">{label}</th><td>not recorded", head), label
    assert "<title>Balance training report P017, every session</title>" in html


def test_measures_come_from_the_measure_list_and_missing_is_a_dash(data) -> None:
    known = {m.name: m for m in MEASURES}
    stance = data.sessions[0].runs[1]
    assert stance.level_type == "quiet_stance"
    for run in (r for s in data.sessions for r in s.runs):
        for t in measure_tables(run):
            if not isinstance(t, Table):
                continue
            for row in t.rows:
                m = known[row.code]
                assert row.unit == unit_of(m) and row.label == m.definition
                if m.value(run.summary) is None:
                    assert row.value == MISSING
    tables = {t.title: t for t in measure_tables(stance)}
    assert tables["Reaction time"].note == "Not measured in this level."
    recording = {r.code: r.value for r in tables[next(t for t in tables
                                                      if t.startswith("About"))].rows}
    assert recording["latency_ms_p95"] == MISSING  # not measured: a dash, not 0
    assert format_value(None, known["rt_ms_median"]) == "\u2014"
    assert format_value(0, known["n_hit"]) == "0"  # a real zero stays a zero


def test_the_html_shows_missing_values_as_dashes_not_zeros(html) -> None:
    assert '<td class="num">\u2014</td><td>ms</td><td>latency_ms_p95</td>' in html
    assert re.search(r'<td class="num">0(\.0+)?</td><td>ms</td>', html) is None


def test_the_trends_have_the_patients_own_baseline_band_and_marks(data) -> None:
    found = {t.level_name: t for t in trends.level_trends(data)}
    dodge = {t.measure.name: t for t in found["dodge-gentle"].trends}
    rt = dodge["rt_ms_median"]
    values = [p.value for p in rt.points]
    assert len(values) == 3 and rt.baseline == pytest.approx(np.mean(values))
    assert rt.band.how.startswith("baseline mean ± 2 SD of the first 3 sessions")
    assert rt.band.high - rt.band.low == pytest.approx(4 * np.std(values, ddof=1))
    assert dict(found["dodge-gentle"].marks) == {1: "first session",
                                                  3: "lighter (two-hour rule)"}
    history = list(data.history)
    history[2] = replace(history[2], settings_json='{"program": "home-dodge-intervals"}')
    changed = {t.level_name: t for t in trends.level_trends(replace(data, history=tuple(
        history)))}
    assert dict(changed["dodge-gentle"].marks)[3] == ("lighter (two-hour rule), program: "
                                                      "home-dodge-intervals")
    stance = {t.measure.name: t for t in found["stance-tandem"].trends}
    assert stance["stance_sway_rms_ml_cm"].band is None  # 2 sessions, no known noise
    assert stance["longest_stance_s"].band.how.startswith("baseline ± 2 ")
    assert dict(found["dual-task-spoken-3s"].marks) == {3: "first played"}


def test_adherence_per_week_against_what_is_prescribed(data) -> None:
    weeks = adherence.weeks(data, UTC, date(2026, 3, 10), program_goal=lambda name: 4)
    assert [(w.monday, w.sessions, w.training_days) for w in weeks] == [
        (date(2026, 3, 2), 2, 2), (date(2026, 3, 9), 1, 1)]
    assert weeks[0].goal is None and weeks[0].pct is None  # nothing stored: not prescribed
    assert weeks[1].goal == adherence.Goal(3, "as prescribed with the session")
    assert weeks[1].pct == pytest.approx(100 / 3) and weeks[1].in_progress
    played = replace(data.history[0], settings_json='{"program": "home-dodge-intervals"}')
    goal = adherence.stored_goal(played, lambda name: 4 if name == "home-dodge-intervals"
                                 else None)
    assert goal.per_week == 4 and "read from its file today" in goal.source
    assert adherence.program_goal_from_files("home-dodge-intervals") == 3  # the shipped file
    assert adherence.program_goal_from_files("no-such-program") is None


def test_decline_within_a_level_and_its_events(data) -> None:
    dodge = data.sessions[1].runs[0]
    found = {d.what: d for d in fatigue.run_decline(dodge)}
    timed = sorted((t for t in dodge.trials if t.rt_ms is not None),
                   key=lambda t: t.stimulus_onset_t_s)
    k = len(timed) // 3
    rt = found["median reaction time"]
    assert rt.early == np.median([t.rt_ms for t in timed[:k]])
    assert rt.late == np.median([t.rt_ms for t in timed[-k:]])
    [(start, end, words)] = events.pause_spans(dodge)
    assert 25.0 <= start < 26.0 and end > 28.0 and words == "tracking lost"
    lines = events.safety_lines(data.sessions[1])
    assert [ln.words for ln in lines][:2] == ["paused: the person left the camera's view",
                                              "a trial was cancelled by a pause"]
    assert events.two_hour_answers(data.sessions[0]) == []
    [answer] = events.two_hour_answers(data.sessions[2])
    assert answer.startswith("no: ") and "lighter: Dodge the walls: 60 s -> 45 s" in answer


def test_the_dual_task_cost_is_shown_with_its_convention(html) -> None:
    section = html[html.index("<h3>Dual-task cost</h3>"):]
    section = section[:section.index("</table>") + 400]
    for words in ("dual-task-spoken-3s against stance-feet-together (balance) and "
                  "counting-seated (thinking)", "correct answers a minute", "answers correct",
                  "sway RMS (ML)", "negative = a dual-task cost"):
        assert words in section, words
    assert "<td>%</td>" in section  # accuracy, a stored share, shown as a percentage


def test_the_planar_ellipse_has_the_area_of_the_sway_measures() -> None:
    rng = np.random.default_rng(3)
    ml, ap = rng.normal(0, 1.0, 400), rng.normal(0, 0.5, 400)
    ap += 0.4 * ml  # a tilted ellipse
    image, area = plots.ml_ap(ml, ap)
    expected = sway_measures(np.arange(400) / 30.0, ml, ap).ellipse95_area_cm2
    assert area == pytest.approx(expected, rel=1e-9)
    assert base64.b64decode(image).startswith(b"\x89PNG")


def test_stored_circumstances_are_shown_when_a_session_has_them(tmp_path) -> None:
    from helpers.puppet_play import play_session

    from balancegame.prescription.library import LevelLibrary
    from balancegame.session.storage import Database

    path = tmp_path / "one.sqlite3"
    settings = {"supervised": False, "sessions_per_week": 5,
                "calibration": {"calibrated_utc": "2020-01-01T00:00:00+00:00"},
                "camera_setup": {"camera": "camera:0", "resolution_px": [1280, 720],
                                 "brightness": 131.4, "patient_height_fraction": 0.74,
                                 "patient_centre_x_fraction": 0.5}}
    with Database.open(path) as db:
        sid = play_session([LevelLibrary.shipped().level("stance-tandem")], db, 1, "P020",
                           settings=settings, before=lambda log, clock: log.event(
                               "fatigue_rating", clock.now_s(),
                               {"rating": 6, "scale": "0-10", "when": "before"}))
        db.end_session(sid, "completed", "finished")
    text = report_html(read_report_data(path, "P020", Selection(), UTC), UTC, MADE)
    for words in ("unsupervised", "1280 x 720 px, brightness 131 of 255, the patient 74 % of "
                  "the image height, centred at 50 % of its width",
                  "6 on 0-10 (before)", "5 days", "as prescribed with the session"):
        assert words in text, words
    assert re.search(r"Calibration of the patient</th><td>\d+ days old", text)
    assert "Only one session so far: no trend yet." in text


@pytest.mark.parametrize("args, words", [
    (["--patient", "P404"], "no patient 'P404'"),
    (["--patient", "P017", "--session", "99"], "no session 99"),
    (["--patient", "P017", "--from", "2027-01-01", "--to", "2027-01-31"],
     "no session from 2027-01-01 to 2027-01-31"),
    (["--patient", "P017", "--from", "1 March"], "--from '1 March' is not a date"),
    (["--patient", "P017", "--to", "2026-02-30"], "--to '2026-02-30' is not a date"),
    (["--patient", "P017", "--from", "2026-03-09", "--to", "2026-03-01"], "is after --to"),
    (["--patient", "P017", "--session", "1", "--from", "2026-03-01"], "reports one session"),
    (["--patient", "P017", "--format", "pdf"], "does not fit the file name"),
    (["--patient", "bad code"], "cannot be used"),
])
def test_bad_input_is_one_sentence_and_writes_nothing(args, words, db, tmp_path,
                                                      capsys) -> None:
    out = tmp_path / "r.html"
    out.write_text("the report before", encoding="utf-8")
    assert main(["report", "--db", str(db), "--out", str(out), "--force", *args]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and err.startswith("balancegame: ")
    if "P404" in args:  # other patients' codes are not listed
        assert "P017" not in err
    assert out.read_text(encoding="utf-8") == "the report before"  # untouched
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]  # no temporary file left


def test_the_command_writes_once_and_replaces_only_with_force(db, tmp_path, capsys) -> None:
    out = tmp_path / "P017.html"
    base = ["report", "--db", str(db), "--patient", "P017", "--out", str(out)]
    assert main([*base, "--session", "2"]) == 0
    assert "Wrote the HTML report of P017 (1 session)" in capsys.readouterr().out
    first = out.read_text(encoding="utf-8")
    assert "Session 2, 4 Mar 2026" in first and "Session 1, 2 Mar" not in first
    assert main(base) == 2 and "already exists" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == first
    assert main([*base, "--from", "2026-03-03", "--to", "2026-03-09", "--force"]) == 0
    both = out.read_text(encoding="utf-8")
    assert "Session 2, 4 Mar" in both and "Session 3, 9 Mar" in both
    assert main(["report", "--db", str(db), "--patient", "P017", "--out", str(db),
                 "--force"]) == 2  # never over the database


def test_without_chromium_a_pdf_is_refused_with_the_fix(db, tmp_path, monkeypatch,
                                                        capsys) -> None:
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    out = tmp_path / "r.pdf"
    with pytest.raises(ReportError, match="Chromium"):
        pdf.html_to_pdf("<html></html>")
    assert main(["report", "--db", str(db), "--patient", "P017", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "needs the Chromium browser" in err and "apt-get install chromium" in err
    assert not out.exists()


def test_a_level_cut_off_by_a_crash_and_an_empty_session_are_reported(tmp_path) -> None:
    from helpers.scripted_tracker import signals

    from balancegame.session.storage import Database

    path = tmp_path / "crash.sqlite3"
    with Database.open(path) as db:
        db.ensure_patient("P030")
        empty = db.start_session("P030", source="camera:0", app_version="0.1.0", seed=1,
                                 settings={})
        db.end_session(empty, "aborted", "ended by the supervisor (Esc)")
        sid = db.start_session("P030", source="camera:0", app_version="0.1.0", seed=2,
                               settings={})
        run = db.start_level_run(sid, level_name="stance-tandem", level_file="x.toml",
                                 level_definition='type = "quiet_stance"\ntitle = "Stand"',
                                 difficulty={"countdown_s": 8.0}, started_t_s=0.0,
                                 scale_method="trunk length", cm_per_px=0.4)
        db.add_samples(run, [signals(i / 30, com_ml_cm=0.1 * np.sin(i / 9),
                                     com_ml_raw_cm=0.1 * np.sin(i / 9)) for i in range(90)])
        db.add_event(sid, kind="fall_suspected", t_s=2.5, level_run_id=run)
    with Database.open(path):  # the next start closes the session a crash left open
        pass
    text = unescape(report_html(read_report_data(path, "P030", Selection(), UTC), UTC, MADE))
    assert "No measures: the program stopped before this level's end was saved" in text
    assert "interrupted (the program stopped)" in text
    assert "paused: a sudden drop of the body (a possible fall)" in text
    assert "no level was started" in text and "webcam (camera:0)" in text
    assert text.count("data:image/png;base64,") == 1  # the crashed run's stabilogram


def test_prescription_changes_are_marked_at_the_first_session_after_them(data) -> None:
    from balancegame.session.storage.records import PrescriptionChangeRecord

    second = data.history[1].started_utc  # changed just before session 2 began
    change = PrescriptionChangeRecord(1, PATIENT, second,
                                      "sessions_per_week", "2", "3", "", "therapist mode")
    found = {t.level_name: t for t in trends.level_trends(
        replace(data, prescription_changes=(change,)))}
    assert dict(found["dodge-gentle"].marks)[2] == "prescription: sessions per week"
    late = replace(change, changed_utc="2099-01-01T00:00:00Z")  # after every session
    found = {t.level_name: t for t in trends.level_trends(
        replace(data, prescription_changes=(late,)))}
    assert 2 not in dict(found["dodge-gentle"].marks)
