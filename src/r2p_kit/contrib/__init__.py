"""Tools for contributors: ``r2p-kit new module`` (scaffold) and ``r2p-kit lint`` (checks)."""
