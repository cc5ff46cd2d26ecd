"""Helpers the tests share: request strategies (``strategies``), payload rendering with
positions (``payloads``)."""
