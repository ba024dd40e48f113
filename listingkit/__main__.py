"""``python -m listingkit``, and the ``listingkit`` console script.

The command line (:mod:`listingkit.commands`, with click) is imported inside :func:`main`, so
that Ctrl-C in the first few tens of milliseconds, while it is imported, is the same one-line
message and exit code as later (where :mod:`listingkit.commands` catches it), not a traceback.
"""

import signal
import sys


def main() -> None:
    """Console-script entry point."""
    try:
        from listingkit.commands import main as run
    except KeyboardInterrupt:
        start = "\n" if sys.stderr.isatty() else ""  # (after the terminal's ^C)
        sys.stderr.write(f"{start}Error: interrupted by SIGINT; no output was left "
                         "half-written\n")
        raise SystemExit(128 + signal.SIGINT) from None
    run()


if __name__ == "__main__":
    main()
