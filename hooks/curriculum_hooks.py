"""MkDocs hooks: wire the curriculum pipeline (hooks/iopcurriculum) into MkDocs events.

Only wiring lives here. This folder is on sys.path only while this file loads, so the
package is imported at the top.
"""
from __future__ import annotations

import logging
from pathlib import Path

from iopcurriculum import edition, handwritten, load, pages
from iopcurriculum.problems import CurriculumError, Problems
from iopcurriculum.staging import Staging
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

log = logging.getLogger("mkdocs.hooks.curriculum")
state: dict = {}


def on_startup(command, dirty):
    state["command"] = command


def on_config(config):
    # Everything is read and checked here, before MkDocs empties site_dir.
    root = Path(config.config_file_path).parent
    warnings = []
    try:
        editions = edition.selected_editions()
        curriculum = load.load(root / "curriculum", warnings=warnings)
        found: list[Problems] = []
        docs = handwritten.load_docs(Path(config.docs_dir), editions, found)
        errors = [p for group in found for p in group.errors]
        if errors:
            raise CurriculumError(errors)
    except (CurriculumError, edition.EditionError) as err:
        raise PluginError(str(err)) from None
    for problem in warnings:
        log.warning(str(problem))
    state.update(root=root, editions=editions, curriculum=curriculum, docs=docs,
                 pages=pages.build_pages(curriculum, editions))
    config.extra["curriculum"] = {"title": curriculum.title, "version": curriculum.version,
                                  "editions": list(editions)}
    if state.get("command") in ("build", "gh-deploy"):
        state["staging"] = Staging(config.site_dir)
        config.site_dir = state["staging"].start()
    return config


def on_serve(server, config, builder):
    server.watch(str(state["root"] / "curriculum"))
    return server


def on_files(files, config):
    docs = state["docs"]
    for file in list(files.documentation_pages(inclusion=InclusionLevel.is_included)):
        page = docs.get(file.src_uri)
        if page is None:
            files.remove(file)  # a staff-only page in a participant build
        else:
            file.content_string = page.markdown
    for page in state["pages"]:
        files.append(File.generated(config, page.src_uri, content=page.markdown))
    if not config.nav:
        config.nav = navigation(docs)
    return files


def navigation(docs) -> list:
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


def on_build_error(error):
    if "staging" in state:
        state["staging"].fail()


def on_shutdown():
    if "staging" in state:
        state.pop("staging").finish()
