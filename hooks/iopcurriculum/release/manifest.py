"""The release manifest: every published file with its SHA-256, so anyone can later prove which
bytes a release contained (for example, which handout a patient was given)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

MANIFEST_NAME = "manifest.json"


def file_digests(site: Path, skip: set[str] = frozenset()) -> list[dict]:
    files = []
    for path in sorted(p for p in site.rglob("*") if p.is_file() or p.is_symlink()):
        rel = path.relative_to(site).as_posix()
        if rel in skip:
            continue
        data = path.read_bytes()
        files.append({"path": rel, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)})
    return files


def write_manifest(site: Path, *, version: str, commit: str, date: str | None,
                   source_date_epoch: str | None, title: str, edition: str | None = None) -> Path:
    """Write manifest.json into `site`; it lists every file there except itself."""
    manifest = {
        "curriculum": title,
        "version": version,
        "edition": edition,
        "date": date,
        "commit": commit,
        "source_date_epoch": int(source_date_epoch) if source_date_epoch else None,
        "algorithm": "sha256",
        "files": file_digests(site, skip={MANIFEST_NAME}),
    }
    path = site / MANIFEST_NAME
    path.write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return path


def verify(site: Path) -> list[str]:
    """Files whose bytes differ from the manifest, or that are missing or unlisted."""
    manifest = json.loads((site / MANIFEST_NAME).read_text(encoding="utf-8"))
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    actual = {f["path"]: f["sha256"] for f in file_digests(site, skip={MANIFEST_NAME})}
    return sorted(p for p in listed.keys() | actual.keys() if listed.get(p) != actual.get(p))
