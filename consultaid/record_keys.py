"""Names under which a consultation keeps facts that are not candidacy factors.

They are stored with the answers (one value each, saved at once like everything else) and read by
the consent summary, which prints an interpreter's and a representative's signature blocks.
"""

INTERPRETER = "interpreter"  # {"name": …, "language": …} when an interpreter was used
REPRESENTATIVE = "representative"  # {"name": …, "relationship": …} when one consents
