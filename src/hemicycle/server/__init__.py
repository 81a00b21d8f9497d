"""How Hemicycle is served: the ASGI stack in front of Django (static files, the requests-to-speak
fast path, admission into Django, one thread trip per request), SQLite's held connection, and the
`hemicycle serve` command. asgi.py puts the pieces together."""
