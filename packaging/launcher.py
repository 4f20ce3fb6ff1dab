"""Entry script of the PyInstaller bundle: the same ``main()`` as the ``chipscope`` launcher."""

import sys

from chipscope.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
