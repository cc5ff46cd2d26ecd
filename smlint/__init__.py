"""smlint: a linter for Amazon SageMaker endpoint deployment requests."""

__version__ = "0.1.0"
