"""Editors of the dataset rows (Edit > Data...): see docs/data-editing.md."""
