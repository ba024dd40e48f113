"""Benchmarks time listingkit as it runs installed: with its bytecode compiled.

pip compiles a package's bytecode when it installs it, so users never pay for compiling at
import. A source checkout has none until Python writes it, and never when
PYTHONDONTWRITEBYTECODE is set: each timed child process would compile every module it
imports, and a command that imports more (check) would look slower against a baseline that
imports less (reading). :func:`compiled` writes the bytecode once, as pip would; children
read it whatever PYTHONDONTWRITEBYTECODE says.
"""

from __future__ import annotations

import compileall
from pathlib import Path


def compiled() -> None:
    """Compile the bytecode of the listingkit package being measured (quietly)."""
    import listingkit

    compileall.compile_dir(Path(listingkit.__file__).parent, quiet=1)
