"""Across articles: attribution chains, figure comparison, outlets."""
