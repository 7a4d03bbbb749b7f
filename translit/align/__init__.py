"""Alignment: sentence beads between a document and its translation, word links inside pairs."""

WORD_METHODS = ("lexicon", "attention")  # see translit.align.words; here so the CLI can list them without NumPy
