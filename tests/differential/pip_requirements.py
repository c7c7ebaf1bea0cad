"""What pip would install from a requirements file, by name.

Usage: python3 pip_requirements.py FILE

Reads FILE with pip's own requirements-file parser
(pip._internal.req.req_file.parse_requirements, which follows -r and -c
includes) and builds each requirement the way `pip install -r` does
(install_req_from_parsed_requirement), without downloading anything.
Prints one line per requirement pip would install, in file order:

    name <pep503-normalised name>
    unnamed <link>        (pip can name it only by building it)

Constraint lines install nothing and are skipped. If pip rejects the file
(an unknown option, an invalid requirement, an unreadable include), the
last line is `error <message on one line>` and the exit status is 1.

The adrift test suite (tests/it/python.rs, `interop` feature) compares
these names with what `adrift check` reports.
"""

import os
import sys

from pip._internal.network.session import PipSession
from pip._internal.req.constructors import install_req_from_parsed_requirement
from pip._internal.req.req_file import parse_requirements
from pip._vendor.packaging.utils import canonicalize_name


def main(path: str) -> int:
    session = PipSession()
    try:
        for parsed in parse_requirements(path, session=session):
            if parsed.constraint:
                continue
            req = install_req_from_parsed_requirement(parsed)
            if req.name:
                print("name", canonicalize_name(req.name), flush=True)
            else:
                print("unnamed", req.link, flush=True)
    except RecursionError:
        print("error requirements files include each other in a cycle")
        return 1
    except Exception as e:  # pip's InstallationError and friends
        message = " ".join(str(e).split())
        print("error", type(e).__name__, message)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
