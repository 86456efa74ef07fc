"""`python -m qcdc_extract ...` runs the qcdc command line."""
from qcdc_extract.cli import main

if __name__ == "__main__":
    main()
