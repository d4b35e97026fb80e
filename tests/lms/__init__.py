"""Tests that run the LMSs own import code; see conftest.py."""
