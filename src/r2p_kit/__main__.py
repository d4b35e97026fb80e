"""Allow ``python -m r2p_kit``."""

from r2p_kit.cli import main

raise SystemExit(main())
