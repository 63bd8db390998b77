"""Renderers: pure functions from the published set to file contents (text or bytes)."""
