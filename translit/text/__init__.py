"""Urdu and English text handling that needs no model: normalisation and segmentation."""
