"""Ingestion: a file becomes cleaned pages with printed labels, then chunks that carry their pages.

extract (text layer per page) → labels (printed page labels) → clean (repaired text) →
chunk (passages of whole sentences, one span per page). `manifest` reads sources.toml and
`metadata` turns a document's bibliographic data into names, chapters and short references.
"""
