"""r2p-kit: a teaching kit on the Responsibility to Protect."""

__version__ = "0.1.0"
