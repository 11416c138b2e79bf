"""Answers built on retrieval: extractive answers and refusals, generated answers checked
sentence by sentence, the language-model client, and chat follow-ups.
"""
