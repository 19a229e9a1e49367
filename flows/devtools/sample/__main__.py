"""``python -m flows.devtools.sample ARCHIVE``: build the sample research archive there."""

import sys
from pathlib import Path

from flows.devtools.sample import build

if __name__ == "__main__":
    print(build(Path(sys.argv[1])))
