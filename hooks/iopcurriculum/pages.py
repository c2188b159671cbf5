"""Stage 3: lay out the site's pages for each edition, as Markdown with front matter.

A module's page sits at `<edition>/<id>.md`, so a link written `cravings.md` in a module
leads to the cravings page of the same edition.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import yaml

from . import dates, strings, web
from . import document as doc
from . import edition as ed
from .outputs import book_pdf, module_pdf, page_dir
from .structure import Curriculum, Module, Translation

# What a link to a PDF calls it (strings' page.print_*), by audience: one module's, the bound book's.
PRINT_LABELS = {ed.FACILITATOR: {False: ("print_session_guide",), True: ("print_facilitator_guide",)},
                ed.PARTICIPANT: {False: ("print_handout", "print_handout_large"),
                                 True: ("print_workbook", "print_workbook_large")}}
GET_HELP_ID = "get-help"  # the crisis box's id: the link at the top of every handout leads to it


@dataclass
class GeneratedPage:
    src_uri: str
    title: str
    edition: str
    markdown: str
    document: doc.Document | None = None  # a module's page: what print is made from too


def module_uri(edition: str, module_id: str) -> str:
    return f"{page_dir(edition)}/{module_id}.md"


def index_uri(edition: str) -> str:
    return f"{page_dir(edition)}/index.md"


def build_pages(curriculum: Curriculum, editions: tuple[str, ...], *, print_links: bool = False,
                directory_urls: bool = True, handouts: str | None = None) -> list[GeneratedPage]:
    """`print_links`: the PDFs are built, so each page links to its own. `handouts`: the address of
    the public handouts site, for a staff-only build's links to them."""
    pages: list[GeneratedPage] = []
    # Raw HTML links are not rewritten by MkDocs: they are written relative to each page's URL.
    module_root = "../../" if directory_urls else "../"
    documents = doc.documents(curriculum, editions)
    for edition in editions:
        book = print_link("../", edition, bound=True, module_id=None) if print_links else ""
        indexes = in_other_languages(edition, editions, "../", None, directory_urls)
        pages.append(GeneratedPage(index_uri(edition), ed.TITLES[edition], edition,
                                   edition_index(curriculum, edition, print_html=book, documents=documents,
                                                 languages=indexes)))
        for module in curriculum.modules:
            document = documents.get((edition, module.id))
            if document is None:
                continue  # not translated: the index says so
            link = print_link(module_root, edition, bound=False, module_id=module.id) if print_links else ""
            others = [(other, href) for other, href
                      in in_other_languages(edition, editions, module_root, module.id, directory_urls)
                      if (other, module.id) in documents]
            pages.append(GeneratedPage(module_uri(edition, module.id), document.title, edition,
                                       module_page(curriculum, document, editions, print_html=link,
                                                   handouts=handouts, languages=others), document))
    return pages


def in_other_languages(edition: str, editions: tuple[str, ...], root: str, module_id: str | None,
                       directory_urls: bool) -> list[tuple[str, str]]:
    """The same page (a module's, or the index when `module_id` is None) in the build's other
    editions for the same audience: (edition, its address from this page, by way of `root`)."""
    out = []
    for other in editions:
        if other != edition and ed.audience(other) == ed.audience(edition):
            if module_id is None:  # the index
                end = "" if directory_urls else "index.html"
            else:
                end = "/" if directory_urls else ".html"
            out.append((other, f"{root}{page_dir(other)}/{module_id or ''}{end}"))
    return out


def front_matter(**meta) -> str:
    # libyaml's dumper when there is one: a build writes one front matter a page.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return "---\n" + yaml.dump(meta, Dumper=dumper, sort_keys=False, allow_unicode=True) + "---\n\n"


def page_meta(edition: str, **meta) -> str:
    """A generated page's front matter: what it is, and for whom and in which language (the
    templates set `lang` and the interface's language from it)."""
    return front_matter(**meta, edition=edition, audience=ed.audience(edition), language=ed.language(edition))


def version_text(curriculum: Curriculum, module: Module | None, language: str = strings.BASE,
                 translation: Translation | None = None) -> str:
    """"Module version 1.2.0 · Recovery Skills version 1.1.0 · 2026-11-23": on pages and paper.
    A translation shows its own version, then the module's."""
    t = strings.Strings(language)
    parts = []
    if translation is not None:
        parts.append(t("page.translation_version", version=translation.version, module=module.version))
    elif module is not None:
        parts.append(t("page.module_version", version=module.version))
    parts.append(t("page.curriculum_version", title=curriculum.title, version=curriculum.version))
    if curriculum.date:
        parts.append(str(curriculum.date))
    return " · ".join(parts)


def draft_text(document: doc.Document | None, language: str = strings.BASE) -> str | None:
    """The draft mark of a document, or None: a module not yet reviewed by a clinician, or a
    translation not yet reviewed by a qualified translator."""
    if document is None:
        return None
    if document.module.is_draft:
        return strings.text(language, "page.draft")
    if document.is_draft:
        return strings.text(language, "page.draft_translation")
    return None


def version_line(curriculum: Curriculum, document: doc.Document | None = None, edition: str | None = None) -> str:
    language = ed.language(edition) if edition else strings.BASE
    module = document.module if document else None
    mark, draft = "", draft_text(document, language)
    if draft:
        mark = f'<p class="cur-draft" role="note"><strong>{html.escape(draft)}.</strong></p>\n'
    text = version_text(curriculum, module, language, document.translation if document else None)
    return f'<p class="cur-version">{html.escape(text)}</p>\n{mark}\n'


def stale_text(curriculum: Curriculum, document: doc.Document) -> str | None:
    """On a handout whose translation is older than the English text: a notice, dated, in its
    language (on the page and on paper)."""
    translation = document.translation
    if translation is None or not translation.stale:
        return None
    date = curriculum.date or dates.build_date().isoformat()
    return strings.text(document.language, "page.stale", date=date, translated=translation.translates_version,
                        current=document.module.version)


def stale_notice(curriculum: Curriculum, document: doc.Document) -> str:
    text = stale_text(curriculum, document)
    return f'<p class="cur-stale" role="note">{html.escape(text)}</p>\n\n' if text else ""


def review_text(module: Module, language: str = strings.BASE) -> str:
    t = strings.Strings(language)
    if module.review:
        r = module.review
        return t("staff.reviewed", status=status_name(module, language).capitalize(), reviewer=r.reviewer,
                 credentials=r.credentials, date=r.date.isoformat(), next_due=r.next_due.isoformat())
    return t("page.draft")


def group_name(module: Module, language: str = strings.BASE) -> str:
    return strings.text(language, f"staff.group.{module.group}")


def status_name(module: Module, language: str = strings.BASE) -> str:
    return strings.text(language, f"staff.status.{module.status}")


def print_link(root: str, edition: str, bound: bool, module_id: str | None) -> str:
    """Links to a page's PDFs: each format the edition is printed in."""
    e = ed.EDITION[edition]
    links = []
    for fmt, key in zip(e.formats, PRINT_LABELS[e.audience][bound]):
        href = root + (book_pdf(edition, fmt) if bound else module_pdf(edition, module_id, fmt))
        links.append(f'<a class="cur-print-link" href="{href}">{html.escape(strings.text(e.language, "page." + key))}</a>')
    return f'<p class="cur-print-links">{" · ".join(links)}</p>\n\n'


def language_links(languages: list[tuple[str, str]]) -> str:
    """Links to the same handout in the other languages built, each named in its own language."""
    if not languages:
        return ""
    links = [f'<a href="{href}" hreflang="{ed.language(other)}" lang="{ed.language(other)}">'
             f'{html.escape(strings.text(ed.language(other), "page.read_in"))}</a>' for other, href in languages]
    return f'<p class="cur-languages">{" · ".join(links)}</p>\n\n'


def help_link(language: str) -> str:
    """One tap to the crisis box, first on every participant page."""
    return (f'<p class="cur-help-link"><a href="#{GET_HELP_ID}">'
            f'{html.escape(strings.text(language, "page.get_help"))}</a></p>\n\n')


def module_page(curriculum: Curriculum, document: doc.Document, editions: tuple[str, ...],
                print_html: str = "", handouts: str | None = None, languages: list[tuple[str, str]] = ()) -> str:
    module = document.module
    edition = document.edition
    head = page_meta(edition, title=document.title, module=module.id) + f"# {document.title}\n\n"
    parts = "".join(text for _, text in content_parts(curriculum, document, editions, handouts))
    if document.audience == ed.FACILITATOR:
        return head + version_line(curriculum, document, edition) + print_html + parts
    # A participant page puts help first, and its version and date after the content.
    return (head + help_link(document.language) + language_links(languages) + stale_notice(curriculum, document)
            + parts + version_line(curriculum, document, edition) + print_html)


# What follows a module's title and version line, part by part, in order, by audience: the web
# page (content_parts) and the printed page (printing/paper.py) are both made of these.
PARTS = {ed.FACILITATOR: ("header", "body", "sources"),
         ed.PARTICIPANT: ("summary", "body", "get-help", "sources")}


def content_parts(curriculum: Curriculum, document: doc.Document, editions: tuple[str, ...],
                  handouts: str | None = None) -> list[tuple[str, str]]:
    """The web page's parts (PARTS), as Markdown."""
    module = document.module
    made = {
        "header": lambda: facilitator_header(curriculum, module, editions, handouts, document.language) + "\n",
        "summary": lambda: f'<p class="cur-summary">{html.escape(document.summary)}</p>\n\n',
        "body": lambda: document.body + "\n\n",
        "get-help": lambda: get_help(curriculum, document.language) + "\n",
        "sources": lambda: sources(module, document.language),
    }
    return [(name, made[name]()) for name in PARTS[document.audience]]


def facts(module: Module, language: str = strings.BASE) -> list[tuple[str, str]]:
    """"Session at a glance": the rows of the facilitator page's facts table."""
    t = strings.Strings(language)
    return [
        (t("staff.facts.duration"), t("staff.minutes", minutes=module.duration)),
        (t("staff.facts.group"), group_name(module, language)),
        (t("staff.facts.version"), module.version),
        (t("staff.facts.status"), status_name(module, language)),
        (t("staff.facts.review"), review_text(module, language)),
    ]


def facilitator_header(curriculum: Curriculum, module: Module, editions: tuple[str, ...],
                       handouts: str | None = None, language: str = strings.BASE) -> str:
    t = strings.Strings(language)
    rows = facts(module, language)
    table = (f'<table class="cur-facts">\n<caption>{html.escape(t("staff.facts.caption"))}</caption>\n'
             + "".join(f'<tr><th scope="row">{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>\n'
                       for k, v in rows)
             + "</table>\n")
    out = [f"{module.summary}\n", table]
    if ed.PARTICIPANT in editions:
        link = f"[{module.handout_title}](../{page_dir(ed.PARTICIPANT)}/{module.id}.md)"
        out.append(t("staff.handout.here", title=link) + "\n")
    elif handouts:
        link = f"[{module.handout_title}]({handouts}{ed.PARTICIPANT}/{module.id}/)"
        out.append(t("staff.handout.public", title=link) + "\n")
    else:  # the handouts are another site, at an address curriculum.yml does not give
        out.append(t("staff.handout.elsewhere", title=f"*{module.handout_title}*",
                     place=f"`{ed.PARTICIPANT}/{module.id}/`") + "\n")
    for edition in editions:  # the same handout in other languages, in this build
        translation = curriculum.translation(ed.language(edition), module.id)
        if ed.EDITION[edition].translated and translation is not None:
            link = (f"[{translation.title}](../{page_dir(edition)}/{module.id}.md)"
                    f'{{ hreflang="{ed.language(edition)}" }}')
            name = t(f"language_names.{ed.language(edition)}")
            out.append(t("staff.handout.translated", name=name, title=link)
                       + (" " + t("staff.handout.stale") if translation.stale else "") + "\n")
    # The plan first: it is what a facilitator looks at while running the group.
    out.append(session_plan(module, language))
    out.append(f"## {t('staff.objectives')}\n\n" + "".join(f"- {o}\n" for o in module.objectives))
    if module.materials:
        out.append(f"## {t('staff.materials')}\n\n" + "".join(f"- {m}\n" for m in module.materials))
    return "\n".join(out)


def session_plan(module: Module, language: str = strings.BASE) -> str:
    t = strings.Strings(language)
    lines = [f"## {t('staff.plan')}\n", '<div class="cur-plan" markdown>\n',
             _header_row(t, ("number", "segment", "minutes", "starts")), "|--:|---|--:|--:|"]
    for number, activity in enumerate(module.activities, 1):
        lines.append(f"| {number} | [{_cell(activity.title)}](#{activity.anchor}) | {activity.minutes} "
                     f"| {web.clock(activity.start)} |")
    total = sum(a.minutes for a in module.activities)
    lines.append(f"| | **{_cell(t('staff.total'))}** | **{total}** | {_cell(t('staff.end', time=web.clock(total)))} |")
    return "\n".join(lines) + "\n\n</div>\n"


def get_help(curriculum: Curriculum, language: str = strings.BASE) -> str:
    items = "".join(f"- **{r.name}**: {r.how}\n" for r in curriculum.crisis_in(language))
    return (f'<div class="admonition danger cur-get-help" id="{GET_HELP_ID}" markdown>\n'
            f'<p class="admonition-title">{html.escape(strings.text(language, "page.get_help"))}</p>\n\n'
            f"{items}\n</div>\n")


def sources(module: Module, language: str = strings.BASE) -> str:
    return (f'<div class="cur-sources" markdown>\n\n## {strings.text(language, "page.sources")}\n\n'
            + "".join(f"- {s}\n" for s in module.sources) + "\n</div>\n")


def edition_index(curriculum: Curriculum, edition: str, print_html: str = "",
                  documents: dict[tuple[str, str], doc.Document] | None = None,
                  languages: list[tuple[str, str]] = ()) -> str:
    """An edition's first page: its sessions or handouts, in the curriculum's order. A translated
    edition lists the handouts not yet translated apart, linked to the English ones."""
    title = ed.TITLES[edition]
    language = ed.language(edition)
    out = [page_meta(edition, title=title), f"# {title}\n"]
    if ed.audience(edition) == ed.FACILITATOR:
        out.append(version_line(curriculum, None, edition) + print_html)
        t = strings.Strings(language)
        out.append(t("staff.index_intro") + "\n")
        out.append(_header_row(t, ("session", "minutes", "group", "version", "status")) + "\n|---|--:|---|---|---|")
        for m in curriculum.modules:
            out.append(f"| [{_cell(m.title)}]({m.id}.md) | {m.duration} | {_cell(group_name(m, language))} "
                       f"| {m.version} | {_cell(status_name(m, language))} |")
        return "\n".join(out) + "\n\n"
    documents = documents if documents is not None else doc.documents(curriculum, (edition,))
    english = ed.english(edition)
    missing = [m for m in curriculum.modules if (edition, m.id) not in documents]
    out.append(help_link(language) + language_links(languages)
               + strings.text(language, "page.participant_index_intro") + "\n")
    for m in curriculum.modules:
        if (edition, m.id) in documents:
            d = documents[edition, m.id]
            out.append(f"- [{d.title}]({m.id}.md): {d.summary}")
    if missing and english != edition:
        out += ["", f"## {strings.text(language, 'page.untranslated_heading')}\n",
                strings.text(language, "page.untranslated") + "\n"]
        out += [f'- [{m.handout_title}](../{page_dir(english)}/{m.id}.md){{ hreflang="{ed.language(english)}" '
                f'lang="{ed.language(english)}" }}' for m in missing]
    out += ["", get_help(curriculum, language), version_line(curriculum, None, edition) + print_html]
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _header_row(t: strings.Strings, columns: tuple[str, ...]) -> str:
    """A staff table's header row (its words: strings' staff.column.*), as Markdown."""
    return "| " + " | ".join(_cell(t(f"staff.column.{name}")) for name in columns) + " |"
