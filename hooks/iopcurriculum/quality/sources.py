"""Sources: every module cites at least one real-looking source; an approved module must.

The schema already requires a non-empty `sources` list; this check also catches a list that
holds only placeholders ("TODO", "TBD", "citation needed"), which the schema cannot tell."""
from __future__ import annotations

import re

from ..problems import Problems
from ..structure import Module

PLACEHOLDER = re.compile(r"^\W*(?:todo|tbd|tba|fixme|xxx+|source|sources|citation(?: needed)?|"
                         r"reference|references|none|n/?a|\?+|-+)\W*$|\b(?:TODO|TBD|FIXME)\b", re.I)


def check_sources(module: Module, problems: Problems) -> None:
    line = module.lines.get("sources")
    placeholders = [s for s in module.sources if PLACEHOLDER.search(s)]
    for source in placeholders:
        problems.error(line, f"source \"{source}\" is a placeholder, not a citation: name the publication "
                             f"(author or agency, title, year)")
    if len(placeholders) == len(module.sources):
        who = "an approved module" if module.status == "approved" else "every module"
        problems.error(line, f"{who} cites at least one source, and this one cites none")
