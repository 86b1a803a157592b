"""Committed notebooks are true records: executed, with outputs, on the python3 kernel.

nbval passes a notebook committed without outputs while testing nothing; this test fails it.
Report templates (notebooks/reports/) are rendered, not committed executed.
"""

import json

import pytest

from helpers import paths

NOTEBOOKS = sorted(p for p in paths.NOTEBOOKS.glob("*.ipynb"))
TEMPLATES = sorted(paths.REPORT_TEMPLATES.glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS and TEMPLATES


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_executed(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    unrun = [i for i, c in enumerate(code) if c.get("execution_count") is None]
    assert not unrun, f"{path.name}: code cells {unrun} are not executed"
    counts = [c["execution_count"] for c in code]
    assert counts == list(range(1, len(code) + 1)), f"{path.name}: cells were not run top to bottom in one go: {counts}"
    assert sum(len(c.get("outputs", [])) for c in code) > 0, f"{path.name}: no outputs at all"
    stamped = [i for i, c in enumerate(nb["cells"]) if "execution" in c.get("metadata", {})]
    assert not stamped, f"{path.name}: cells {stamped[:5]} carry execution timestamps (re-run with make notebooks)"
    errors = [
        o
        for c in code
        for o in c.get("outputs", [])
        if o["output_type"] == "error" or (o["output_type"] == "stream" and o["name"] == "stderr")
    ]
    assert not errors, f"{path.name}: committed with errors or warnings: {errors[:1]}"


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_report_template_has_parameters_cell(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: needs exactly one cell tagged 'parameters'"
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code"), (
        f"{path.name}: commit templates without outputs"
    )


@pytest.mark.parametrize("path", NOTEBOOKS + TEMPLATES, ids=lambda p: p.name)
def test_kernelspec_is_the_installed_kernels(path):
    """JupyterLab marks a notebook modified on opening when its kernelspec differs from the kernel's:
    commit the metadata the pinned kernel writes."""
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec("python3")
    ks = json.loads(path.read_text(encoding="utf-8"))["metadata"]["kernelspec"]
    assert ks == {"display_name": spec.display_name, "language": spec.language, "name": "python3"}
