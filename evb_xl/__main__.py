"""`python -m evb_xl ...` gör samma sak som kommandot `evb-xl ...` (också slutkoden)."""

import sys

from evb_xl.cli import main

if __name__ == "__main__":
    sys.exit(main())
