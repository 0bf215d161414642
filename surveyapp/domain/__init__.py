"""Framework-free core: question banks, unit trees, scoring, disclosure control, tokens.

Nothing under this package may import Flask, SQLAlchemy or Altair (an import-linter contract in
the test suite enforces it), so the rules that protect respondents are plain, fast-to-test code.
"""
