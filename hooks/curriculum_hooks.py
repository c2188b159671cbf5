"""MkDocs hooks: wire the curriculum pipeline (hooks/iopcurriculum) into MkDocs events.

Only wiring lives here. This folder is on sys.path only while this file loads, so the
package is imported at the top.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from iopcurriculum import (checklists, edition, handwritten, leakgate, links, load, navigation, pages, printing,
                           published, quality, schedule)
from iopcurriculum.printing import book as print_book
from iopcurriculum.printing import html as print_html
from iopcurriculum.printing import render as print_render
from iopcurriculum.problems import ERROR, CurriculumError, Problems
from iopcurriculum.quality import report as quality_report
from iopcurriculum.release import dates as release_dates
from iopcurriculum.release import site as release_site
from iopcurriculum.release import sites as release_sites
from iopcurriculum.staging import Staging
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section

log = logging.getLogger("mkdocs.hooks.curriculum")
state: dict = {}


def on_startup(command, dirty):
    # `mkdocs serve` loads this file afresh for every rebuild without calling on_startup again,
    # so the command is kept where the reloaded copies see it.
    os.environ["IOPCURRICULUM_COMMAND"] = command


def mkdocs_command() -> str | None:
    """build, gh-deploy or serve (`serve --clean` reports itself as build until on_serve runs)."""
    if os.environ.get("IOPCURRICULUM_SERVING"):
        return "serve"
    return os.environ.get("IOPCURRICULUM_COMMAND")


def on_config(config):
    # The curriculum is read and validated here, before MkDocs empties site_dir; the quality
    # checks start here and are waited for before anything is written (on_env).
    root = Path(config.config_file_path).parent
    docs_dir = Path(config.docs_dir)
    try:
        # Reproducible output: dates in it come from the last commit, not the clock.
        release_dates.default_source_date_epoch(root)
        editions = edition.selected_editions()
        pdf = printing.enabled(mkdocs_command())  # `mkdocs serve` skips PDFs unless CURRICULUM_PDF=1
        pdf_workers = printing.workers() if pdf else 1
    except (edition.EditionError, release_dates.DateError, printing.PrintError) as err:
        raise PluginError(str(err)) from None
    # Every stage reports into one list, so one run shows every problem of every file.
    found: list[Problems] = []
    curriculum = load.collect(root / "curriculum", found)
    program = schedule.collect(root / "curriculum", curriculum, found)  # schedule: None without program.yml
    all_docs = handwritten.load_docs(docs_dir, editions, found)
    docs = handwritten.for_build(all_docs, editions)
    built, notices, unreadable = [], [], []
    if curriculum is not None:
        try:
            notices = release_site.build_checks(curriculum)
        except CurriculumError as err:  # release notes that cannot be read, a reserved id
            unreadable = err.problems
    mike_version = os.environ.get("MIKE_DOCS_VERSION")  # set in a release's builds
    if curriculum is not None and not unreadable:
        built = pages.build_pages(curriculum, editions, print_links=pdf, directory_urls=config.use_directory_urls,
                                  handouts=release_sites.handouts_url(curriculum, editions, mike_version))
        built += release_site.release_pages(curriculum, editions)  # facilitator status, What's new
        if edition.FACILITATOR in editions:
            built.append(quality_report.health_page(None))  # filled in by on_page_markdown
        built = schedule.add_pages(built, schedule.build_pages(  # schedule: after each edition's index
            program, curriculum, editions, print_links=pdf, directory_urls=config.use_directory_urls))
        links.check_build(curriculum, docs, built, lambda path: Problems.joining(found, path, root))
    problems = [p for group in found for p in group.items] + unreadable
    errors = [p for p in problems if p.level == ERROR]
    if errors or curriculum is None:
        if curriculum is not None:  # what the quality checks say of the modules that did load
            errors += quality.run(curriculum, docs_dir=docs_dir).errors
        raise PluginError(str(CurriculumError(errors)))
    for problem in problems:
        log.warning(str(problem))
    for problem in notices:
        # Logged at INFO so a strict build still goes through: an overdue review must not lock
        # staff out of their materials (a release refuses it instead).
        log.info(f"warning: {problem}")
    if not mike_version:
        # Material's version selector fetches versions.json, which only a mike deploy writes.
        config.extra.pop("version", None)
    site_url = release_sites.site_url(curriculum, editions, mike_version)
    if site_url and not config.site_url:
        config.site_url = site_url  # the sitemap's entries (MkDocs writes none without it)
    state.update(root=root, editions=editions, curriculum=curriculum, docs=docs, all_docs=all_docs, pages=built,
                 program=program,
                 pdf=pdf, pdf_workers=pdf_workers,
                 # The clinical quality checks run in a second process while MkDocs turns pages
                 # into HTML; the build waits for them before it writes anything (on_env).
                 quality=quality.run_in_background(curriculum, docs_dir=docs_dir))
    config.extra["curriculum"] = {"title": curriculum.title, "version": curriculum.version,
                                  "editions": list(editions)}
    if mkdocs_command() in ("build", "gh-deploy"):
        state["staging"] = Staging(config.site_dir)
        config.site_dir = state["staging"].start()
    return config


def on_serve(server, config, builder):
    os.environ["IOPCURRICULUM_SERVING"] = "1"
    if "staging" in state:  # the first build of `serve --clean`: show it now
        state.pop("staging").finish()
    server.watch(str(state["root"] / "curriculum"))
    return server


def on_files(files, config):
    docs = state["docs"]
    # Files MkDocs copies from docs/: a participant site keeps only those its pages use.
    state["docs_files"] = [f.dest_uri for f in files if not f.is_documentation_page()
                           and Path(f.abs_src_path or "").is_relative_to(config.docs_dir)]
    for file in list(files.documentation_pages(inclusion=InclusionLevel.is_included)):
        page = docs.get(file.src_uri)
        if page is None:
            files.remove(file)  # a staff-only page in a participant build
        else:
            file.content_string = page.markdown
    for page in state["pages"]:
        files.append(File.generated(config, page.src_uri, content=page.markdown))
    if not config.nav:
        config.nav = default_nav(docs)
    return files


def default_nav(docs) -> list:
    nav: list = []
    if "index.md" in docs:
        nav.append({"Home": "index.md"})
    for edition_name in state["editions"]:
        section = [p.src_uri for p in state["pages"] if p.edition == edition_name]
        nav.append({pages.EDITION_TITLES[edition_name]: section})
    about = [uri for uri in docs if uri != "index.md"]
    if about:
        nav.append({"About this site": about})
    return nav


def edition_of(file) -> str | None:
    """The edition a page belongs to, from its place in the site (facilitator/..., participant/...)."""
    top = file.src_uri.split("/", 1)[0]
    return top if top in edition.EDITIONS else None


def on_nav(nav, config, files):
    # Material renders the whole navigation into every page; with both editions in one nav that
    # grows with the square of the page count. Each edition's pages get a navigation in which
    # the other edition is one link.
    sections = {}
    for item in nav.items:
        first_file = getattr(item.children[0], "file", None) if isinstance(item, Section) and item.children else None
        if first_file is not None and edition_of(first_file):
            sections[edition_of(first_file)] = item
    state["navs"] = {
        own: Navigation([Link(item.title, item.children[0].url) if item in sections.values() and item is not mine
                         else item for item in nav.items], nav.pages)
        for own, mine in sections.items()}
    # Previous/next links stay inside an edition: a handout never leads to a staff page.
    for page in nav.pages:
        for side in ("previous_page", "next_page"):
            other = getattr(page, side)
            if other is not None and edition_of(other.file) != edition_of(page.file):
                setattr(page, side, None)
    return nav


def on_page_content(html, page, config, files):
    # Checklist boxes get their item's text as their label (accessible name, bigger target).
    return checklists.label_checkboxes(html)


def quality_report_waited() -> "quality.QualityReport":
    """The quality report, waited for once; its warnings are logged then (a warning fails a
    strict build, and the previous site stays)."""
    if "checked" not in state:
        try:
            report = state["quality"].result()
        except Exception as err:  # the checks themselves broke: say so, not a traceback
            raise PluginError(f"the quality checks failed: {type(err).__name__}: {err}") from None
        state["checked"] = report
        for problem in report.warnings:
            log.warning(str(problem))
    return state["checked"]


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == quality_report.HEALTH_URI:
        return quality_report.health_body(quality_report_waited())
    return markdown


def on_env(env, config, files):
    # Plain links in the navigation, written in Python (overrides/partials/nav-item.html).
    env.globals["cur_nav_link"] = navigation.plain_link
    if edition.PARTICIPANT in state["editions"]:
        # The leak gate's fingerprints of the staff text (checked in on_post_build): made here
        # while the quality checks still run (the build waits for them anyway), else in a
        # second process while MkDocs writes the pages.
        overrides = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        state["leak_prints"] = leakgate.start(
            state["curriculum"], [*state["all_docs"].values(), *schedule.staff_texts(state["program"])],
            leakgate.site_code_texts(overrides, [config.site_name, config.site_description]),
            background=state["quality"].done())
    # MkDocs starts writing after this event: quality errors stop the build here.
    report = quality_report_waited()
    if report.errors:
        raise PluginError(str(CurriculumError(report.errors)))
    return env


def on_page_context(context, page, config, nav):
    own = edition_of(page.file)
    if own in state.get("navs", {}):
        context["nav"] = state["navs"][own]
    return context


@event_priority(-1000)  # after every plugin: the search index (-100 in offline copies) is written by then
def on_post_build(config):
    # PDFs, then the participant edition read back as written: files only staff pages use are
    # removed, pages checked for foreign loads and active content, and no facilitator sentence
    # may be in any file (the leak gate). All of it is in site_dir (the staging folder in a
    # build), so a failure here leaves the previous site as it was.
    site = Path(config.site_dir)
    jobs = write_pdfs(config, site) if state.get("pdf") else []
    schedule.write_files(state["program"], state["curriculum"], state["editions"], site)  # schedule.ics
    if edition.PARTICIPANT not in state["editions"]:
        return
    reading = published.read_site(site, leakgate.participant_files(site, state["editions"]), state["docs_files"])
    if state["editions"] == (edition.PARTICIPANT,):
        used = reading.referenced | published.referenced_by_print(site, jobs)
        removed = published.prune(site, state["docs_files"], used)
        if removed:
            log.info(f"Left out of the participant site, as only staff pages use them: {', '.join(removed)}")
    if reading.problems:
        raise PluginError("The participant edition would load from other sites or run code:\n  "
                          + "\n  ".join(reading.problems))
    try:
        report = leakgate.gate(site, state["editions"], state.pop("leak_prints"))
    except (leakgate.LeakError, leakgate.GateError) as err:
        raise PluginError(str(err)) from None
    log.info(str(report))


def write_pdfs(config, site: Path) -> list:
    # PDFs after the pages: they take longest.
    md = print_html.Markdown.like_site(config.markdown_extensions, config.mdx_configs)
    cache = state["root"] / ".cache" / "pdf"
    try:
        jobs = print_book.jobs(state["curriculum"], state["editions"], site, md)
        jobs += schedule.print_jobs(state["program"], state["curriculum"], state["editions"], site, md)
        log.info(f"Building {len(jobs)} PDFs with {min(state['pdf_workers'], len(jobs))} worker(s)")
        report = print_render.render_all(jobs, cache, state["pdf_workers"], progress=log.info, warn=log.warning)
        print_render.prune(cache)
    except printing.PrintError as err:
        raise PluginError(str(err)) from None
    log.info(f"PDFs: {len(report.rendered)} rendered, {len(report.cached)} unchanged (from the cache), "
             f"in {report.seconds:.1f} s")
    return jobs


def on_build_error(error):
    if "staging" in state:
        state["staging"].fail()


def on_shutdown():
    if "staging" in state:
        state.pop("staging").finish()
