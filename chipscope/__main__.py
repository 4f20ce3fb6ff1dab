"""``python -m chipscope`` and the ``chipscope`` / ``chipscope-cli`` entry points.

Without a command ChipScope opens its window; with one (``run``, ``assumptions``, ``data``,
``export-chart``) it works headless. Heavy imports happen inside :func:`main`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments and run the GUI or a command; return the exit status (130 after
    Ctrl+C, with one line saying so, also while the modules are still being imported).

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; defaults to ``sys.argv[1:]``.
    """
    try:
        return _main(argv)
    except KeyboardInterrupt:
        from chipscope.prog_name import error_line  # the standard library only: cheap

        print(error_line("interrupted"), file=sys.stderr)
        return 130


def _main(argv: Sequence[str] | None) -> int:
    from chipscope.platform_check import use_fallback_fontconfig

    use_fallback_fontconfig()  # before Qt loads fontconfig
    from chipscope.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
