"""Smoke test of the benchmark (bench/): it runs, at a tiny size, and reports what it measured.
The real figures come from `make bench`, never from the test run."""
import json
import os
import subprocess
import sys

from conftest import REPO


def test_benchmark_runs_at_two_modules(tmp_path):
    out = tmp_path / "bench.json"
    env = dict(os.environ, PYTHONPATH=str(REPO / "hooks"))
    result = subprocess.run([sys.executable, "-m", "bench", "--sizes", "2", "--workers-at", "0", "--html-at", "2",
                             "--serve-at", "2", "--json", str(out)],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "| 2 |" in result.stdout and "target at most 10%" in result.stdout
    report = json.loads(out.read_text())
    [figures] = report["sizes"]
    assert figures["modules"] == 2
    assert figures["plain_material"]["seconds"] > 0 and figures["html_both_editions"]["seconds"] > 0
    first = figures["first_full_build"]["pdfs"]
    # 2 modules: 2 session guides, 2 handouts and 2 in large print, and 3 books
    assert first["rendered"] == 9 and first["cached"] == 0
    assert figures["unchanged_rebuild"]["pdfs"]["rendered"] == 0
    changed = figures["one_module_changed"]["pdfs"]
    assert sorted(changed["rendered_files"]) == ["pdf/facilitator-guide.pdf", "pdf/facilitator/module-001.pdf",
                                                 "pdf/participant-large/module-001.pdf",
                                                 "pdf/participant-workbook-large.pdf", "pdf/participant-workbook.pdf",
                                                 "pdf/participant/module-001.pdf"]
    assert figures["first_full_build"]["peak_tree_mib"] > 0
    assert "Leak gate at 2 modules:" in result.stdout
    both, public = figures["html_both_editions"]["leak_gate"], figures["html_participant_only"]["leak_gate"]
    assert both["files"] == 3 and both["pdfs"] == 0  # the participant index and two handouts
    assert public["files"] > both["files"] and public["pdfs"] == 0
    assert figures["first_full_build"]["leak_gate"]["pdfs"] == 6  # two handouts and the workbook, and in large print
    repeated, varied = report["prose"]
    assert (repeated["prose"], varied["prose"]) == ("repeated", "varied") and varied["ratio"] > 0
    assert "2 modules, varied prose:" in result.stdout
    serve = report["serve"]
    assert len(serve["rebuild_seconds"]) == 3 and all(s > 0 for s in serve["rebuild_seconds"])
    assert all(books > page for page, books in zip(serve["rebuild_seconds"], serve["books_seconds"]))
    assert "`mkdocs serve` at 2 modules" in result.stdout
