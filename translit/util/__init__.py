"""Small helpers shared by every layer: atomic file writes, reading (gzipped) text safely."""
