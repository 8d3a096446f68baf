"""`python -m oncopos` behaves like the `oncopos` command."""

from oncopos.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
