"""The built site in a real browser (issue 6): accessibility, phones, printing, search, and no
request that leaves the site, online or from a folder.

Chromium (Debian's, or one Playwright downloaded) runs headless against sites built once per
session and served on 127.0.0.1; axe-core comes with axe-playwright-python (no network).
Without Chromium they fail, saying how to install it (tests/system-deps.sh, run by `make test`,
does). Each page checked is saved as a PNG under the
test's temporary folder; set BROWSER_SHOTS=/some/folder to also collect them in one place.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from browser_support import RequestLog, serve
from conftest import MARKER, REPO, make_project, run_build


MODULE_IDS = tuple(sorted(p.stem for p in (REPO / "curriculum" / "modules").glob("*.md")))
# The pages axe-core checks: home, the two edition indexes, a facilitator page, a participant
# page, a staff guide (code samples), and the program schedule of each edition.
AXE_PAGES = ("", "participant/", "facilitator/", "facilitator/cravings/", "participant/triggers/",
             "publishing/", "facilitator/schedule/", "participant/schedule/", "participant-es/",
             "participant-es/triggers/")
# Every handout, in English and in Spanish (each shipped module has a translation).
HANDOUTS = [f"{folder}/{m}/" for folder in ("participant", "participant-es") for m in MODULE_IDS]
SERIOUS = {"serious", "critical"}
PHONE = {"width": 375, "height": 812}


# ---------------------------------------------------------------- builds, servers, browser

@pytest.fixture(scope="session")
def real_sites(tmp_path_factory):
    """The real curriculum (curriculum/) built as the site with both editions and as the
    participant-only public site, each served on 127.0.0.1: {name: (site folder, base URL)}."""
    builds = {"all": ("all", {}), "participant": ("participant", {})}
    sites = {}
    with contextlib.ExitStack() as stack:
        for name, (edition, env) in builds.items():
            project = make_project(tmp_path_factory.mktemp(f"real-{name}"), REPO / "curriculum")
            result = run_build(project, edition, extra_env=env)
            assert result.returncode == 0, result.stderr
            site = project / "site"
            sites[name] = (site, stack.enter_context(serve(site)))
        yield sites


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory):
    """The participant site built as an offline copy (CURRICULUM_OFFLINE=true), to open from files."""
    project = make_project(tmp_path_factory.mktemp("real-offline"), REPO / "curriculum")
    result = run_build(project, "participant", extra_env={"CURRICULUM_OFFLINE": "true"})
    assert result.returncode == 0, result.stderr
    return project / "site"


@contextlib.contextmanager
def open_context(browser, allowed_origin: str | None, **options):
    """A fresh browser context whose every request is recorded; requests that would leave the
    site are aborted and listed in the log."""
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    log = RequestLog(allowed_origin).attach(context)
    try:
        yield context, log
    finally:
        context.close()


def origin(base_url: str) -> str:
    return base_url.rstrip("/")


def shot(page, folder: Path, name: str, **options) -> Path:
    path = folder / f"{name}.png"
    if options.get("full_page"):
        page.evaluate("window.scrollTo(0, 0)")  # or the sticky header is drawn mid-page
    page.screenshot(path=str(path), **options)
    if os.environ.get("BROWSER_SHOTS"):
        target = Path(os.environ["BROWSER_SHOTS"])
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target / path.name)
    return path


def page_name(path: str) -> str:
    return path.strip("/").replace("/", "-") or "home"


# ---------------------------------------------------------------- no third-party requests

def test_no_page_makes_a_request_outside_the_site(browser, real_sites, tmp_path):
    """Every page of the site with both editions, plus a search, asks only 127.0.0.1."""
    site, base = real_sites["all"]
    paths = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(paths) >= 2 * len(MODULE_IDS) + 3
    with open_context(browser, origin(base)) as (context, log):
        page = context.new_page()
        for path in paths:
            page.goto(base + path)
            shot(page, tmp_path, f"requests-{page_name(path.removesuffix('index.html'))}")
        page.goto(base, wait_until="networkidle")
        assert search(page, "craving")
        page.wait_for_load_state("networkidle")
        shot(page, tmp_path, "search-all-editions")
    assert len(log.all) > len(paths)
    assert log.outside == [], f"requests that leave the site: {sorted(set(log.outside))}"


# ---------------------------------------------------------------- accessibility

@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", AXE_PAGES, ids=page_name)
def test_axe_finds_no_serious_violations_and_headings_are_in_order(browser, real_sites, tmp_path, path, scheme):
    from axe_playwright_python.sync_playwright import Axe
    _, base = real_sites["all"]
    with open_context(browser, origin(base), color_scheme=scheme,
                      viewport={"width": 1280, "height": 900}) as (context, log):
        page = context.new_page()
        page.goto(base + path, wait_until="networkidle")
        # Material picks its palette from the colour scheme the browser reports.
        expected = {"light": "default", "dark": "slate"}[scheme]
        assert page.locator("body").get_attribute("data-md-color-scheme") == expected
        results = Axe().run(page)
        shot(page, tmp_path, f"axe-{page_name(path)}-{scheme}", full_page=True)
        assert_headings_in_order(page, path)
    bad = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    report = "\n".join(f"{v['impact']} {v['id']}: {v['help']} at "
                       f"{[n['target'] for n in v['nodes'][:5]]}" for v in bad)
    assert not bad, f"axe-core on /{path} ({scheme}):\n{report}"
    assert log.outside == []


HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter(h => h.getClientRects().length > 0)
    .map(h => [Number(h.tagName[1]), h.textContent.trim()])"""


def assert_headings_in_order(page, path: str) -> None:
    """One h1 first, and no level skipped on the way down (an h2 may follow an h4)."""
    headings = page.evaluate(HEADINGS)
    assert headings and headings[0][0] == 1, f"/{path}: first headings {headings[:3]}"
    assert [level for level, _ in headings].count(1) == 1, f"/{path}: {headings}"
    for (before, _), (level, text) in zip(headings, headings[1:]):
        assert level <= before + 1, f"/{path}: '{text}' is h{level} right after an h{before}"


def test_worksheet_spaces_and_checklists_are_labelled_and_usable(browser, basic_builds, tmp_path):
    """The basic fixture's worksheet: two prompts with write-in space and one checklist item."""
    with serve(basic_builds["participant"]) as base, \
            open_context(browser, origin(base)) as (context, log):
        page = context.new_page()
        page.goto(base + "participant/coping/")
        boxes = page.get_by_role("textbox", name=re.compile(r"^Your answer: "))
        assert boxes.count() == 2
        first = page.get_by_role("textbox", name="Your answer: What helps you calm down?")
        first.fill("A walk outside")
        assert first.input_value() == "A walk outside"
        assert int(first.get_attribute("rows")) >= 3  # room for the two ruled lines and more

        check = page.get_by_role("checkbox", name="I tried calm breathing this week")
        assert not check.is_checked()
        page.get_by_text("I tried calm breathing this week").click()  # the text is the label
        assert check.is_checked()
        # By keyboard: Tab from the last write-in box reaches the checklist box, and shows it.
        item = page.locator(".task-list-item", has_text="I tried calm breathing this week").bounding_box()
        around_box = {"x": item["x"] - 40, "y": item["y"] - 4, "width": 80, "height": item["height"] + 8}
        page.get_by_role("textbox", name="Your answer: Who can you call?").focus()
        before = page.screenshot(clip=around_box)
        page.keyboard.press("Tab")
        assert check.evaluate("e => e === document.activeElement")
        focus_shows = page.screenshot(clip=around_box) != before
        assert focus_shows, "no visible focus on the checklist box"
        page.keyboard.press("Space")
        assert not check.is_checked()
        shot(page, tmp_path, "worksheet-fixture", full_page=True)
    assert log.outside == []


def test_every_handout_has_ordered_headings_and_labelled_form_controls(browser, real_sites, tmp_path):
    _, base = real_sites["all"]
    with open_context(browser, origin(base)) as (context, _):
        page = context.new_page()
        total = 0
        for path in HANDOUTS:
            page.goto(base + path)
            shot(page, tmp_path, f"handout-{page_name(path)}")
            assert_headings_in_order(page, path)
            controls = page.locator("article textarea, article input[type=checkbox]")
            total += controls.count()
            for i in range(controls.count()):
                name = controls.nth(i).evaluate(
                    "e => e.getAttribute('aria-label') || (e.labels[0] && e.labels[0].textContent.trim()) || ''")
                assert name.strip(), f"/{path}: form control {i} has no label"
    assert total > 0


# ---------------------------------------------------------------- phones

# Every piece of visible text in the page's content (and each write-in box) smaller than `min` px.
SMALL_TEXT = """min => {
    const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
    const small = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node.parentElement;
        if (!node.textContent.trim() || element.getClientRects().length === 0) continue;
        const size = parseFloat(getComputedStyle(element).fontSize);
        if (size < min) small.push([size, node.textContent.trim().slice(0, 50)]);
    }
    for (const box of document.querySelectorAll('article textarea')) {
        const size = parseFloat(getComputedStyle(box).fontSize);
        if (size < min) small.push([size, box.getAttribute('aria-label')]);
    }
    return small;
}"""


def test_phone_pages_fit_the_screen_with_readable_text(browser, real_sites, tmp_path):
    _, base = real_sites["participant"]
    with open_context(browser, origin(base), viewport=PHONE, is_mobile=True, has_touch=True,
                      device_scale_factor=2) as (context, _):
        page = context.new_page()
        for path in ["participant/", "participant-es/", *HANDOUTS]:
            page.goto(base + path)
            width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert width[0] <= width[1] == PHONE["width"], f"/{path} scrolls sideways: {width}"
            small = page.evaluate(SMALL_TEXT, 16)
            assert not small, f"/{path}: text under 16 px on a phone: {small[:5]}"
            # Help first: the link to the crisis box is on the first screen, and one tap shows the box.
            link = page.locator("article .cur-help-link a")
            assert link.bounding_box()["y"] + link.bounding_box()["height"] < PHONE["height"], f"/{path}"
            link.tap()
            page.wait_for_function("() => { const r = document.getElementById('get-help').getBoundingClientRect();"
                                   " return r.top >= 0 && r.top < innerHeight; }")
            if path.endswith("cravings/"):
                shot(page, tmp_path, "phone-cravings")
                shot(page, tmp_path, "phone-cravings-full", full_page=True)


def test_the_session_plan_fits_a_phone(browser, real_sites):
    """A facilitator on a phone sees the whole plan, start times included, without scrolling it."""
    _, base = real_sites["all"]
    with open_context(browser, origin(base), viewport=PHONE, is_mobile=True, has_touch=True) as (context, _):
        page = context.new_page()
        for module in MODULE_IDS:
            page.goto(f"{base}facilitator/{module}/")
            # The table's right edge, against the screen's (Material scrolls a wide table in a wrapper).
            width = page.evaluate("() => [document.querySelector('.cur-plan table').getBoundingClientRect().right,"
                                  " document.documentElement.clientWidth]")
            assert width[0] <= width[1], f"facilitator/{module}/: the session plan runs off the screen: {width}"


# ---------------------------------------------------------------- printing from the browser

CHROME = {"header": ".md-header", "navigation": ".md-sidebar--primary", "contents": ".md-sidebar--secondary",
          "search": ".md-search", "footer": ".md-footer"}


def ruled_lines_on(png: Path) -> int:
    """Grey horizontal rules in a page picture: rows more than half of whose pixels are a mid grey
    (the write-in lines are #777; text is darker and sparser, block borders are coloured)."""
    from PIL import Image, ImageChops
    hue, saturation, value = Image.open(png).convert("HSV").split()
    grey = ImageChops.multiply(saturation.point(lambda s: 255 if s < 30 else 0),
                               value.point(lambda v: 255 if 60 < v < 190 else 0))
    share = grey.resize((1, grey.height), Image.BOX).tobytes()  # the mean of each row
    rows = [y for y, mean in enumerate(share) if mean > 128]
    return sum(1 for i, y in enumerate(rows) if i == 0 or y - rows[i - 1] > 1)


def test_printing_a_handout_drops_the_site_chrome_and_keeps_room_to_write(browser, real_sites, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is missing: install poppler-utils (tests/system-deps.sh does)")
    _, base = real_sites["participant"]
    with open_context(browser, origin(base)) as (context, _):
        page = context.new_page()
        page.goto(base + "participant/triggers/")
        assert page.locator(".md-header").is_visible()
        page.emulate_media(media="print")
        shown = [name for name, selector in CHROME.items() if page.locator(selector).first.is_visible()]
        assert not shown, f"printed page shows: {shown}"
        assert not page.locator("article textarea").first.is_visible()
        expected = page.evaluate("""() => [...document.querySelectorAll('.cur-writein')]
            .reduce((sum, e) => sum + Number(getComputedStyle(e).getPropertyValue('--cur-lines')), 0)""")
        assert expected > 0
        for ruled in page.locator(".cur-ruled").all():
            assert ruled.is_visible() and ruled.bounding_box()["height"] > 30
        shot(page, tmp_path, "print-triggers", full_page=True)
        pdf = tmp_path / "triggers.pdf"
        # As a person prints: "background graphics" off (print_background=False).
        page.pdf(path=str(pdf), format="Letter", print_background=False)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Triggers" in text and "Search" not in text and "Made with" not in text
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "pdf-page")], check=True)
    pictures = sorted(tmp_path.glob("pdf-page-*.png"))
    assert pictures
    found = sum(ruled_lines_on(p) for p in pictures)
    assert found >= expected, f"{found} ruled lines in the PDF, {expected} write-in lines on the page"


# ---------------------------------------------------------------- search

def search(page, word: str) -> list[str]:
    """Type one word into Material's search like a person, on a freshly loaded page; the hrefs
    of the results ([] when nothing matches)."""
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially(word)
    # Results are for the whole word once their links carry it (Material adds ?h=word).
    page.wait_for_function("""word => /No matching/.test(document.querySelector('.md-search-result__meta').textContent)
        || [...document.querySelectorAll('.md-search-result__item a')].some(
               a => new URL(a.href).searchParams.get('h') === word)""", arg=word)
    return page.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.href)")


SPLIT_NOTES = """() => {
    const staff = 'article .cur-facilitator, article .cur-script';
    const notes = [...document.querySelectorAll(staff)].map(e => e.innerText);
    const shared = document.querySelector('article').cloneNode(true);
    shared.querySelectorAll('.cur-facilitator, .cur-script').forEach(e => e.remove());
    return [notes, shared.textContent];
}"""


def facilitator_sentences(browser, real_sites) -> list[str]:
    """Sentences of the facilitator notes and scripts, as the facilitator pages of the real site
    show them (leaving out any a note repeats from the text both editions share on any page, such
    as a handout line: a safety fact is often both taught in one handout and said in another
    session's notes)."""
    _, base = real_sites["all"]
    sentences, shared = set(), ""
    with open_context(browser, origin(base)) as (context, _):
        page = context.new_page()
        for module in MODULE_IDS:
            page.goto(f"{base}facilitator/{module}/")
            notes, text = page.evaluate(SPLIT_NOTES)
            shared += " ".join(text.split()) + "\n"
            sentences |= {s.strip() for note in notes for s in re.split(r"(?<=[.!?])\s+|\n", note)}
    return sorted(s for s in sentences if len(s) > 40 and s not in shared)


def test_participant_search_finds_the_cravings_handout_and_no_facilitator_text(browser, real_sites, tmp_path):
    staff_only = facilitator_sentences(browser, real_sites)
    assert len(staff_only) > 20
    site, base = real_sites["participant"]
    with open_context(browser, origin(base)) as (context, log):
        page = context.new_page()
        page.goto(base)
        results = search(page, "craving")
        shot(page, tmp_path, "search-craving")
        panel = page.locator(".md-search-result").inner_text()
        assert any(r.split("#")[0].split("?")[0] == f"{base}participant/cravings/" for r in results), results
        assert all(r.startswith(base) and "/facilitator/" not in r for r in results), results
        for sentence in staff_only:
            assert sentence not in panel
        for url in sorted({r.split("#")[0] for r in results}):
            page.goto(url)
            body = page.locator("body").inner_text()
            leaked = [s for s in staff_only if s in body]
            assert not leaked, f"{url} shows facilitator text: {leaked[:2]}"
        # Words only facilitator notes use are not found at all.
        index = (site / "search" / "search_index.json").read_text(encoding="utf-8").lower()
        words = {w for s in staff_only for w in re.findall(r"[a-z]{7,}", s.lower())}
        # (not even their first five letters, which search could match after stemming)
        staff_words = sorted(w for w in words if w[:5] not in index)
        assert staff_words, "no word is unique to facilitator notes?"
        page.goto(base)
        assert search(page, staff_words[0]) == []
    assert log.outside == []


def test_search_in_spanish_finds_the_spanish_handout(browser, real_sites, tmp_path):
    site, base = real_sites["participant"]
    with open_context(browser, origin(base)) as (context, log):
        page = context.new_page()
        page.goto(base + "participant-es/")
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.locator(".md-search__input").get_attribute("placeholder") == "Búsqueda"
        # "ansia" is stemmed as Spanish: the handout writes "ansias", "ansia" and "ansiedad".
        results = search(page, "ansia")
        shot(page, tmp_path, "search-ansia")
        assert any(r.split("#")[0].split("?")[0] == f"{base}participant-es/cravings/" for r in results), results
    assert log.outside == []


def test_participant_search_never_finds_the_facilitator_marker(browser, basic_builds):
    with serve(basic_builds["participant"]) as base, open_context(browser, origin(base)) as (context, _):
        page = context.new_page()
        page.goto(base)
        assert search(page, "stress")  # search works here
        page.goto(base)
        assert search(page, MARKER.split("-")[1].lower()) == []  # "marker"


# ---------------------------------------------------------------- offline copy

def test_offline_copy_works_from_a_folder(browser, offline_site, tmp_path):
    """CURRICULUM_OFFLINE=true: open index.html from disk, go through the handouts, and search,
    with no request but for files in the folder."""
    assert (offline_site / "participant" / "cravings.html").is_file()
    assert (offline_site / "search" / "search_index.js").is_file()
    with open_context(browser, None) as (context, log):
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto((offline_site / "index.html").as_uri())
        page.get_by_role("link", name="Open the handouts").click()
        page.wait_for_url("**/participant/index.html")
        links = page.locator("article li a[href$='.html']").evaluate_all("links => links.map(a => a.href)")
        assert len(links) >= len(MODULE_IDS)
        for url in links:
            page.goto(url)
            assert page.locator("article h1").count() == 1, url
            assert "Get help now" in page.locator("article").inner_text(), url
        page.goto(links[0])
        page.locator(".md-footer__link--next").click()  # "Next" leads to the following handout
        page.wait_for_url(links[1])
        results = search(page, "craving")
        shot(page, tmp_path, "offline-search")
        assert any(r.split("?")[0].split("#")[0].endswith("/participant/cravings.html") for r in results), results
        page.locator(".md-search-result__item a").first.click()
        page.wait_for_url(re.compile(r".*/participant/cravings\.html[?#].*"))
        shot(page, tmp_path, "offline-cravings")
    assert not errors, errors
    assert log.all and all(url.startswith("file://") for url in log.all), sorted(set(log.all))
    assert log.outside == []


# ---------------------------------------------------------------- the program schedule

def shipped_program():
    from iopcurriculum import load
    from iopcurriculum.schedule import collect
    curriculum = load.collect(REPO / "curriculum", [])
    return collect(REPO / "curriculum", curriculum, [])


def test_schedule_pages_mark_the_current_week_on_a_phone(browser, real_sites, tmp_path):
    """At 375 px with the clock fixed on the Wednesday of week 3 of the shipped cycle (curriculum/
    program.yml), each edition's schedule page marks week 3 and today's groups, fits the screen,
    and passes axe-core; before the first cycle starts, and without scripts, nothing is marked."""
    import datetime as dt

    from axe_playwright_python.sync_playwright import Axe
    program = shipped_program()
    assert program is not None and program.start_date is not None
    wednesday = next(d for d in program.days if d.name == "wednesday")
    today = program.date_of(3, wednesday)
    offset = wednesday.weekday - program.days[0].weekday
    cases = [("participant", real_sites["participant"][1], "This week has the topics of week 3.", "Today"),
             ("facilitator", real_sites["all"][1], "Now: week 3 of 12.", "Tonight")]
    for edition, base, status, word in cases:
        with open_context(browser, origin(base), viewport=PHONE, is_mobile=True, has_touch=True,
                          device_scale_factor=2) as (context, log):
            page = context.new_page()
            page.clock.set_fixed_time(dt.datetime.combine(today, dt.time(17, 0)))
            page.goto(base + f"{edition}/schedule/", wait_until="networkidle")
            shot(page, tmp_path, f"schedule-{edition}-phone")
            shot(page, tmp_path, f"schedule-{edition}-phone-full", full_page=True)
            width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert width[0] <= width[1] == PHONE["width"], f"{edition}/schedule/ scrolls sideways: {width}"
            if edition == "participant":
                small = page.evaluate(SMALL_TEXT, 16)
                assert not small, f"text under 16 px on a phone: {small[:5]}"
            now = page.locator(".cur-week.cur-now")
            assert now.count() == 1 and now.get_attribute("data-cur-week") == "3"
            assert now.locator(".cur-now-badge").first.inner_text() == "This week"
            line = page.locator(".cur-schedule-now")
            assert line.is_visible() and line.inner_text().startswith(status)
            assert f"{word}: 6:00 pm" in line.inner_text()
            marked = page.locator(f'.cur-today[data-cur-day="3:{offset}"]')
            assert marked.count() >= 1 and marked.first.locator(".cur-now-badge").inner_text() == word
            assert page.locator(".cur-today").count() == marked.count()  # nothing else is today
            if edition == "facilitator":
                assert page.locator("tr.cur-now").get_attribute("data-cur-week") == "3"  # the grid's row
            results = Axe().run(page)
            bad = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
            assert not bad, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in bad]
            assert_headings_in_order(page, f"{edition}/schedule/")
            # The day before the first cycle starts: nothing is marked.
            page.clock.set_fixed_time(dt.datetime.combine(program.start_date - dt.timedelta(days=1), dt.time(9)))
            page.reload(wait_until="networkidle")
            assert page.locator(".cur-now, .cur-today").count() == 0
            assert not page.locator(".cur-schedule-now").is_visible()
        assert log.outside == []
        # Without scripts the page shows the whole cycle, unmarked.
        with open_context(browser, origin(base), viewport=PHONE, java_script_enabled=False) as (context, _):
            page = context.new_page()
            page.goto(base + f"{edition}/schedule/")
            assert page.locator(".cur-week").count() == program.weeks
            assert page.locator(".cur-now").count() == 0 and not page.locator(".cur-schedule-now").is_visible()
