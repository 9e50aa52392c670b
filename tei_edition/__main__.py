"""Run the command line as `python -m tei_edition`."""

from tei_edition.cli import main

main()
