"""Entry script of the PyInstaller bundle: the same ``main()`` as the ``chipscope`` launcher."""

import multiprocessing
import sys

from chipscope.__main__ import main

if __name__ == "__main__":
    # `sweep` and `calibrate` start worker processes: in a frozen bundle each worker re-runs
    # this executable, which must become the worker instead of starting the app again.
    multiprocessing.freeze_support()
    sys.exit(main())
