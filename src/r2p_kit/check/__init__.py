"""Answer checking: one matcher, exercise sheets, feedback reports, grading and answer keys.

Nothing here imports Sphinx or docutils, so ``r2p-kit check`` starts fast.
"""
