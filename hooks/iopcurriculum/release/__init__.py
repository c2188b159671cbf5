"""Versioned releases for clinical leads.

  gitrepo    the few git operations a release and a comparison need
  notes      curriculum/release-notes.yml and module changelogs -> "What's new"
  status     the "Curriculum status" page
  site       the facilitator pages this feature adds, and the checks every build runs
  validate   release validation: everything that must hold before a release is published
  manifest   every published file with its SHA-256
  publish    the release steps: commit the version, build, deploy with mike, tag
  compare    what changed between two releases, as text and as an HTML page
Dates ("today", the reproducible build date) and review due dates are the package's dates.py
and reviews.py: builds and the quality checks use them too. Nothing here imports MkDocs; publish runs it (and mike) as a subprocess and library.
"""
