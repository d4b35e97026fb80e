"""One module per output format; each turns a generated :class:`~r2p_kit.quiz.generate.Quiz`
into text or bytes and never reads the bank YAML."""
