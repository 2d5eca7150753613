"""Pure matching engine: no web, database or jobmatch.models imports."""
