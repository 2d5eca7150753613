"""Validated shapes of the exchange format, shared by the API, the web forms and the CLI."""
