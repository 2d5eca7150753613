"""JobMatch: labour-market inclusion platform for anti-trafficking networks."""

__version__ = "0.1.0"
