"""Worksheet answers on participant pages (overrides/assets/javascripts/answers.js, "A handout
that helps first"): typed answers print on the ruled lines; "Keep my answers on this device" is
off by default, keeps answers only in this browser's localStorage when a reader turns it on, and
clears them; nothing is sent; participant pages reflow at 200% zoom; every word of the switch
comes from the strings table.

Chromium as in tests/test_browser.py (conftest's `browser` fixture); the real curriculum is
built once as the participant site, served on 127.0.0.1, and once as an offline copy.
"""
from __future__ import annotations

import contextlib
import re
import subprocess
from pathlib import Path
from types import SimpleNamespace

import jinja2
import markupsafe
import pytest
from browser_support import RequestLog, serve
from conftest import REPO, make_project, run_build

from iopcurriculum import strings

MODULE_IDS = tuple(sorted(p.stem for p in (REPO / "curriculum" / "modules").glob("*.md")))
HANDOUT = "participant/triggers/"  # a worksheet with several write-in boxes
KEYS = ("answers.keep", "answers.note", "answers.clear", "answers.cleared")


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    """The real curriculum's participant site, served: (site folder, base URL)."""
    project = make_project(tmp_path_factory.mktemp("answers"), REPO / "curriculum")
    result = run_build(project, "participant")
    assert result.returncode == 0, result.stderr
    with serve(project / "site") as base:
        yield project / "site", base


@contextlib.contextmanager
def handout_page(browser, base: str, path: str = HANDOUT, **options):
    """A fresh context (its own, empty storage) on a handout, with every request recorded and
    page errors collected."""
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    log = RequestLog(base.rstrip("/")).attach(context)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    try:
        page.goto(base + path, wait_until="networkidle")
        yield page, log
        assert page.errors == []
        assert log.outside == []
    finally:
        context.close()


def boxes(page):
    return page.locator("article .cur-writein textarea")


# Material itself keeps the colour scheme a reader picked (its palette toggle, mkdocs.yml) under
# "<site path>.__palette", on every page load: not an answer, and not this feature's to remove.
MATERIAL = re.compile(r"\.__palette$")


def stored(page) -> dict:
    """What is in localStorage, but for Material's own colour scheme."""
    everything = page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")
    return {key: value for key, value in everything.items() if not MATERIAL.search(key)}


# ---------------------------------------------------------------- printing from the browser

def test_typed_answers_print_on_the_ruled_lines(browser, handouts, tmp_path):
    _, base = handouts
    long_answer = "\n".join(f"Line {n}: my sister's kitchen after the late shift on Friday" for n in range(12))
    with handout_page(browser, base) as (page, _):
        assert boxes(page).count() >= 2
        boxes(page).nth(0).fill(long_answer)
        page.emulate_media(media="print")
        first, blank = page.locator(".cur-ruled").nth(0), page.locator(".cur-ruled").nth(1)
        assert not boxes(page).nth(0).is_visible()  # the box is not printed, its text is
        assert first.is_visible() and first.inner_text() == long_answer
        # The ruled area grows with the answer: twelve lines, more than the box's own, all shown.
        lines = int(page.locator(".cur-writein").nth(0).evaluate(
            "e => getComputedStyle(e).getPropertyValue('--cur-lines')"))
        assert lines < 12
        height, shown = first.evaluate("e => [e.getBoundingClientRect().height, e.scrollHeight]")
        line_height = first.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
        assert height >= 12 * line_height - 1 and shown <= height + 1
        # A blank answer prints as blank ruled lines.
        assert blank.is_visible() and blank.inner_text() == ""
        assert blank.bounding_box()["height"] > 30
        assert not page.locator(".cur-answers").is_visible()  # the switch is not printed
        pdf = tmp_path / "answers.pdf"
        page.pdf(path=str(pdf), format="Letter", print_background=False)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Line 0: my sister's kitchen" in text and "Line 11: my sister's kitchen" in text


# ---------------------------------------------------------------- keeping answers

def test_answers_are_not_kept_without_opting_in(browser, handouts):
    _, base = handouts
    with handout_page(browser, base) as (page, log):
        keep = page.locator(".cur-answers input[type=checkbox]")
        assert keep.is_visible() and not keep.is_checked()  # off by default
        before = len(log.all)
        boxes(page).nth(0).fill("A walk outside")
        boxes(page).nth(0).press("End")
        page.keyboard.type(" at night")
        assert stored(page) == {}
        page.reload(wait_until="networkidle")
        assert boxes(page).nth(0).input_value() == ""
        assert not page.locator(".cur-answers input[type=checkbox]").is_checked()
        assert stored(page) == {}
        # Typing made no request; the reload asked only for the page's own files again.
        assert all(url.startswith(base) for url in log.all[before:])


def test_kept_answers_come_back_and_clearing_removes_them(browser, handouts):
    _, base = handouts
    with handout_page(browser, base) as (page, log):
        keep = page.locator(".cur-answers input[type=checkbox]")
        keep.check()
        requests = len(log.all)
        boxes(page).nth(0).fill("My old street")
        boxes(page).nth(2).fill("Payday\nFriday nights")
        assert len(log.all) == requests, "keeping answers made a request"
        kept = stored(page)
        assert kept and all(key.startswith("cur-answers:") for key in kept)
        assert "Payday\nFriday nights" in kept.values()

        page.reload(wait_until="networkidle")
        assert keep.is_checked()
        assert boxes(page).nth(0).input_value() == "My old street"
        assert boxes(page).nth(1).input_value() == ""
        assert boxes(page).nth(2).input_value() == "Payday\nFriday nights"
        page.emulate_media(media="print")  # kept answers print too
        assert page.locator(".cur-ruled").nth(2).inner_text() == "Payday\nFriday nights"
        page.emulate_media(media="screen")

        page.locator(".cur-answers-clear").click()
        assert [boxes(page).nth(i).input_value() for i in range(boxes(page).count())] == [""] * boxes(page).count()
        assert stored(page) == {}
        assert not keep.is_checked()
        assert page.locator(".cur-answers-status").inner_text().strip()  # it says so
        page.reload(wait_until="networkidle")
        assert boxes(page).nth(0).input_value() == ""

        # Turning the option off deletes what was kept (the text stays on the screen).
        keep.check()
        boxes(page).nth(1).fill("Stress at work")
        assert len(stored(page)) == 2  # the choice and one answer
        keep.uncheck()
        assert stored(page) == {}
        assert boxes(page).nth(1).input_value() == "Stress at work"
        page.reload(wait_until="networkidle")
        assert boxes(page).nth(1).input_value() == "" and not keep.is_checked()


BLOCKED_STORAGE = """Object.defineProperty(window, 'localStorage', {
    get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });"""


def test_without_storage_the_option_is_hidden_and_printing_still_works(browser, handouts):
    _, base = handouts
    context = browser.new_context()
    context.add_init_script(BLOCKED_STORAGE)
    try:
        page = context.new_page()
        errors = []  # this script's: Material's own storage calls throw too, and are not ours
        page.on("pageerror", lambda error: errors.append(error.stack) if "answers.js" in (error.stack or "") else None)
        page.goto(base + HANDOUT, wait_until="networkidle")
        assert page.locator(".cur-answers").count() == 1 and not page.locator(".cur-answers").is_visible()
        boxes(page).nth(0).fill("Still printed")
        page.emulate_media(media="print")
        assert page.locator(".cur-ruled").nth(0).inner_text() == "Still printed"
        assert errors == []
    finally:
        context.close()


def test_the_offline_copy_keeps_answers_only_when_asked(browser, tmp_path_factory):
    """From a folder (file://): the script loads from the copy, and keeping and clearing work."""
    project = make_project(tmp_path_factory.mktemp("answers-offline"), REPO / "curriculum")
    result = run_build(project, "participant", extra_env={"CURRICULUM_OFFLINE": "true"})
    assert result.returncode == 0, result.stderr
    context = browser.new_context()
    log = RequestLog(None).attach(context)
    try:
        page = context.new_page()
        page.goto((project / "site" / "participant" / "triggers.html").as_uri())
        keep = page.locator(".cur-answers input[type=checkbox]")
        assert keep.is_visible() and not keep.is_checked()
        boxes(page).nth(0).fill("Not kept")
        page.reload()
        assert boxes(page).nth(0).input_value() == "" and stored(page) == {}
        keep.check()
        boxes(page).nth(0).fill("Kept")
        page.reload()
        assert boxes(page).nth(0).input_value() == "Kept"
        page.locator(".cur-answers-clear").click()
        assert stored(page) == {}
    finally:
        context.close()
    assert log.outside == [] and all(url.startswith("file://") for url in log.all)


# ---------------------------------------------------------------- 200% zoom

# Content of the page that runs past the right edge of the screen, unless a box of its own
# scrolls or holds it (Material hides the page's own sideways overflow, so it would be cut off).
CUT_OFF = """() => {
    const edge = document.documentElement.clientWidth;
    const cut = [];
    for (const e of document.querySelectorAll('article, article *')) {
        const box = e.getBoundingClientRect();
        if (box.width === 0 || box.right <= edge + 0.5) continue;
        let held = false;
        for (let a = e.parentElement; a && a.tagName !== 'ARTICLE'; a = a.parentElement)
            if (getComputedStyle(a).overflowX !== 'visible') { held = true; break; }
        if (!held) cut.push(e.tagName.toLowerCase() + '.' + e.className + ' ends at ' + Math.round(box.right));
    }
    return cut;
}"""


@pytest.mark.parametrize("width", [640, 375], ids=["200%-zoom", "phone"])
def test_participant_pages_reflow_without_sideways_scrolling(browser, handouts, width):
    """640 px is a 1280 px window at 200% zoom (WCAG 1.4.10); the switch is shown, as a reader sees it."""
    _, base = handouts
    with handout_page(browser, base, "participant/", viewport={"width": width, "height": 800}) as (page, _):
        for path in ["participant/"] + [f"participant/{m}/" for m in MODULE_IDS]:
            page.goto(base + path)
            wide = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            assert wide[0] <= wide[1], f"/{path} scrolls sideways at {width} px: {wide}"
            cut = page.evaluate(CUT_OFF)
            assert not cut, f"/{path} at {width} px runs off the screen: {cut[:5]}"
        page.goto(base + HANDOUT)
        assert page.locator(".cur-answers").is_visible()


# ---------------------------------------------------------------- words

def render_answers_partial(language: str | None, content: str = '<div class="cur-writein"></div>',
                           audience: str = "participant") -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(REPO / "overrides"))
    env.globals["cur_text"] = strings.text
    meta = {"audience": audience} | ({"language": language} if language else {})
    page = SimpleNamespace(meta=meta, content=content)
    return env.get_template("partials/answers.html").render(page=page)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_switch_speaks_the_pages_language_from_the_strings_table(language):
    html = render_answers_partial(language)
    for key in KEYS:
        text = strings.text(language, key)
        assert text and markupsafe.escape(text) in html, key
    other = "es" if language == "en" else "en"
    assert strings.text(other, "answers.keep") not in html
    assert strings.text("en", "answers.keep") in render_answers_partial(None)  # no language: English


def test_the_switch_is_only_on_participant_pages_with_room_to_write():
    assert "cur-answers" not in render_answers_partial("en", content="<p>No worksheet here.</p>")
    assert "cur-answers" not in render_answers_partial("en", audience="facilitator")


def test_the_answers_strings_exist_in_every_language_and_the_script_has_no_words():
    script = (REPO / "overrides" / "assets" / "javascripts" / "answers.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", script, flags=re.S)  # comments are not shown
    for language in strings.languages():
        for key in KEYS:
            value = strings.text(language, key)
            assert value.strip(), (language, key)
            assert value not in code and value.split()[0] + " " + value.split()[1] not in code
    assert strings.text("es", "answers.keep") != strings.text("en", "answers.keep")
    assert not re.search(r"\b(fetch|XMLHttpRequest|sendBeacon|WebSocket|EventSource|import)\b", code)
