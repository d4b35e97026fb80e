"""Quizzes from the bank: selection, seeded per-student variants, and one exporter per format."""
