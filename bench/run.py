"""Measure the build side by side with plain mkdocs-material, at several curriculum sizes.

Every build runs as its own process; peak memory is the largest resident set of that process
and the processes it waited for (PDF workers included), from wait4.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

from .synth import write_curriculum

REPO = Path(__file__).resolve().parent.parent


def _load_test_support():
    """The tests' project set-up, shared rather than copied (loaded by path: some installed
    packages ship a top-level `tests` package that would shadow ours)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("curriculum_test_support", REPO / "tests" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tests_support = _load_test_support()


@dataclass
class Run:
    seconds: float
    peak_mib: float
    log: str


def run_build(project: Path, env: dict | None = None) -> Run:
    full_env = dict(os.environ, NO_MKDOCS_2_WARNING="1",
                    PYTHONPATH=str(REPO / "hooks") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    full_env.update(env or {})
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=full_env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{log[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, log)


def make_project(tmp: Path, modules: int) -> Path:
    """This project's site setup around a synthetic curriculum."""
    write_curriculum(tmp / f"source-{modules}" / "curriculum", modules)
    return tests_support.make_project(tmp / f"curriculum-{modules}", tmp / f"source-{modules}" / "curriculum")


def make_plain_project(tmp: Path, curriculum_project: Path) -> Path:
    """Plain mkdocs-material building the same Markdown files as ordinary pages, hooks removed."""
    project = tmp / f"plain-{curriculum_project.parent.name}"
    (project / "docs").mkdir(parents=True)
    with open(REPO / "mkdocs.yml", encoding="utf-8") as f:
        config = yaml_load(f)  # MkDocs' loader: it resolves !ENV tags
    config.pop("hooks", None)
    config.pop("extra_css", None)
    config["strict"] = False
    config["theme"].pop("custom_dir", None)
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    shutil.copy(REPO / "docs" / "index.md", project / "docs" / "index.md")
    shutil.copytree(curriculum_project / "curriculum" / "modules", project / "docs" / "modules")
    return project


def pdf_counts(log: str) -> dict:
    """How many PDFs the build rendered and took from the cache, as its log says."""
    match = re.search(r"(\d+) rendered, (\d+) unchanged", log)
    return {"rendered": int(match.group(1)), "cached": int(match.group(2))} if match else {}


def touch_module(project: Path) -> str:
    path = sorted((project / "curriculum" / "modules").glob("*.md"))[0]
    path.write_text(path.read_text().replace("Name two personal triggers.", "Name three personal triggers."))
    return path.stem


def measure(size: int, tmp: Path, pdf: bool, workers_compare: bool) -> dict:
    project = make_project(tmp, size)
    plain = make_plain_project(tmp, project)
    result: dict = {"modules": size}
    result["plain_material"] = asdict(run_build(plain))
    result["html_both_editions"] = asdict(run_build(project, {"CURRICULUM_PDF": "0"}))
    if pdf:
        first = run_build(project, {"CURRICULUM_PDF": "1"})
        result["first_full_build"] = asdict(first)
        result["pdf_stage"] = first.seconds - result["html_both_editions"]["seconds"]
        second = run_build(project, {"CURRICULUM_PDF": "1"})
        result["unchanged_rebuild"] = asdict(second) | {"pdfs": pdf_counts(second.log)}
        result["unchanged_pdf_stage"] = second.seconds - result["html_both_editions"]["seconds"]
        changed = touch_module(project)
        third = run_build(project, {"CURRICULUM_PDF": "1"})
        result["one_module_changed"] = asdict(third) | {"pdfs": pdf_counts(third.log), "module": changed}
        if workers_compare:
            for workers in (1, 2):
                shutil.rmtree(project / ".cache", ignore_errors=True)
                run = run_build(project, {"CURRICULUM_PDF": "1", "CURRICULUM_PDF_WORKERS": str(workers)})
                result[f"pdf_cold_{workers}_workers"] = run.seconds - result["html_both_editions"]["seconds"]
    for value in result.values():
        if isinstance(value, dict):
            value.pop("log", None)
    return result


def report(results: list[dict]) -> str:
    by_size = {r["modules"]: r for r in results}
    lines = [f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}", "",
             "| modules | plain Material (s) | HTML both editions (s) | ratio | PDF stage (s) | unchanged PDF stage (s) | peak MiB |",
             "|--:|--:|--:|--:|--:|--:|--:|"]
    for r in results:
        plain, html = r["plain_material"]["seconds"], r["html_both_editions"]["seconds"]
        peak = max(v["peak_mib"] for v in r.values() if isinstance(v, dict) and "peak_mib" in v)
        lines.append(f"| {r['modules']} | {plain:.1f} | {html:.1f} | {html / plain:.2f} | "
                     f"{r.get('pdf_stage', float('nan')):.1f} | {r.get('unchanged_pdf_stage', float('nan')):.1f} "
                     f"| {peak:.0f} |")
    lines.append("")
    if 50 in by_size and 200 in by_size:
        for key, name in (("html_both_editions", "HTML"),):
            growth = by_size[200][key]["seconds"] / by_size[50][key]["seconds"]
            lines.append(f"- {name} 200/50 modules: {growth:.2f} (target at most 4.4)")
        if "pdf_stage" in by_size[200]:
            lines.append(f"- PDF 200/50 modules: {by_size[200]['pdf_stage'] / by_size[50]['pdf_stage']:.2f} "
                         "(target at most 4.4)")
    for r in results:
        if "pdf_cold_1_workers" in r:
            lines.append(f"- PDF speed-up on 2 workers vs 1 at {r['modules']} modules: "
                         f"{r['pdf_cold_1_workers'] / r['pdf_cold_2_workers']:.2f} (target at least 1.7)")
        if "unchanged_pdf_stage" in r:
            lines.append(f"- Unchanged rebuild PDF stage at {r['modules']} modules: "
                         f"{100 * r['unchanged_pdf_stage'] / r['pdf_stage']:.0f}% of the first "
                         f"({r['unchanged_rebuild']['pdfs']}; target at most 10%)")
        if "one_module_changed" in r:
            lines.append(f"- One module changed at {r['modules']} modules: PDFs {r['one_module_changed']['pdfs']}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,50,200", help="module counts (default 10,50,200)")
    parser.add_argument("--no-pdf", action="store_true", help="measure HTML only")
    parser.add_argument("--workers-at", type=int, default=50,
                        help="size at which to compare 1 and 2 PDF workers (0: skip)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="curriculum-bench-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            print(f"measuring {size} modules ...", file=sys.stderr, flush=True)
            results.append(measure(size, Path(tmp), not args.no_pdf, size == args.workers_at))
    print(report(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0
