"""The question bank: one typed, validated, immutable model that every output is drawn from."""
