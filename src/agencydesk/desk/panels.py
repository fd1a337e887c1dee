"""Panels the desk adds to composed pages."""
