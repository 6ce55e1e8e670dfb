"""Test and benchmark machinery: hostile servers, loopback sites and listeners.

Not part of the installed package (``setup.py`` ships ``pipelines`` and ``schemas`` only); the
tests and ``python -m benchmarks.…`` import it from the repository root. Every HTTP server here
is a ``pipelines.demo.local_server.LocalServer``.
"""
