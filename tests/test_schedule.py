"""The program schedule (curriculum/program.yml, hooks/iopcurriculum/schedule): parsing, each
check with its `path:line` message, the pages of both editions (the participant one with no staff
text, by the leak gate), the one-page sheets, the calendar file, and real builds.
The browser test of the schedule pages is in test_browser.py (it uses that file's built sites)."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
import textstat
from conftest import MARKER, REPO, make_project, run_build

from iopcurriculum import edition as ed
from iopcurriculum import leakgate, load
from iopcurriculum.printing.render import render_all
from iopcurriculum.problems import ERROR, WARNING
from iopcurriculum.schedule import collect, ics, pages, sheet, staff_texts, write_files

DAYS = """\
days:
  - day: monday
    start: "18:00"
  - day: wednesday
    start: "18:00"
  - day: thursday
    start: "18:00"
"""
BLOCKS = """\
blocks:
  - kind: psychoeducation
    slot: session
    minutes: 90
  - kind: break
    minutes: 15
  - kind: process
    minutes: 90
    note: NOTE-ONE watch for anyone who goes quiet after the session tonight.
"""
ROTATION = """\
rotation:
  - week: 1
    monday: stages-of-recovery
    wednesday: withdrawal
    thursday: triggers
  - week: 2
    monday: {module: cravings, note: NOTE-TWO bring the urge surfing audio and a speaker for it.}
    wednesday: relapse-prevention-plan
"""
GOOD = f'level_of_care: "2.1"\nweeks: 4\nstart_date: 2026-11-30\n{DAYS}{BLOCKS}{ROTATION}'
# The five modules these programs schedule; any other module of the curriculum is listed as
# optional, so the tests hold as modules are added.
SCHEDULED = ("stages-of-recovery", "withdrawal", "triggers", "cravings", "relapse-prevention-plan")


def curriculum_with(tmp_path: Path, program: str | None, *, retire: str | None = None) -> Path:
    """A copy of the real curriculum with this program.yml (None: without one)."""
    root = tmp_path / "curriculum"
    shutil.copytree(REPO / "curriculum", root)
    (root / "program.yml").unlink(missing_ok=True)
    if program is not None and program.startswith("level_of_care"):
        others = ", ".join(sorted(p.stem for p in (root / "modules").glob("*.md") if p.stem not in SCHEDULED))
        if others and "optional: [" in program:
            program = program.replace("optional: [", f"optional: [{others}, ", 1)
        elif others:
            program += f"optional: [{others}]\n"
    if program is not None:
        (root / "program.yml").write_text(program, encoding="utf-8")
    if retire:
        path = root / "modules" / f"{retire}.md"
        path.write_text(path.read_text(encoding="utf-8").replace("status: draft", "status: retired"),
                        encoding="utf-8")
    return root


def check(tmp_path: Path, program: str | None, **options):
    """(program, [str(problem)], [problem]) for this program.yml."""
    root = curriculum_with(tmp_path, program, **options)
    found: list = []
    curriculum = load.collect(root, found)
    before = sum(len(g.items) for g in found)
    result = collect(root, curriculum, found)
    problems = [p for g in found for p in g.items][before:]
    return result, [str(p) for p in problems], problems


def only(tmp_path, program, **options) -> list[str]:
    return check(tmp_path, program, **options)[1]


# ---------------------------------------------------------------- parsing

def test_the_shipped_program_reads_with_no_problem(tmp_path):
    found: list = []
    curriculum = load.collect(REPO / "curriculum", found)
    program = collect(REPO / "curriculum", curriculum, found)
    assert [str(p) for g in found for p in g.items] == []
    assert program.weeks == 12 and [d.name for d in program.days] == ["monday", "wednesday", "thursday"]
    assert program.weekly_hours == 9 and program.hours == (9, 19)
    scheduled = [s.module.id for s in program.sessions.values() if s.module]
    # Orientation every week, for whoever joins it; every other session once a cycle, or optional.
    assert scheduled.count("orientation") == 12 and len(scheduled) == len(set(scheduled)) + 11
    assert set(scheduled) | set(program.optional) == {m.id for m in curriculum.modules}


def test_parsing_gives_times_slots_sessions_and_notes(tmp_path):
    program, problems, _ = check(tmp_path, GOOD)
    assert problems == []
    monday = program.days[0]
    assert [(b.kind, b.start, b.minutes, b.slot) for b in monday.blocks] == [
        ("psychoeducation", 18 * 60, 90, "session"), ("break", 19 * 60 + 30, 15, None),
        ("process", 19 * 60 + 45, 90, None)]
    assert program.sessions[(1, "thursday", "session")].module.id == "triggers"
    cravings = program.sessions[(2, "monday", "session")]
    assert cravings.module.id == "cravings" and cravings.note.startswith("NOTE-TWO") and cravings.line == 26
    assert (2, "thursday", "session") not in program.sessions  # an open slot
    assert program.date_of(2, program.days[2]) == dt.date(2026, 12, 10)


def test_a_curriculum_without_program_yml_has_no_schedule(tmp_path):
    assert check(tmp_path, None) == (None, [], [])


def test_every_week_and_named_slots_and_the_adolescent_range(tmp_path):
    program_text = (f'level_of_care: "2.1"\npopulation: adolescents\nweeks: 2\n'
                    'days:\n  - day: tuesday\n    start: "16:00"\n  - day: thursday\n    start: "16:00"\n'
                    'blocks:\n  - {kind: psychoeducation, slot: first, minutes: 90}\n  - {kind: break, minutes: 10}\n'
                    '  - {kind: skills, slot: second, minutes: 90}\n'
                    'every_week:\n  tuesday: {first: stages-of-recovery}\n'
                    'rotation:\n  - week: 1\n    tuesday: {second: cravings}\n    thursday: {first: withdrawal, second: triggers}\n'
                    '  - week: 2\n    thursday: {second: relapse-prevention-plan}\n')
    program, problems, _ = check(tmp_path, program_text)
    assert problems == []
    assert program.weekly_hours == 6 and program.hours == (6, 19)  # adults would need 9
    assert [program.sessions[(w, "tuesday", "first")].module.id for w in (1, 2)] == ["stages-of-recovery"] * 2


# ---------------------------------------------------------------- each check, with its path:line

def test_weekly_hours_outside_the_level_s_range(tmp_path):
    one_day = GOOD.replace('  - day: wednesday\n    start: "18:00"\n  - day: thursday\n    start: "18:00"\n', "")
    one_day = one_day.replace("    wednesday: withdrawal\n    thursday: triggers\n", "").replace(
        "    wednesday: relapse-prevention-plan\n", "")
    one_day += "optional: [withdrawal, triggers, relapse-prevention-plan]\n"
    assert only(tmp_path / "a", one_day) == [
        "curriculum/program.yml:4: the program days add up to 3 hours of groups a week (breaks not counted); "
        "ASAM Level 2.1, intensive outpatient for adults is 9 to 19 hours"]
    # The program's own range overrides the level's.
    assert only(tmp_path / "b", one_day + "hours_per_week: [3, 6]\n") == []
    assert only(tmp_path / "c", one_day + "hours_per_week: [4, 6]\n") == [
        "curriculum/program.yml:22: the program days add up to 3 hours of groups a week (breaks not counted); "
        "the program's hours_per_week is 4 to 6 hours"]


def test_a_module_longer_than_its_slot(tmp_path):
    short = GOOD.replace("    slot: session\n    minutes: 90", "    slot: session\n    minutes: 60").replace(
        "  - kind: process\n    minutes: 90", "  - kind: process\n    minutes: 120")
    problems = only(tmp_path, short)
    assert "curriculum/program.yml:22: module 'stages-of-recovery' takes 90 minutes, longer than the " \
           "60-minute 'session' slot on monday (week 1)" in problems
    assert len([p for p in problems if "longer than the" in p]) == 5


def test_a_module_that_does_not_exist_or_is_retired(tmp_path):
    problems = only(tmp_path / "a", GOOD.replace("thursday: triggers", "thursday: trigers"))
    assert len(problems) == 2
    assert problems[0].startswith("curriculum/program.yml:24: there is no module 'trigers' (modules: ")
    assert ", triggers, " in problems[0]
    assert problems[1] == ("curriculum/program.yml:20: module 'triggers' is not scheduled in any week; add it to "
                           "the rotation, or list it under 'optional'")
    assert only(tmp_path / "b", GOOD, retire="withdrawal") == [
        "curriculum/program.yml:23: module 'withdrawal' is retired; schedule another module, or leave the slot "
        "open (~)"]


def test_a_module_scheduled_nowhere_is_a_warning_unless_optional(tmp_path):
    without = GOOD.replace("    wednesday: relapse-prevention-plan\n", "")
    _, problems, raw = check(tmp_path / "a", without)
    assert problems == ["curriculum/program.yml:20: module 'relapse-prevention-plan' is not scheduled in any "
                        "week; add it to the rotation, or list it under 'optional'"]
    assert raw[0].level == WARNING
    assert only(tmp_path / "b", without + "optional: [relapse-prevention-plan]\n") == []


def test_more_than_90_minutes_of_groups_with_no_break_is_a_warning(tmp_path):
    no_break = GOOD.replace("  - kind: break\n    minutes: 15\n", "")
    _, problems, raw = check(tmp_path / "a", no_break)
    assert problems == ["curriculum/program.yml:12: monday: 180 minutes of groups from 18:00 to 21:00 with no break "
                        "(more than 90); add a break block"]  # the blocks all days share: once
    assert {p.level for p in raw} == {WARNING}
    # A gap between blocks is a rest too.
    gap = no_break.replace("  - kind: process\n    minutes: 90", '  - kind: process\n    start: "19:45"\n    minutes: 90')
    assert only(tmp_path / "b", gap) == []


def test_overlapping_blocks(tmp_path):
    overlap = GOOD.replace("  - kind: process\n    minutes: 90", '  - kind: process\n    start: "19:40"\n    minutes: 90')
    _, problems, raw = check(tmp_path, overlap)
    assert problems == ["curriculum/program.yml:18: blocks overlap on monday: this block starts at 19:40, but the "
                        "block before it (Break) ends at 19:45"]
    assert raw[0].level == ERROR


@pytest.mark.parametrize("text, expected", [
    ("weeks: [\n", "curriculum/program.yml:2: YAML cannot be read"),
    ("- a list\n- not a mapping\n", "curriculum/program.yml:1: program.yml must be a set of 'key: value' lines"),
    ("weeks: 4\nbase: &b 1\n", "curriculum/program.yml:2: YAML anchors are not allowed ('&b')"),
    (GOOD.replace('start: "18:00"', "start: 18:00", 1),
     "curriculum/program.yml:6: 'start' must be a time of day written \"HH:MM\", 24-hour clock, like \"18:00\" "
     "(write it in quotes: YAML reads 18:00 without quotes as a number), not 1080"),
    (GOOD.replace("start_date: 2026-11-30", "start_date: 2026-12-02"),
     "curriculum/program.yml:3: start_date 2026-12-02 is a Wednesday; week 1 starts on the first program day of "
     "the week, a Monday"),
    (GOOD.replace("start_date: 2026-11-30", "start_date: 2026-02-30"),
     "curriculum/program.yml:3: 'start_date' must be a date written YYYY-MM-DD, not '2026-02-30'"),
    (GOOD.replace('"2.1"', '"3.1"'), "curriculum/program.yml:1: 'level_of_care' must be one of 2.1"),
    (GOOD + "wekks: 2\n", "curriculum/program.yml:28: unknown key 'wekks' in program.yml (did you mean 'weeks'?)"),
    (GOOD + "  - week: 9\n", "curriculum/program.yml:28: week 9 is past the end of the cycle (4 weeks)"),
    (GOOD + "  - week: 1\n", "curriculum/program.yml:28: week 1 is listed twice (also on line 21)"),
    (GOOD + "  - week: 3\n    friday: cravings\n",
     "curriculum/program.yml:29: 'friday' is not a program day (program days: monday, wednesday, thursday)"),
    (GOOD + "  - week: 3\n    monday: {process: cravings}\n",
     "curriculum/program.yml:29: monday has no slot 'process' (its module slots: session)"),
    (GOOD + "every_week:\n  monday: cravings\n",
     "curriculum/program.yml:22: week 1, monday 'session' is filled twice (also on line 29)"),
    (GOOD + "time_zone: Mars/Olympus\n",
     "curriculum/program.yml:28: 'time_zone' 'Mars/Olympus' is not a time zone this machine knows"),
    (GOOD.replace("    note: NOTE-ONE", "    title: {en: Family group, fr: Groupe familial}\n    note: NOTE-ONE"),
     "curriculum/program.yml:19: 'title' has a title in 'fr', which is not a language of the curriculum "
     "(languages: en, es)"),
    (GOOD.replace("    note: NOTE-ONE", "    title: {es: Grupo familiar}\n    note: NOTE-ONE"),
     "curriculum/program.yml:19: 'title' needs the English title, under 'en'"),
    (GOOD.replace("    note: NOTE-ONE", "    title: {en: Family group, es: [Grupo]}\n    note: NOTE-ONE"),
     "curriculum/program.yml:19: 'title' must be text of at most 2000 characters, not ['Grupo']"),
])
def test_bad_input_is_a_clear_path_line_message(tmp_path, text, expected):
    result, problems, _ = check(tmp_path, text)
    assert result is None
    assert any(p.startswith(expected) for p in problems), problems


def test_every_problem_in_one_run(tmp_path):
    bad = (GOOD.replace("thursday: triggers", "thursday: nope").replace('"2.1"', '"9.9"')
           .replace("    minutes: 15\n", "    minutes: 0\n"))
    _, problems, _ = check(tmp_path, bad)
    assert len(problems) >= 3
    assert any("level_of_care" in p for p in problems)
    assert any("'minutes' must be a whole number" in p for p in problems)


def test_a_module_may_not_take_the_schedule_s_id(tmp_path):
    root = curriculum_with(tmp_path, GOOD)
    source = (root / "modules" / "cravings.md").read_text(encoding="utf-8").replace("id: cravings", "id: schedule")
    (root / "modules" / "schedule.md").write_text(source, encoding="utf-8")
    (root / "modules" / "cravings.md").unlink()
    found: list = []
    curriculum = load.collect(root, found)
    collect(root, curriculum, found)
    problems = [str(p) for g in found for p in g.items]
    assert "curriculum/modules/schedule.md:2: id 'schedule' is taken by the program schedule's page " \
           "(curriculum/program.yml); choose another id" in problems


# ---------------------------------------------------------------- pages

@pytest.fixture
def good(tmp_path):
    root = curriculum_with(tmp_path, GOOD)
    found: list = []
    curriculum = load.collect(root, found)
    program = collect(root, curriculum, found)
    assert [str(p) for g in found for p in g.items] == []
    return program, curriculum


def test_the_facilitator_page_shows_the_grid_hours_notes_and_links(good):
    program, curriculum = good
    page = pages.page(program, curriculum, ed.FACILITATOR, print_links=True).markdown
    assert page.startswith("---\ntitle: Program schedule\nschedule: true\nedition: facilitator\naudience: facilitator\n"
                           "language: en\n---")
    assert "9 hours (breaks not counted); this level: 9 to 19 hours, within the range" in page
    title = curriculum.module("stages-of-recovery").title
    assert f'<a href="../stages-of-recovery/">{title}</a>' in page
    assert "NOTE-ONE" in page and "NOTE-TWO" in page
    assert page.count('<tr data-cur-week="') == 4  # the weeks-by-days grid
    assert "### Week 2: Mon Dec 7, 2026 {#week-2}" in page
    assert 'href="../schedule.ics"' in page and 'href="../../pdf/facilitator/schedule.pdf"' in page
    assert page.count(">Open: no module yet<") == 2 * (4 * 3 - 5)  # grid, and week by week


def test_the_participant_page_is_plain_and_has_no_staff_text(good):
    program, curriculum = good
    page = pages.page(program, curriculum, ed.PARTICIPANT).markdown
    for staff in ("NOTE-ONE", "NOTE-TWO", "ASAM", "Facilitator", "facilitator notes", "Open: no module yet",
                  "schedule.ics", "Psychoeducation"):
        assert staff not in page
    assert f'<a href="../cravings/">{curriculum.module("cravings").handout_title}</a>' in page
    assert "Group meets 3 evenings a week: Monday, Wednesday and Thursday." in page
    assert "Get help now" in page
    # Plain language: grade 5 to 7. Only the prose (tags, list markers and headings dropped).
    prose = re.sub(r"<[^>]+>|^#+ .*$|^- |\{#[^}]*\}|\*\*", " ", page.split("---", 2)[2], flags=re.M)
    prose = prose.split("Get help now")[0]
    assert textstat.flesch_kincaid_grade(prose) <= 7, textstat.flesch_kincaid_grade(prose)


def test_the_leak_gate_knows_the_schedule_s_staff_notes(good, tmp_path):
    """The notes are fingerprinted as facilitator text: a participant file holding one fails."""
    program, curriculum = good
    prints = leakgate.fingerprints(curriculum, staff_texts(program))
    site = tmp_path / "site"
    (site / "participant" / "schedule").mkdir(parents=True)
    clean = site / "participant" / "schedule" / "index.html"
    clean.write_text(pages.page(program, curriculum, ed.PARTICIPANT).markdown, encoding="utf-8")
    assert leakgate.scan(site, [clean], prints) == []
    leaky = pages.page(program, curriculum, ed.FACILITATOR).markdown
    clean.write_text(leaky, encoding="utf-8")
    hits = [str(h) for h in leakgate.scan(site, [clean], prints)]
    assert any("curriculum/program.yml:19" in h and "note one watch for anyone" in h for h in hits), hits
    assert any("curriculum/program.yml:26" in h for h in hits), hits


def test_pages_sit_right_after_each_edition_s_index(good):
    program, curriculum = good
    from iopcurriculum import pages as site_pages
    built = site_pages.build_pages(curriculum, ed.EDITIONS)
    placed = pages.add_pages(built, pages.build_pages(program, curriculum, ed.EDITIONS))
    uris = [p.src_uri for p in placed]
    assert uris[uris.index("facilitator/index.md") + 1] == "facilitator/schedule.md"
    assert uris[uris.index("participant/index.md") + 1] == "participant/schedule.md"
    assert uris[uris.index("participant-es/index.md") + 1] == "participant-es/schedule.md"
    assert pages.build_pages(None, curriculum, ed.EDITIONS) == []


# ---------------------------------------------------------------- the Spanish schedule

TITLED = GOOD.replace("    note: NOTE-ONE",
                      "    title: {en: Sharing circle, es: Círculo para compartir}\n    note: NOTE-ONE")


@pytest.fixture
def spanish(tmp_path):
    """GOOD with the process group titled in English and Spanish, and relapse-prevention-plan not
    translated (nor continuing-care, whose translation links to it)."""
    root = curriculum_with(tmp_path, TITLED)
    for module_id in ("relapse-prevention-plan", "continuing-care"):
        (root / "modules" / "es" / f"{module_id}.md").unlink()
    found: list = []
    curriculum = load.collect(root, found)
    program = collect(root, curriculum, found)
    assert [str(p) for g in found for p in g.items] == []
    built = {p.src_uri: p.markdown for p in pages.build_pages(program, curriculum, ed.EDITIONS)}
    return program, curriculum, built["participant/schedule.md"], built["participant-es/schedule.md"]


def test_the_spanish_page_is_in_spanish_with_no_staff_text(spanish):
    _, _, english, page = spanish
    assert page.startswith("---\ntitle: Su semana en el programa\nschedule: true\nedition: participant-es\n"
                           "audience: participant\nlanguage: es\n---")
    for words in ("# Su semana en el programa\n", "## Qué pasa en una semana\n",
                  "El grupo se reúne 3 tardes a la semana: lunes, miércoles y jueves.\n",
                  "El grupo es de 6:00 p. m. a 9:15 p. m.\n",  # one period after "p. m."
                  "- **6:00 p. m.: Grupo de aprendizaje** (90 minutos). Aprendemos juntos sobre un tema.\n",
                  "- **7:45 p. m.: Círculo para compartir** (90 minutos).", "## Los temas, semana por semana\n",
                  "### Semana 2 {#week-2}", "<strong>Miércoles:</strong>", 'data-cur-label="miércoles"',
                  'data-cur-today="Hoy"', 'data-cur-next="Próximo grupo, {day}"', "Pida ayuda ahora",
                  "Recovery Skills, versión"):
        assert words in page, words
    for words in ("Group meets", "Learning group", "Sharing circle", "Topics, week by week", "Week 2", " pm",
                  "Get help now", "minutes", "Monday", "Topic to come"):
        assert words not in page, words
    for staff in ("NOTE-ONE", "NOTE-TWO", "ASAM", "Facilitator", "Open: no module yet", "schedule.ics",
                  "Psychoeducation"):
        assert staff not in page, staff
    # The English page keeps its words, and the English title.
    assert "- **7:45 pm: Sharing circle** (90 minutes)." in english and "Círculo" not in english


def test_the_spanish_page_links_spanish_handouts_and_marks_english_ones(spanish):
    program, curriculum, _, page = spanish
    cravings = curriculum.translation("es", "cravings").title
    plan = curriculum.module("relapse-prevention-plan").handout_title
    assert f'<a href="../cravings/">{cravings}</a>' in page
    assert (f'<a href="../../participant/relapse-prevention-plan/" hreflang="en" lang="en">{plan}</a> (en inglés)'
            in page)
    assert f"p. m. Grupo de habilidades: {plan}; " in page  # the "Tonight" line names it as the link does
    flat = pages.page(program, curriculum, "participant-es", ed.EDITIONS, directory_urls=False).markdown
    assert '<a href="cravings.html">' in flat
    assert '<a href="../participant/relapse-prevention-plan.html" hreflang="en"' in flat


def test_the_english_and_spanish_pages_link_to_each_other(spanish):
    program, curriculum, english, page = spanish
    assert ('<p class="cur-languages"><a href="../../participant-es/schedule/" hreflang="es" lang="es">'
            'Leer en español</a></p>') in english
    assert ('<p class="cur-languages"><a href="../../participant/schedule/" hreflang="en" lang="en">'
            'Read in English</a></p>') in page
    # Only to the languages built.
    assert "cur-languages" not in pages.page(program, curriculum, ed.PARTICIPANT, ed.AUDIENCES).markdown


def test_a_title_without_its_spanish_is_shown_in_english_marked(tmp_path):
    program, problems, _ = check(tmp_path, GOOD.replace("    note: NOTE-ONE", "    title: Sharing circle\n"
                                                                            "    note: NOTE-ONE"))
    assert problems == []
    curriculum = load.collect(tmp_path / "curriculum", [])
    page = pages.page(program, curriculum, "participant-es", ed.EDITIONS).markdown
    assert '- **7:45 p. m.: <span lang="en">Sharing circle</span>** (90 minutos).' in page
    staff = pages.page(program, curriculum, ed.FACILITATOR, ed.EDITIONS).markdown
    assert "Sharing circle" in staff


def test_every_kind_and_day_has_its_words_in_every_language():
    from iopcurriculum import strings
    from iopcurriculum.schedule import model, text
    for language in strings.languages():
        for kind in text.data()["kinds"]:
            assert text.plain_kind(kind, language) and text.about(kind, language), (language, kind)
        assert [text.day_name(day, language) for day in model.WEEKDAYS], language


# ---------------------------------------------------------------- the calendar file

def test_the_calendar_holds_every_group_of_the_cycle(good, tmp_path):
    program, curriculum = good
    written = write_files(program, curriculum, ed.EDITIONS, tmp_path)
    assert written == ["facilitator/schedule.ics"]
    calendar = icalendar.Calendar.from_ical((tmp_path / "facilitator" / "schedule.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == 4 * 3 * 2  # weeks x program days x groups (breaks are no events)
    starts = sorted(e.decoded("dtstart") for e in events)
    assert starts[0] == dt.datetime(2026, 11, 30, 18, 0) and starts[-1] == dt.datetime(2026, 12, 24, 19, 45)
    assert {e["rrule"].to_ical() for e in events} == {b"FREQ=WEEKLY;INTERVAL=4"}
    assert len({str(e["uid"]) for e in events}) == len(events)
    cravings = next(e for e in events if "Riding" in str(e["summary"]) or "Cravings" in str(e["summary"]))
    assert cravings.decoded("dtstart") == dt.datetime(2026, 12, 7, 18, 0)
    assert "NOTE-TWO" in str(cravings["description"])
    # The same program gives the same bytes.
    assert ics.calendar(program, curriculum) == (tmp_path / "facilitator" / "schedule.ics").read_bytes()


def test_the_calendar_in_a_time_zone_and_only_for_staff(tmp_path):
    program, problems, _ = check(tmp_path, GOOD.replace("weeks: 4", "weeks: 2") + "time_zone: America/Chicago\n")
    assert problems == []
    curriculum = load.collect(tmp_path / "curriculum", [])
    calendar = icalendar.Calendar.from_ical(ics.calendar(program, curriculum))
    assert len(calendar.walk("VEVENT")) == 2 * 3 * 2
    assert [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")] == ["America/Chicago"]
    first = min(e.decoded("dtstart") for e in calendar.walk("VEVENT"))
    assert first.utcoffset() == dt.timedelta(hours=-6)
    # No calendar file in a participant-only build, nor without a start date.
    assert write_files(program, curriculum, (ed.PARTICIPANT,), tmp_path / "p") == []
    program.start_date = None
    assert write_files(program, curriculum, ed.EDITIONS, tmp_path / "n") == []


# ---------------------------------------------------------------- the printed sheets

def test_each_edition_s_sheet_is_one_page_and_the_participant_one_has_no_notes(good, tmp_path):
    from pypdf import PdfReader
    program, curriculum = good
    jobs = sheet.jobs(program, curriculum, ed.EDITIONS, tmp_path)
    assert [j.name for j in jobs] == ["pdf/facilitator/schedule.pdf", "pdf/participant/schedule.pdf",
                                      "pdf/participant-es/schedule.pdf"]
    render_all(jobs, tmp_path / "cache", 1)
    texts = {}
    for job in jobs:
        reader = PdfReader(job.output)
        assert len(reader.pages) == 1, job.name
        texts[job.name] = " ".join(reader.pages[0].extract_text().split())
    assert "NOTE-TWO" in texts["pdf/facilitator/schedule.pdf"]
    assert curriculum.module("stages-of-recovery").handout_title in texts["pdf/participant/schedule.pdf"]
    spanish = texts["pdf/participant-es/schedule.pdf"]
    assert PdfReader(jobs[2].output).trailer["/Root"]["/Lang"] == "es"
    for words in ("Su semana en el programa", "El grupo se reúne 3 tardes a la semana: lunes, miércoles y jueves.",
                  "6:00 p. m. Grupo de aprendizaje (90 minutos). Aprendemos juntos sobre un tema.",
                  "Los temas, semana por semana", "Semana Lunes Miércoles Jueves",
                  curriculum.translation("es", "stages-of-recovery").title, "Pida ayuda ahora", "Página 1 de 1"):
        assert words in spanish, words
    for words in ("Learning group", "Topics", "Week", "Get help now", "Page 1"):
        assert words not in spanish, words
    for name in ("pdf/participant/schedule.pdf", "pdf/participant-es/schedule.pdf"):
        for staff in ("NOTE-ONE", "NOTE-TWO", "ASAM"):
            assert staff not in texts[name], (name, staff)
    import pdfplumber
    for job in jobs[1:]:  # the participant sheets: nothing under 12 pt
        with pdfplumber.open(job.output) as pdf:
            assert min(round(c["size"], 1) for c in pdf.pages[0].chars if c["text"].strip()) >= 12, job.name


def test_a_day_open_in_every_week_stays_in_the_grid(tmp_path):
    program, problems, _ = check(tmp_path, GOOD.replace("    thursday: triggers\n", "") + "optional: [triggers]\n")
    assert problems == []
    curriculum = load.collect(tmp_path / "curriculum", [])
    for job in sheet.jobs(program, curriculum, ed.EDITIONS, tmp_path):
        assert "Thursday:" not in job.source and "jueves:" not in job.source
        assert 'th[#"Thursday"]' in job.source or 'th[#"Jueves"]' in job.source, job.name


def test_the_spanish_sheet_marks_an_english_title(spanish, tmp_path):
    program, curriculum, _, _ = spanish
    job = sheet.jobs(program, curriculum, ("participant-es",), tmp_path)[0]
    plan = curriculum.module("relapse-prevention-plan").handout_title
    assert f'#text(lang: "en")[#"{plan}"] #"(en inglés)"' in job.source
    assert '#"Círculo para compartir"' in job.source and "Sharing circle" not in job.source


# ---------------------------------------------------------------- real builds

@pytest.fixture(scope="module")
def marked_builds(tmp_path_factory):
    """The real curriculum with a staff note holding the leak tests' marker, built with both
    editions and as the participant site alone."""
    sites = {}
    for edition in ("all", "participant"):
        project = make_project(tmp_path_factory.mktemp(f"schedule-{edition}"), REPO / "curriculum")
        program = project / "curriculum" / "program.yml"
        program.write_text(program.read_text(encoding="utf-8").replace(
            "note: Open with a round", f"note: {MARKER} is a staff note about the process group. Open with a round"),
            encoding="utf-8")
        result = run_build(project, edition)
        assert result.returncode == 0, result.stderr
        sites[edition] = project / "site"
    return sites


def test_a_build_has_the_schedule_pages_and_the_calendar_for_staff_only(marked_builds):
    site = marked_builds["all"]
    staff = (site / "facilitator" / "schedule" / "index.html").read_text(encoding="utf-8")
    public = (site / "participant" / "schedule" / "index.html").read_text(encoding="utf-8")
    assert MARKER in staff and MARKER not in public
    assert "assets/javascripts/schedule.js" in staff and "assets/javascripts/schedule.js" in public
    assert (site / "facilitator" / "schedule.ics").is_file()
    assert not list(site.glob("participant/**/*.ics"))
    # Other pages do not load the schedule script.
    assert "schedule.js" not in (site / "participant" / "cravings" / "index.html").read_text(encoding="utf-8")


def test_a_participant_build_holds_no_staff_text_and_no_calendar(marked_builds):
    site = marked_builds["participant"]
    assert (site / "participant" / "schedule" / "index.html").is_file()
    assert not (site / "facilitator").exists()
    assert not list(site.rglob("*.ics"))
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".js"}:
            assert MARKER not in path.read_text(encoding="utf-8", errors="replace"), path


def test_a_build_without_program_yml_has_no_schedule(basic_builds):
    for site in basic_builds.values():
        assert not list(site.rglob("schedule/index.html")) and not list(site.rglob("*.ics"))


def test_a_bad_program_stops_the_build_with_path_line_and_no_traceback(tmp_path):
    project = make_project(tmp_path, REPO / "curriculum")
    (project / "curriculum" / "program.yml").write_text(
        GOOD.replace("thursday: triggers", "thursday: trigers").replace("minutes: 15", "minutes: fifteen"),
        encoding="utf-8")
    result = run_build(project, "all")
    assert result.returncode != 0
    assert "curriculum/program.yml:16: 'minutes' must be a whole number of at least 1, not 'fifteen'" in result.stderr
    assert "curriculum/program.yml:24: there is no module 'trigers'" in result.stderr  # in the same run
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()


def test_curriculum_check_reports_program_problems(tmp_path):
    root = curriculum_with(tmp_path, GOOD.replace("thursday: triggers", "thursday: trigers"))
    result = subprocess.run([sys.executable, "-m", "iopcurriculum", "check", "--root", str(root),
                             "--docs", str(REPO / "docs")], cwd=tmp_path, capture_output=True, text=True,
                            env={**__import__("os").environ, "PYTHONPATH": str(REPO / "hooks")}, timeout=300)
    assert result.returncode == 1
    assert "curriculum/program.yml:24: there is no module 'trigers'" in result.stdout


def test_an_author_cannot_turn_on_the_schedule_script(tmp_path):
    """The script loads on pages whose front matter says `schedule: true`, which only the build
    writes: a hand-written page that says it is refused, and its page is not built."""
    from iopcurriculum import handwritten
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "notice.md").write_text("---\ntitle: Notice\nschedule: true\n---\n\n# Notice\n\nHello.\n",
                                    encoding="utf-8")
    found: list = []
    built = handwritten.load_docs(docs, ed.EDITIONS, found)
    assert "notice.md" not in built
    assert any("unknown key 'schedule'" in str(p) for g in found for p in g.items)


def test_a_full_rotation_still_prints_on_one_page(tmp_path):
    """Every slot of the 12-week cycle filled (the modules' longest titles, with a note each week):
    each English sheet stays one page as the rotation grows."""
    from pypdf import PdfReader
    ids = ["withdrawal", "relapse-prevention-plan", "stages-of-recovery", "triggers", "cravings"]
    weeks = "".join(f"  - week: {w}\n    monday: {{module: {ids[w % 5]}, note: Check the room is booked for the "
                    f"evening and the video works.}}\n    wednesday: {ids[(w + 1) % 5]}\n"
                    f"    thursday: {ids[(w + 2) % 5]}\n" for w in range(1, 13))
    text = GOOD.replace("weeks: 4", "weeks: 12").split("rotation:")[0] + "rotation:\n" + weeks
    program, problems, _ = check(tmp_path, text)
    assert problems == [] and len(program.sessions) == 36
    curriculum = load.collect(tmp_path / "curriculum", [])
    jobs = sheet.jobs(program, curriculum, ed.EDITIONS, tmp_path)
    render_all(jobs, tmp_path / "cache", 1)
    assert [len(PdfReader(job.output).pages) for job in jobs[:2]] == [1, 1]
    # Spanish titles are longer: with three sessions a week and no day said once, the Spanish sheet
    # runs onto a second page (the shipped program's fits one: see below), the crisis box whole on it.
    spanish = PdfReader(jobs[2].output)
    assert len(spanish.pages) <= 2
    assert "Pida ayuda ahora" in spanish.pages[-1].extract_text()


def test_the_shipped_schedule_prints_on_one_page_with_orientation_said_once(tmp_path):
    """The real curriculum's program (29 modules, orientation every Monday): one page per edition,
    the Monday column replaced by one "Every Monday" line."""
    from pypdf import PdfReader
    found: list = []
    curriculum = load.collect(REPO / "curriculum", found)
    program = collect(REPO / "curriculum", curriculum, found)
    jobs = sheet.jobs(program, curriculum, ed.EDITIONS, tmp_path)
    every = {"pdf/participant-es/schedule.pdf": ("Cada lunes:", "Lunes")}
    for job in jobs:
        said, day = every.get(job.name, ("Every Monday:", "Monday"))
        assert f'#strong[#"{said}"]' in job.source and f'th[#"{day}"]' not in job.source
    render_all(jobs, tmp_path / "cache", 1)
    assert [len(PdfReader(job.output).pages) for job in jobs] == [1, 1, 1]
    for job in jobs:
        said, day = every.get(job.name, ("Every Monday:", "Monday"))
        text = " ".join(PdfReader(job.output).pages[0].extract_text().split())
        assert f"{said} " in text and f"Week {day}" not in text and f"Semana {day}" not in text
