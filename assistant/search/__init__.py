"""Retrieval: questions become safe lexical queries, dense and lexical hits are fused, filtered.

lexical (FTS5 query building, word stems) · fuse (reciprocal rank fusion, a pure function) ·
retrieve (the Retriever: dense + BM25 + phrases + named authors; filters).
"""
