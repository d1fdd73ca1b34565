"""Grading a class: collecting submissions, grading them in isolated workers,
storing results as they come, and writing gradebook, feedback and report."""
