# The pre-commit mirror of adrift: a hook repository with no code of its
# own, whose one requirement is adrift's binary wheel, so the hook installs
# in seconds with no Rust toolchain (as ruff-pre-commit does for ruff).
# Published as a repository of its own, tagged per adrift release; the
# version pinned here is the release's.
from setuptools import setup

setup(
    name="adrift-pre-commit",
    version="0.1.0",
    install_requires=["adrift-adr==0.1.0"],
)
