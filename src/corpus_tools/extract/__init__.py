"""Extractors: each reads a prepared document and adds one layer.

Entities, attributions, time expressions, events (timeline) and figures.
"""
