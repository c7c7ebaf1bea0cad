"""What pip would install from requirements files, by pip's own parser.

Usage: python3 pip_names.py [--constraint=]FILE...

Prints one JSON object: {"files": [{"file", "error", "requirements"}]}, one
entry per argument, where "requirements" lists what pip would install from
that file, following `-r` includes, each as {"name", "normalised", "file",
"line"}. "name" is null where pip cannot name the requirement without
downloading it (a bare archive URL or VCS URL with no `#egg=`); "text" then
holds the requirement as written. "error" is pip's message when pip rejects
the file (it would then install nothing), else null.

Requirements from `-c` constraint files are left out: a constraint only
limits versions and installs nothing. A FILE given as `--constraint=FILE` is
read as `pip install -c FILE` reads it: its lines are constraints, but what
it includes with `-r` is installed, as pip does. Nothing is downloaded: pip is given no
finder, and requirement files are local paths. Used by
tests/it/differential.rs (the `interop` feature) with pip 23.
"""

import json
import os
import re
import sys

from pip._internal.exceptions import InstallationError
from pip._internal.network.session import PipSession
from pip._internal.req.constructors import install_req_from_parsed_requirement
from pip._internal.req.req_file import parse_requirements


def normalise(name):
    """PEP 503."""
    return re.sub(r"[-_.]+", "-", name).lower()


def where(parsed):
    """(file, line) from pip's `comes_from`: "-r FILE (line N)"."""
    match = re.match(r"^-[rc] (.*) \(line (\d+)\)$", parsed.comes_from or "")
    if match:
        return os.path.normpath(match.group(1)), int(match.group(2))
    return parsed.comes_from or "", 0


def read(path, session, constraint):
    requirements = []
    for parsed in parse_requirements(path, session=session, constraint=constraint):
        if parsed.constraint:
            continue
        file, line = where(parsed)
        req = install_req_from_parsed_requirement(parsed)
        requirements.append(
            {
                "name": req.name,
                "normalised": normalise(req.name) if req.name else None,
                "text": parsed.requirement,
                "file": file,
                "line": line,
            }
        )
    return requirements


def main():
    session = PipSession()
    files = []
    for arg in sys.argv[1:]:
        constraint = arg.startswith("--constraint=")
        path = arg[len("--constraint="):] if constraint else arg
        entry = {"file": path, "error": None, "requirements": []}
        try:
            entry["requirements"] = read(path, session, constraint)
        except (InstallationError, SystemExit) as error:
            # optparse exits on a bad option line.
            entry["error"] = str(error) or "rejected"
        files.append(entry)
    json.dump({"files": files}, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
