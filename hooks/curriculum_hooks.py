"""MkDocs hooks: wire the curriculum pipeline (hooks/iopcurriculum) into MkDocs events.

Only wiring lives here. This folder is on sys.path only while this file loads, so the
package is imported at the top. One Build holds a build's state, from on_config to the end
of on_post_build; what must outlive a `mkdocs serve` rebuild is in iopcurriculum.session.
"""
from __future__ import annotations

import gc
import logging
import os
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from iopcurriculum import (ahead, checklists, edition, handwritten, leakgate, links, load, navigation, options,
                           pages, published, quality, schedule, strings)
from iopcurriculum.document import Document
from iopcurriculum.printing import PrintError
from iopcurriculum.printing import documents as print_documents
from iopcurriculum.printing import later as print_later
from iopcurriculum.printing import paper as print_paper
from iopcurriculum.printing import render as print_render
from iopcurriculum.problems import ERROR, CurriculumError, Problems
from iopcurriculum.quality import readability
from iopcurriculum.quality import report as quality_report
from iopcurriculum import dates
from iopcurriculum.release import site as release_site
from iopcurriculum.release import sites as release_sites
from iopcurriculum.session import PROCESS
from iopcurriculum.staging import Staging
from iopcurriculum.structure import Curriculum
from iopcurriculum.worker import Worker
from jinja2 import FileSystemBytecodeCache
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

log = logging.getLogger("mkdocs.hooks.curriculum")


@dataclass
class Build:
    """One build's state: made in on_config, read by the later events."""
    root: Path
    opts: options.BuildOptions
    pdf: bool
    curriculum: Curriculum
    docs: dict  # hand-written pages this build makes, by src_uri
    all_docs: dict  # every valid hand-written page, staff pages too (the leak gate reads them)
    pages: list  # generated pages
    program: "schedule.Program | None"  # curriculum/program.yml, when there is one
    side: Worker  # the second process: the checks, then the leak gate's fingerprints
    editions: tuple[str, ...]  # every edition built: the audiences asked for, in each language
    handouts_web: str | None = None  # the handouts site's address (a release's version folder)
    quality: Future | None = None  # the clinical checks' report (start_checks)
    staging: Staging | None = None
    docs_files: list[str] = field(default_factory=list)  # files MkDocs copies from docs/
    navs: dict = field(default_factory=dict)  # edition -> its own navigation
    leak_prints: object = None  # the leak gate's fingerprints, being made
    checked: "quality.QualityReport | None" = None
    files: object = None  # MkDocs' Files, from on_files
    ahead: object = None  # pages being turned into HTML in a forked process (iopcurriculum.ahead)
    books_later: list = field(default_factory=list)  # a preview's books, made once the build is done

    @property
    def audiences(self) -> tuple[str, ...]:
        return self.opts.audiences

    def cache(self, name: str) -> Path:
        """A folder of .cache/ in the project (rendered PDFs, compiled templates)."""
        return self.root / ".cache" / name

    @property
    def documents(self) -> dict[tuple[str, str], Document]:
        return {(p.edition, p.document.module.id): p.document for p in self.pages if p.document is not None}


build: Build | None = None


def on_startup(command, dirty):
    PROCESS.command = command


def on_config(config):
    # The curriculum is read and validated here, before MkDocs empties site_dir; the quality
    # checks run in a second process (start_checks), and are waited for before the build is
    # kept (on_post_build; on_env when serving, which does not stage).
    global build
    # A build makes a great many small objects that live to its end (pages, trees, templates),
    # and Python's cycle collector, at its default pace, walks them again and again (about a
    # tenth of a build at 100 modules). Collect less often; a one-off build also sets aside what
    # exists now. Not `mkdocs serve`: objects set aside are never collected, and it builds again.
    gc.set_threshold(50_000, 20, 20)
    if PROCESS.current != "serve":
        gc.freeze()
    print_later.new_build()  # a preview's books still being made for the last build stay out of this one
    root = Path(config.config_file_path).parent
    docs_dir = Path(config.docs_dir)
    try:
        # Reproducible output: dates in it come from the last commit, not the clock.
        dates.default_source_date_epoch(root)
        opts = options.read()
    except options.OptionError as err:
        raise PluginError(str(err)) from None
    pdf = opts.pdf  # in `mkdocs serve` too: a live print preview, only what changed re-rendered
    side = Worker(readability.warm_up)  # the checks' process, getting ready while the build loads
    # Every stage reports into one list, so one run shows every problem of every file.
    found: list[Problems] = []
    curriculum = load.collect(root / "curriculum", found)
    editions = edition.for_build(opts.audiences, tuple(curriculum.languages) if curriculum else ())
    program = schedule.collect(root / "curriculum", curriculum, found)  # None without program.yml
    all_docs = handwritten.load_docs(docs_dir, editions, found)
    docs = handwritten.for_build(all_docs, editions)
    built, notices, unreadable = [], [], []
    if curriculum is not None:
        try:
            notices = release_site.build_checks(curriculum)
        except CurriculumError as err:  # release notes that cannot be read, a reserved id
            unreadable = err.problems
    mike_version = os.environ.get("MIKE_DOCS_VERSION")  # set by mike in a release's builds
    if curriculum is not None and not unreadable:
        built = pages.build_pages(curriculum, editions, print_links=pdf, directory_urls=config.use_directory_urls,
                                  handouts=release_sites.handouts_url(curriculum, editions, mike_version))
        built += release_site.release_pages(curriculum, editions)  # facilitator status, What's new
        if edition.FACILITATOR in opts.audiences:
            built.append(quality_report.health_page())  # filled in by on_page_context
        built = schedule.add_pages(built, schedule.build_pages(  # after each edition's index
            program, curriculum, editions, print_links=pdf, directory_urls=config.use_directory_urls))
        links.check_build(curriculum, docs, built, lambda path: Problems.joining(found, path, root))
    problems = [p for group in found for p in group.items] + unreadable
    errors = [p for p in problems if p.level == ERROR]
    if errors or curriculum is None:
        side.close()
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
    build = Build(root, opts, pdf, curriculum, docs, all_docs, built, program, side=side, editions=editions,
                  handouts_web=release_sites.handouts_address(curriculum, mike_version))
    config.extra["curriculum"] = {"title": curriculum.title, "version": curriculum.version,
                                  "editions": list(editions)}
    if PROCESS.current in ("build", "gh-deploy"):
        build.staging = Staging(config.site_dir)
        config.site_dir = build.staging.start()
    if build.staging is None or opts.audiences != edition.AUDIENCES:
        start_checks(config)  # else in on_env
    if edition.PARTICIPANT in opts.audiences:
        # The leak gate's fingerprints of the staff text (checked in on_post_build), made in the
        # second process (after the checks, if they have started).
        overrides = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        build.leak_prints = side.submit(
            leakgate.fingerprints, curriculum, [*all_docs.values(), *schedule.staff_texts(program)],
            site_code=leakgate.site_code_texts(overrides, [config.site_name, config.site_description]))
    return config


def start_checks(config) -> None:
    """The clinical checks, in the second process. They start at once when the build must wait
    for them before writing (`mkdocs serve`, not staged) or writes one page per module (one
    edition). A staged build of both editions starts them in on_env, when the pages are turned
    into HTML (the second core helped with that: iopcurriculum.ahead), and they run while
    MkDocs writes the two pages of every module: time enough for them, and the second core
    free (the leak gate's fingerprints are made before, while the pages are converted)."""
    build.quality = build.side.submit(quality.run, build.curriculum, docs_dir=Path(config.docs_dir))


def on_serve(server, config, builder):
    PROCESS.serving = True
    if build.staging is not None:  # the first build of `serve --clean`: show it now
        build.staging.finish()
        build.staging = None
    server.watch(str(build.root / "curriculum"))
    return server


def on_files(files, config):
    build.files = files
    docs = build.docs
    # Files MkDocs copies from docs/: a participant site keeps only those its pages use.
    build.docs_files = [f.dest_uri for f in files if not f.is_documentation_page()
                        and Path(f.abs_src_path or "").is_relative_to(config.docs_dir)]
    for file in list(files.documentation_pages(inclusion=InclusionLevel.is_included)):
        page = docs.get(file.src_uri)
        if page is None:
            files.remove(file)  # a staff-only page in a participant build
        else:
            file.content_string = page.markdown
    for page in build.pages:
        files.append(File.generated(config, page.src_uri, content=page.markdown))
    if not config.nav:
        config.nav = default_nav(docs)
    return files


def default_nav(docs) -> list:
    nav: list = []
    if "index.md" in docs:
        nav.append({strings.text(strings.BASE, "site.home"): "index.md"})
    for edition_name in build.editions:
        section = [p.src_uri for p in build.pages if p.edition == edition_name]
        nav.append({edition.TITLES[edition_name]: section})
    about = [uri for uri in docs if uri != "index.md"]
    if about:
        nav.append({strings.text(strings.BASE, "site.about"): about})
    return nav


def edition_of(file) -> str | None:
    """The edition a page belongs to, from its place in the site (facilitator/..., participant/...)."""
    return edition.FOLDERS.get(file.src_uri.split("/", 1)[0])


def on_nav(nav, config, files):
    # Material renders the whole navigation into every page; with both editions in one nav that
    # grows with the square of the page count. Each edition's pages get a navigation in which
    # the other edition is one link.
    sections = {}
    for item in nav.items:
        first_file = getattr(item.children[0], "file", None) if isinstance(item, Section) and item.children else None
        if first_file is not None and edition_of(first_file):
            sections[edition_of(first_file)] = item
    build.navs = {
        own: Navigation([Link(item.title, item.children[0].url) if item in sections.values() and item is not mine
                         else item for item in nav.items], nav.pages)
        for own, mine in sections.items()}
    # Previous/next links stay inside an edition: a handout never leads to a staff page.
    for page in nav.pages:
        for side in ("previous_page", "next_page"):
            other = getattr(page, side)
            if other is not None and edition_of(other.file) != edition_of(page.file):
                setattr(page, side, None)
    if build.audiences == edition.AUDIENCES:
        # Two pages per module: the second core converts pages' Markdown too (a build of one
        # edition leaves it too little time for that beside the checks). It starts from the last
        # page, MkDocs from the first; each page takes its HTML back when MkDocs renders it.
        ahead_pages = [f.page for f in files.documentation_pages() if type(f.page) is Page]
        for page in ahead_pages:
            page.__class__ = PageRenderedAhead  # the same page, rendered by the method below
        build.ahead = ahead.start(ahead_pages, config, files, render=Page.render, front_matter=get_data)
    return nav


class PageRenderedAhead(Page):
    """A page that may have been turned into HTML ahead, in the forked process (iopcurriculum.ahead)."""

    def render(self, config, files):
        if not ahead.take(self, files, build.ahead):
            super().render(config, files)


def on_page_content(html, page, config, files):
    # Checklist boxes get their item's text as their label (accessible name, bigger target).
    return checklists.label_checkboxes(html)


def quality_report_waited() -> "quality.QualityReport":
    """The quality report, waited for once; its warnings are logged then (a warning fails a
    strict build, and the previous site stays)."""
    if build.checked is None:
        try:
            report = build.quality.result()
        except Exception as err:  # the checks themselves broke: say so, not a traceback
            raise PluginError(f"the quality checks failed: {type(err).__name__}: {err}") from None
        build.checked = report
        for problem in report.warnings:
            log.warning(str(problem))
    return build.checked


def on_env(env, config, files):
    if build.ahead is not None:  # every page has its HTML by now
        build.ahead.close()
    # Plain links in the navigation, written in Python (overrides/partials/nav-item.html).
    env.globals["cur_nav_link"] = navigation.plain_link
    # Words the templates show a reader, from the strings table: cur_text(language, key).
    env.globals["cur_text"] = strings.text
    # MkDocs makes a new template environment for every build, which compiles Material's
    # templates again (about 0.13 s a build; every save in `mkdocs serve`). Jinja keeps them compiled,
    # keyed by each template's source, and compiles again what has changed.
    compiled = build.cache("templates")
    try:
        compiled.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(compiled))
    except OSError:
        pass  # a project folder that cannot be written to: templates compiled each build, as before
    if build.quality is None:
        start_checks(config)
    build.side.close()
    if build.staging is None:
        # Not staged (`mkdocs serve`): MkDocs starts writing after this event, so quality errors
        # stop the build here. A staged build goes on while the checks run, and waits for them
        # in on_post_build: a failure there leaves the previous site as it was.
        checks_passed()
    return env


def checks_passed() -> None:
    report = quality_report_waited()
    if report.errors:
        raise PluginError(str(CurriculumError(report.errors)))


@event_priority(100)  # before the search plugin indexes the page
def on_page_context(context, page, config, nav):
    if page.file.src_uri == quality_report.HEALTH_URI:
        # The "Curriculum health" page is made last, from the checks' report, so the build only
        # waits for the checks when it has nothing else left to do.
        page.markdown = quality_report.health_body(quality_report_waited())
        page.render(config, build.files)
    own = edition_of(page.file)
    if own in build.navs:
        context["nav"] = build.navs[own]
    return context


@event_priority(-1000)  # after every plugin: the search index (-100 in offline copies) is written by then
def on_post_build(config):
    # PDFs, then the participant edition read back as written: files only staff pages use are
    # removed, pages checked for foreign loads and active content, and no facilitator sentence
    # may be in any file (the leak gate). All of it is in site_dir (the staging folder in a
    # build), so a failure here leaves the previous site as it was.
    checks_passed()
    site = Path(config.site_dir)
    jobs = write_pdfs(config, site) if build.pdf else []
    schedule.write_files(build.program, build.curriculum, build.editions, site)  # schedule.ics
    if edition.PARTICIPANT not in build.audiences:
        make_books_later()
        return
    reading = published.read_site(site, leakgate.participant_files(site, build.editions), build.docs_files)
    if build.audiences == (edition.PARTICIPANT,):
        used = reading.referenced | published.referenced_by_print(site, jobs)
        removed = published.prune(site, build.docs_files, used)
        if removed:
            log.info(f"Left out of the participant site, as only staff pages use them: {', '.join(removed)}")
    if reading.problems:
        raise PluginError("The participant edition would load from other sites or run code:\n  "
                          + "\n  ".join(reading.problems))
    try:
        report = leakgate.gate(site, build.editions, build.leak_prints, remember=PROCESS.current == "serve")
    except (leakgate.LeakError, leakgate.GateError) as err:
        raise PluginError(str(err)) from None
    log.info(str(report))
    make_books_later()


def make_books_later() -> None:
    if build.books_later:
        print_later.make_later(build.books_later, build.cache("pdf"), build.opts.workers,
                               build.editions, build.leak_prints, log)


def write_pdfs(config, site: Path) -> list:
    # PDFs after the pages, from the documents the pages were made from: they take longest.
    md = print_paper.Markdown(config.markdown_extensions, config.mdx_configs)
    cache = build.cache("pdf")
    workers = build.opts.workers
    try:
        jobs = print_documents.jobs(build.curriculum, build.editions, site, md, documents=build.documents,
                                    web=build.handouts_web, keep=PROCESS.current == "serve")
        jobs += schedule.print_jobs(build.program, build.curriculum, build.editions, site, md)
        now = jobs
        if PROCESS.current == "serve":  # a live preview: the books follow the pages (printing/later.py)
            print_later.wait()
            build.books_later = [job for job in jobs if job.book]
            now = [job for job in jobs if not job.book]
        log.info(f"Building {len(now)} PDFs with {min(workers, len(now))} worker(s)"
                 + (f"; the {len(build.books_later)} books after the pages" if build.books_later else ""))
        report = print_render.render_all(now, cache, workers, progress=log.info, warn=log.warning)
        print_render.prune(cache)
    except PrintError as err:
        raise PluginError(str(err)) from None
    log.info(f"PDFs: {len(report.rendered)} rendered, {len(report.cached)} unchanged (from the cache), "
             f"in {report.seconds:.1f} s")
    return jobs


def on_build_error(error):
    if build is not None and build.ahead is not None:
        build.ahead.close()
    if build is not None and build.staging is not None:
        build.staging.fail()
        build.staging = None


def on_shutdown():
    if build is not None and build.staging is not None:
        build.staging.finish()
        build.staging = None
