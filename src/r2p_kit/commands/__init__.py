"""One module per ``r2p-kit`` subcommand (listed in ``r2p_kit.cli.COMMANDS``).

Each has a docstring (its --help description), ``add_arguments(parser)`` and ``run(args)``,
and imports the heavy parts of the library only inside ``run``.
"""
