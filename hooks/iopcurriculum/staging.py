"""A failed build leaves the previous site as it was: MkDocs writes into a staging folder
beside the real one, and the staging folder replaces the real one only when the build succeeds."""
from __future__ import annotations

import shutil
from pathlib import Path


class Staging:
    def __init__(self, site_dir: str | Path):
        self.site = Path(site_dir)
        self.staging = self.site.with_name(f".{self.site.name}.staging")
        self.failed = False

    def start(self) -> str:
        shutil.rmtree(self.staging, ignore_errors=True)
        return str(self.staging)

    def fail(self) -> None:
        self.failed = True
        shutil.rmtree(self.staging, ignore_errors=True)

    def finish(self) -> None:
        """Swap the staged site in; the old one is removed only after the swap."""
        if self.failed or not self.staging.is_dir():
            return
        old = self.site.with_name(f".{self.site.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if self.site.exists():
            self.site.rename(old)
        self.staging.rename(self.site)
        shutil.rmtree(old, ignore_errors=True)
