"""The command-line front end.

BLAS runs on one thread here unless the user says otherwise: the matrix products of a search
are small (a question against a few thousand vectors), and waking a second BLAS thread for each
costs more than the product (search 7.0 -> 4.1 ms on the shared corpus), the more so in a
server whose requests already keep both cores busy. Set before numpy is first imported."""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
