"""The index: embedding chunks and sentences, the versioned index folder, the incremental run.

embed (the Embedder protocol and the sentence-transformers model) · version (one version, open
for reading) · folder (which version is live; writing a new one) · indexer (what changed on disk
goes through ingest and embed into a new version).
"""
