"""Versioned releases for clinical leads.

  dates      "today" (injectable) and the reproducible build date (SOURCE_DATE_EPOCH)
  gitrepo    the few git operations a release and a comparison need
  reviews    review due dates: overdue is a warning in a build, an error in a release
  notes      curriculum/release-notes.yml and module changelogs -> "What's new"
  status     the "Curriculum status" page
  site       the facilitator pages this feature adds, and the checks every build runs
  validate   release validation: everything that must hold before a release is published
  manifest   every published file with its SHA-256
  publish    the release steps: commit the version, build, deploy with mike, tag
  compare    what changed between two releases, as text and as an HTML page
Nothing here imports MkDocs; publish runs it (and mike) as a subprocess and library.
"""
