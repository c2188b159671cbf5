"""Build a psychoeducation curriculum into a facilitator guide and participant handouts.

The pipeline, one module a stage:
  load     read curriculum/ and validate it        -> structure.Curriculum
  edition  select what one edition sees             -> Markdown per edition
  pages    lay out the site's pages                 -> generated Markdown pages
and the MkDocs hook file (hooks/curriculum_hooks.py) wires these into MkDocs events.
Nothing here imports MkDocs, so it is tested alone and could move to another generator.
"""
