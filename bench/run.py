"""Measure the build side by side with plain mkdocs-material, at several curriculum sizes.

Every build runs as its own process; peak memory is sampled over that process and all its
worker processes together. The PDF stage's time is the one the build logs for it.
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
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

from support import projects
from support.serving import Serving

from .synth import PROSE, write_curriculum

REPO = Path(__file__).resolve().parent.parent




@dataclass
class Run:
    seconds: float
    peak_mib: float        # the largest single process (wait4)
    peak_tree_mib: float   # the build and all its worker processes, resident memory summed, sampled
    log: str


def _tree_rss_mib(root_pid: int) -> float:
    """Resident memory of a process and all its descendants, summed, from /proc/<pid>/status.
    Pages shared between processes (libraries, the forkserver's) count once per process, so this
    is an upper bound. Not PSS: smaps_rollup walks a process's page tables, about 14 ms for a
    1.4 GiB worker, and reading it four times a second slowed the PDF stage it measured."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total_kib, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            total_kib += int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1))
        except (OSError, AttributeError):
            pass  # the process ended meanwhile (or is a zombie, with no memory left)
        todo.extend(children.get(pid, []))
    return total_kib / 1024


class _TreeSampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0.0, threading.Event()

    def run(self):
        while not self.done.wait(0.25):
            self.peak = max(self.peak, _tree_rss_mib(self.pid))


def run_build(project: Path, env: dict | None = None) -> Run:
    full_env = dict(os.environ, NO_MKDOCS_2_WARNING="1",
                    PYTHONPATH=str(REPO / "hooks") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    full_env.update(env or {})
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=full_env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = _TreeSampler(proc.pid)
    sampler.start()
    log = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{log[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, sampler.peak, log)


def make_project(tmp: Path, modules: int, prose: str = "repeated") -> Path:
    """This project's site setup around a synthetic curriculum written in the given prose."""
    name = f"{modules}" if prose == "repeated" else f"{modules}-{prose}"
    write_curriculum(tmp / f"source-{name}" / "curriculum", modules, prose=prose)
    return projects.make_project(tmp / f"curriculum-{name}", tmp / f"source-{name}" / "curriculum")


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


def pdf_stage(log: str) -> dict:
    """What the build's log says of its PDF stage: rendered, taken from the cache, seconds."""
    match = re.search(r"PDFs: (\d+) rendered, (\d+) unchanged \(from the cache\), in ([\d.]+) s", log)
    if not match:
        raise SystemExit("the build logged no PDF stage:\n" + log[-2000:])
    return {"rendered": int(match.group(1)), "cached": int(match.group(2)), "seconds": float(match.group(3)),
            "rendered_files": re.findall(r"PDF \d+/\d+: (\S+)", log)}


def leak_gate(log: str) -> dict:
    """What the build's log says of its leak gate: files checked, PDFs among them, seconds."""
    match = re.search(r"Leak gate: no facilitator text in (\d+) participant files \((\d+) PDFs\), "
                      r"checked in ([\d.]+) s \(PDFs ([\d.]+) s\); (\d+) fingerprints, made earlier "
                      r"in ([\d.]+) s", log)
    if not match:
        raise SystemExit("the build logged no leak gate:\n" + log[-2000:])
    return {"files": int(match.group(1)), "pdfs": int(match.group(2)), "seconds": float(match.group(3)),
            "pdf_seconds": float(match.group(4)), "fingerprints": int(match.group(5)),
            "fingerprint_seconds": float(match.group(6))}


def touch_module(project: Path) -> str:
    """Change one module's summary, which both editions show."""
    path = sorted((project / "curriculum" / "modules").glob("*.md"))[0]
    path.write_text(path.read_text().replace("practice one skill", "practice one new skill", 1))
    return path.stem


def measure_html(size: int, tmp: Path, prose: str) -> dict:
    """The HTML build of both editions against plain Material, for one kind of prose."""
    project = make_project(tmp, size, prose)
    plain = run_build(make_plain_project(tmp, project)).seconds
    html = run_build(project, {"CURRICULUM_PDF": "0"})
    return {"modules": size, "prose": prose, "plain_seconds": plain, "html_seconds": html.seconds,
            "ratio": html.seconds / plain, "leak_gate": leak_gate(html.log)}


def measure_serve(size: int, tmp: Path, edits: int = 3) -> dict:
    """`mkdocs serve` on a curriculum of `size` modules: the seconds from saving an edited module
    to the rebuilt site with its page and its PDFs (MkDocs logs "Reloading browsers"), and to the
    books made after it ("Books ready"), for each of `edits` edits."""
    project = make_project(tmp, size)
    rebuilt, books = [], []
    with Serving(project) as server:
        server.wait_for("Serving on")
        server.wait_for("Books ready")  # the first build's
        path = sorted((project / "curriculum" / "modules").glob("*.md"))[0]
        for edit in range(edits):
            time.sleep(1.5)  # past the watcher's settle time, so each edit is its own rebuild
            start = time.monotonic()
            path.write_text(path.read_text(encoding="utf-8") + f"\nOne more sentence, edit {edit}.\n",
                            encoding="utf-8")
            server.wait_for("Reloading browsers")
            rebuilt.append(time.monotonic() - start)
            server.wait_for("Books ready")
            books.append(time.monotonic() - start)
    return {"modules": size, "rebuild_seconds": rebuilt, "books_seconds": books}


def measure(size: int, tmp: Path, pdf: bool, workers_compare: bool) -> dict:
    project = make_project(tmp, size)
    plain = make_plain_project(tmp, project)
    result: dict = {"modules": size}
    result["plain_material"] = asdict(run_build(plain))
    html = run_build(project, {"CURRICULUM_PDF": "0"})
    result["html_both_editions"] = asdict(html) | {"leak_gate": leak_gate(html.log)}
    # The public build: its gate reads every file of the site (search index, theme assets too).
    participant = run_build(project, {"CURRICULUM_PDF": "0", "CURRICULUM_EDITION": "participant"})
    result["html_participant_only"] = asdict(participant) | {"leak_gate": leak_gate(participant.log)}
    if pdf:
        first = run_build(project, {"CURRICULUM_PDF": "1"})
        result["first_full_build"] = asdict(first) | {"pdfs": pdf_stage(first.log), "leak_gate": leak_gate(first.log)}
        second = run_build(project, {"CURRICULUM_PDF": "1"})
        result["unchanged_rebuild"] = asdict(second) | {"pdfs": pdf_stage(second.log)}
        changed = touch_module(project)
        third = run_build(project, {"CURRICULUM_PDF": "1"})
        result["one_module_changed"] = asdict(third) | {"pdfs": pdf_stage(third.log), "module": changed}
        if workers_compare:
            for workers in (1, 2):
                shutil.rmtree(project / ".cache", ignore_errors=True)
                run = run_build(project, {"CURRICULUM_PDF": "1", "CURRICULUM_PDF_WORKERS": str(workers)})
                result[f"pdf_cold_{workers}_workers"] = pdf_stage(run.log)["seconds"]
    for value in result.values():
        if isinstance(value, dict):
            value.pop("log", None)
    return result


def _pdf_seconds(result: dict, run: str) -> float:
    return result[run]["pdfs"]["seconds"] if run in result else float("nan")


def _peak_mib(result: dict) -> float:
    """The largest memory of any build at one size, all processes together."""
    return max(v["peak_tree_mib"] for v in result.values() if isinstance(v, dict) and "peak_tree_mib" in v)


def report_html(results: list[dict]) -> str:
    lines = ["| modules | prose | plain Material (s) | HTML both editions (s) | ratio | leak gate in it (s) |",
             "|--:|---|--:|--:|--:|--:|"]
    for r in results:
        lines.append(f"| {r['modules']} | {r['prose']} | {r['plain_seconds']:.1f} | {r['html_seconds']:.1f} "
                     f"| {r['ratio']:.2f} | {r['leak_gate']['seconds']:.2f} |")
    lines += [f"- HTML of both editions at {r['modules']} modules, {r['prose']} prose: {r['ratio']:.2f} x plain "
              f"Material (target at most 2.5 at 100, for any realistic prose)" for r in results]
    return "\n".join(lines)


def report_serve(result: dict) -> str:
    def times(key: str) -> str:
        seconds = sorted(result[key])
        return f"{', '.join(f'{s:.1f}' for s in result[key])} s; median {seconds[len(seconds) // 2]:.1f} s"

    return (f"- `mkdocs serve` at {result['modules']} modules: one module edited and saved to the site rebuilt "
            f"with its page and PDFs, {times('rebuild_seconds')} (target at most 2 at 30); to the books "
            f"made after it, {times('books_seconds')}")


def report(results: list[dict]) -> str:
    by_size = {r["modules"]: r for r in results}
    lines = [f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}", "",
             "| modules | plain Material (s) | HTML both editions (s) | ratio | leak gate in it (s) "
             "| HTML participant only (s) | leak gate in it (s) | PDF stage (s) | unchanged PDF stage (s) "
             "| peak MiB, all processes |",
             "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    at_size = []
    for r in results:
        plain, html = r["plain_material"]["seconds"], r["html_both_editions"]["seconds"]
        gate = r["html_both_editions"]["leak_gate"]["seconds"]
        public, public_gate = r["html_participant_only"]["seconds"], r["html_participant_only"]["leak_gate"]["seconds"]
        peak = _peak_mib(r)
        lines.append(f"| {r['modules']} | {plain:.1f} | {html:.1f} | {html / plain:.2f} | {gate:.2f} | {public:.1f} "
                     f"| {public_gate:.2f} | {_pdf_seconds(r, 'first_full_build'):.1f} "
                     f"| {_pdf_seconds(r, 'unchanged_rebuild'):.1f} | {peak:.0f} |")
        at_size.append(f"- At {r['modules']} modules: HTML of both editions {html / plain:.2f} x plain Material "
                       f"(target at most 2.5 at 200); peak memory {peak:.0f} MiB (target under 2560 at 200)")
        if "first_full_build" in r:
            first = r["first_full_build"]["pdfs"]
            at_size.append(f"- PDF stage at {r['modules']} modules: {first['seconds']:.1f} s for {first['rendered']} PDFs "
                           f"(target at most 15 s at 200); {first['seconds'] / html:.2f} x the HTML build of both "
                           f"editions (target at most 1.5 at 100)")
        at_size.append(f"- Leak gate at {r['modules']} modules: {100 * gate / html:.1f}% of the HTML build of both "
                       f"editions (target at most 10% at 200); in a participant-only build {public_gate:.2f} s, "
                       f"{100 * public_gate / html:.1f}% of the both-editions build and {100 * public_gate / public:.1f}% "
                       f"of its own ({r['html_participant_only']['leak_gate']['files']} files); its fingerprints, made "
                       f"earlier, in the build's second process after the quality checks: "
                       f"{r['html_both_editions']['leak_gate']['fingerprint_seconds']:.2f} s and "
                       f"{r['html_participant_only']['leak_gate']['fingerprint_seconds']:.2f} s")
        if "first_full_build" in r:
            gate_pdf = r["first_full_build"]["leak_gate"]
            at_size.append(f"- Leak gate in the first full build at {r['modules']} modules: {gate_pdf['seconds']:.2f} s, "
                           f"of which {gate_pdf['pdf_seconds']:.2f} s for {gate_pdf['pdfs']} PDFs "
                           f"({100 * gate_pdf['seconds'] / _pdf_seconds(r, 'first_full_build'):.1f}% of the PDF stage)")
    lines += [""] + at_size
    if 50 in by_size and 200 in by_size:
        growth = by_size[200]["html_both_editions"]["seconds"] / by_size[50]["html_both_editions"]["seconds"]
        lines.append(f"- HTML 200/50 modules: {growth:.2f} (target at most 4.4)")
        if "first_full_build" in by_size[200]:
            growth = _pdf_seconds(by_size[200], "first_full_build") / _pdf_seconds(by_size[50], "first_full_build")
            lines.append(f"- PDF 200/50 modules: {growth:.2f} (target at most 4.4)")
    for r in results:
        if "pdf_cold_1_workers" in r:
            lines.append(f"- PDF speed-up on 2 workers vs 1 at {r['modules']} modules: "
                         f"{r['pdf_cold_1_workers'] / r['pdf_cold_2_workers']:.2f} (target at least 1.7)")
        if "unchanged_rebuild" in r:
            share = _pdf_seconds(r, "unchanged_rebuild") / _pdf_seconds(r, "first_full_build")
            lines.append(f"- Unchanged rebuild PDF stage at {r['modules']} modules: {100 * share:.1f}% of the first "
                         f"({r['unchanged_rebuild']['pdfs']['cached']} PDFs from the cache; target at most 10%)")
        if "one_module_changed" in r:
            changed = r["one_module_changed"]
            lines.append(f"- One module ({changed['module']}) changed at {r['modules']} modules: PDF stage "
                         f"{changed['pdfs']['seconds']:.1f} s (target at most 10 at 200); re-rendered "
                         f"{', '.join(sorted(changed['pdfs']['rendered_files']))}; "
                         f"{changed['pdfs']['cached']} PDFs from the cache")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,50,100,200", help="module counts (default 10,50,100,200; \"\" for none)")
    parser.add_argument("--no-pdf", action="store_true", help="measure HTML only")
    parser.add_argument("--workers-at", type=int, default=50,
                        help="size at which to compare 1 and 2 PDF workers (0: skip)")
    parser.add_argument("--html-at", type=int, default=100,
                        help="size at which to compare repeated and varied prose, HTML only (0: skip)")
    parser.add_argument("--serve-at", type=int, default=30,
                        help="size at which to time a `mkdocs serve` rebuild after one edit (0: skip)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    results, prose, serve = [], [], None
    with tempfile.TemporaryDirectory(prefix="curriculum-bench-") as tmp:
        for size in (int(s) for s in args.sizes.split(",") if s.strip()):
            print(f"measuring {size} modules ...", file=sys.stderr, flush=True)
            results.append(measure(size, Path(tmp), not args.no_pdf, size == args.workers_at))
        if args.html_at:
            for kind in PROSE:
                print(f"measuring {args.html_at} modules of {kind} prose ...", file=sys.stderr, flush=True)
                prose.append(measure_html(args.html_at, Path(tmp) / kind, kind))
        if args.serve_at:
            print(f"measuring a serve rebuild at {args.serve_at} modules ...", file=sys.stderr, flush=True)
            serve = measure_serve(args.serve_at, Path(tmp) / "serve")
    if results:
        print(report(results))
    if prose:
        print("\n" + report_html(prose))
    if serve:
        print(report_serve(serve))
    if args.json:
        Path(args.json).write_text(json.dumps({"sizes": results, "prose": prose, "serve": serve}, indent=2))
    return 0
