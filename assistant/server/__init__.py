"""The web endpoint: the long-running engine (engine), HTTP schemas (schemas), middleware
(middleware), routes (app) and the page (web/index.html).
"""
