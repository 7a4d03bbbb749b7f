"""Alignment: sentence beads between a document and its translation, word links inside pairs."""
