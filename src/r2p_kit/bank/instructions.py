"""What each type of question asks the student to do, in one wording for every output.

The exercise sheet, the printed handout and the self-check page all say it the same way.
"""

from __future__ import annotations

from r2p_kit.bank.model import QuestionType

TASKS: dict[QuestionType, str] = {
    "single": "Choose one letter.",
    "multiple": "Choose all that apply.",
    "true-false": "True or false?",
    "short": "Write a short answer.",
    "numeric": "Write a number.",
    "ordering": "Put the letters in order, first to last.",
    "matching": "Match each number to a letter.",
    "cloze": "Fill in each blank.",
    "essay": "Write a short essay.",
}
