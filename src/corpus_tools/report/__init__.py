"""Showing results: notebook display helpers, charts, rendered reports."""
