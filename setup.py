"""Map the top-level resource folders into the package, so wheels, sdists and `pip install .`
carry them: templates/ -> docgen/_resources/templates, assets/fonts/ -> docgen/_resources/fonts,
samples/ -> docgen/_resources/samples.  Everything else is in pyproject.toml; docgen.resources
finds the folders in either place (installed package or source checkout / editable install)."""

from setuptools import find_packages, setup

RESOURCES = {
    "docgen._resources.templates": "templates",
    "docgen._resources.fonts": "assets/fonts",
    "docgen._resources.samples": "samples",
}

setup(
    packages=find_packages(include=["docgen", "docgen.*"]) + list(RESOURCES),
    package_dir=RESOURCES,
    package_data={name: ["**/*"] for name in RESOURCES},
    include_package_data=False,     # only the globs above: no "absent from packages" warnings
    exclude_package_data={name: ["**/__pycache__/*", "**/*.pyc"] for name in RESOURCES},
)
