"""Numbers read the same in every output: the bank's numbers exactly, scores to 0.01."""

from __future__ import annotations

import pytest

from r2p_kit.figures import plain_number, score_text


@pytest.mark.parametrize(
    ("value", "text"),
    [(2005.0, "2005"), (2005, "2005"), (0.5, "0.5"), (1e6, "1000000"), (-3.0, "-3"),
     (1e-7, "0.0000001"), (123456789012345.0, "123456789012345")],
)  # fmt: skip
def test_bank_numbers_as_a_person_writes_them(value: float, text: str) -> None:
    assert plain_number(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(2.0, "2"), (1 / 3, "0.33"), (2 / 3, "0.67"), (1e6, "1000000"), (-0.001, "0"), (0.5, "0.5")],
)
def test_scores_to_hundredths_never_in_exponents(value: float, text: str) -> None:
    assert score_text(value) == text
