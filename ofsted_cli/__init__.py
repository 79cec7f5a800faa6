"""ofsted-cli: judgements, recommendations and metadata from Ofsted inspection reports.

The library comes first: :func:`ofsted_cli.core.extract_path` turns one file into a record
(a plain dict in the shape of the output contract). The CLI in :mod:`ofsted_cli.cli` is a
thin shell over it.
"""
__version__ = "0.2.0"
SCHEMA_VERSION = 1
