"""Source checking for authors: where a quote or claim comes from (cite), a manuscript's
quotations and citations (manuscript), reference exports (bibliography) and CSL styles (style).
"""
