"""Pages converted on the second core (iopcurriculum.forked, iopcurriculum.ahead) are the same
as pages MkDocs converts itself, and the work is shared without loss."""
from __future__ import annotations

import logging
import os
import time

from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from conftest import REPO
from iopcurriculum import ahead
from iopcurriculum.forked import Forked


def _slow_square(n: int) -> tuple[int, int]:
    time.sleep(0.005)
    return n * n, os.getpid()


def test_every_item_is_done_once_by_one_side_or_the_other():
    items = list(range(40))
    forked = Forked(items, _slow_square, key=lambda n: n)
    by_fork, by_build = [], []
    for n in items:
        made = forked.take(n)
        if made is None:
            by_build.append(n)
            time.sleep(0.005)  # the build doing the work itself
        else:
            assert made[0] == n * n and made[1] != os.getpid()
            by_fork.append(n)
    forked.close()
    assert sorted(by_fork + by_build) == items
    # The build works from the front, the forked process from the back: each did a share.
    assert by_build and by_fork and max(by_build) < min(by_fork)


def _logs_then_squares(n: int) -> int:
    logging.getLogger("mkdocs.test_ahead").warning("item %d looked at", n)
    return n * n


def test_what_the_work_logged_is_logged_again_when_its_result_is_taken(caplog):
    items = list(range(6))
    forked = Forked(items, _logs_then_squares, key=lambda n: n)
    time.sleep(0.5)  # let the forked process take them all
    with caplog.at_level(logging.WARNING, logger="mkdocs.test_ahead"):
        taken = [n for n in items if forked.take(n) is not None]
    forked.close()
    assert taken
    assert [r.getMessage() for r in caplog.records] == [f"item {n} looked at" for n in taken]
    assert all(r.levelno == logging.WARNING and r.name == "mkdocs.test_ahead" for r in caplog.records)


def test_a_refused_result_logs_nothing_and_leaves_the_work_to_the_build(caplog):
    forked = Forked([1, 2, 3], _logs_then_squares, key=lambda n: n)
    time.sleep(0.5)
    with caplog.at_level(logging.WARNING, logger="mkdocs.test_ahead"):
        assert forked.take(3, accept=lambda made: False) is None
    forked.close()
    assert not caplog.records


def _fails_on_three(n: int) -> int:
    if n == 3:
        raise ValueError("three")
    return n


def test_a_failure_in_the_forked_process_leaves_the_rest_to_the_build():
    items = list(range(6))
    forked = Forked(items, _fails_on_three, key=lambda n: n)
    time.sleep(0.5)
    made = {n: forked.take(n) for n in items}
    forked.close()
    assert made[3] is None and made[0] is None  # 3 failed; the process stopped there
    assert [made[n] for n in (4, 5)] == [4, 5]


def _project(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Welcome\n\nSee [the other page](other.md#second-part) and "
                                   "[a missing anchor](other.md#nowhere).\n\n## Part one {#one}\n\nText.\n")
    (docs / "other.md").write_text("---\ndescription: no title here\n---\n\n# Another page\n\n"
                                   "## Second part\n\n- [ ] a box\n\n<div markdown>\n\n**inside**\n\n</div>\n")
    config_text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    extensions = config_text[config_text.index("markdown_extensions:"):config_text.index("validation:")]
    (tmp_path / "mkdocs.yml").write_text(f"site_name: Test\n{extensions}")
    return load_config(str(tmp_path / "mkdocs.yml"))


def _toc(links) -> list:
    """A table of contents as plain data: every attribute of every entry, and its children's."""
    return [({k: v for k, v in vars(link).items() if k != "children"}, _toc(link.children)) for link in links]


def _attributes(page) -> dict:
    found = dict(vars(page))
    found["toc"] = (type(page.toc), _toc(page.toc))
    return found


def test_a_page_converted_ahead_equals_one_converted_by_mkdocs(tmp_path):
    # If a later MkDocs makes Page.render set more or other attributes, this fails: then
    # iopcurriculum.ahead must carry them too.
    config = _project(tmp_path)
    files = get_files(config)
    for file in files.documentation_pages():
        own = Page(None, file, config)
        own.read_source(config)
        own.render(config, files)
        expected = _attributes(own)

        page = Page(None, file, config)
        forked = ahead.start([page], config, files, render=Page.render, front_matter=get_data)
        page.read_source(config)
        time.sleep(0.3)  # the forked process has claimed and converted it
        assert ahead.take(page, files, forked)
        forked.close()
        assert _attributes(page) == expected
        assert page.content and page.toc
    assert files.get_file_from_path("other.md").page.title == "Another page"  # the title from the content


def test_a_page_whose_markdown_changed_is_not_taken(tmp_path):
    config = _project(tmp_path)
    files = get_files(config)
    page = Page(None, files.get_file_from_path("index.md"), config)
    forked = ahead.start([page], config, files, render=Page.render, front_matter=get_data)
    page.read_source(config)
    page.markdown += "\nOne more line from a plugin.\n"
    time.sleep(0.3)
    assert not ahead.take(page, files, forked)
    forked.close()
