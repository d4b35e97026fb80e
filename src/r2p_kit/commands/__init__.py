"""One module per ``r2p-kit`` subcommand: ``HELP``, ``add_arguments(parser)``, ``run(args)``."""
