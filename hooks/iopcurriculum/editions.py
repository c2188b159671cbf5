"""The editions a curriculum is built into, as data: who each is for and what it is called.

Every other module names editions through these constants, so an edition added here (issue:
reader editions) is one entry, not a search through the code."""
from __future__ import annotations

FACILITATOR = "facilitator"
PARTICIPANT = "participant"
EDITIONS = (FACILITATOR, PARTICIPANT)

# The title of each edition's section of the site and of its index page.
TITLES = {FACILITATOR: "Facilitator guide", PARTICIPANT: "Handouts"}
