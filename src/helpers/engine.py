"""The kernel engine: one warm Jupyter kernel per worker process, reused report after report.

Before each report the kernel's namespace is reset (``%reset -f``), so modules imported once stay
imported and no state leaks from one report to the next; the notebook is parameterised with
papermill, run with nbclient and exported to self-contained HTML (code hidden) in-process.
"""

from __future__ import annotations

import os
import subprocess
import time
from functools import cache
from typing import TYPE_CHECKING

from . import paths
from .reportplan import RenderError, ReportSpec

if TYPE_CHECKING:
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbformat import NotebookNode


CELL_TIMEOUT = 300
RESET_SOURCE = "%reset -f\nimport matplotlib.pyplot as _plt\n_plt.close('all')\ndel _plt"


class KernelEngine:
    """A warm kernel and its notebook client, started on first use and kept until :meth:`shutdown`."""

    def __init__(self) -> None:
        self.km = None
        self.client = None

    def kernel(self) -> KernelManager:
        """The kernel, started on first use (retried once: kernels started together can race)."""
        if self.km is not None and self.km.is_alive():
            return self.km
        from jupyter_client.manager import KernelManager

        last = None
        for _ in range(2):
            try:
                km = KernelManager(kernel_name="python3")
                km.start_kernel(
                    cwd=str(paths.REPORT_TEMPLATES),
                    env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )  # cell output travels over ZMQ
                self.km = km
                return km
            except Exception as exc:  # pragma: no cover - depends on port races
                last = exc
                time.sleep(0.5)
        raise RenderError(f"could not start a kernel: {last}")

    def notebook_client(self) -> NotebookClient:
        """The notebook client on the warm kernel (channels opened once, not per report)."""
        import nbformat
        from nbclient import NotebookClient

        km = self.kernel()
        if self.client is None or self.client.km is not km:
            spec = km.kernel_spec
            kernelspec = {"display_name": spec.display_name, "language": spec.language, "name": "python3"}
            placeholder = nbformat.v4.new_notebook(metadata={"kernelspec": kernelspec})
            client = NotebookClient(placeholder, km=km, kernel_name="python3", timeout=CELL_TIMEOUT)
            client.kc = km.client()
            client.kc.start_channels()
            client.kc.wait_for_ready(timeout=60)
            self.client = client
        return self.client

    def run(self, nb: NotebookNode) -> None:
        """Execute ``nb`` on the warm kernel after resetting its namespace."""
        import nbformat

        client = self.notebook_client()
        reset = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(RESET_SOURCE)])
        client.nb = reset
        client.execute_cell(reset.cells[0], 0)
        client.nb = nb
        client.resources = {"metadata": {"path": str(paths.REPORT_TEMPLATES)}}
        client.reset_execution_trackers()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)

    def shutdown(self) -> None:
        if self.client is not None:
            try:
                self.client.kc.stop_channels()
            except Exception:
                pass
            self.client = None
        if self.km is not None:
            try:
                self.km.shutdown_kernel(now=True)
            except Exception:
                pass
            self.km = None

    def alive(self) -> bool:
        return self.km is not None and self.km.is_alive()


@cache
def engine() -> KernelEngine:
    """This process's engine (one per worker process), shut down when the process exits."""
    import atexit

    e = KernelEngine()
    atexit.register(e.shutdown)
    return e


def parameterised(spec: ReportSpec) -> NotebookNode:
    """The report's template with its parameters injected by papermill (after the 'parameters' cell)."""
    import nbformat
    from papermill.parameterize import parameterize_notebook

    nb = nbformat.read(spec.template, as_version=4)
    for cell in nb.cells:  # papermill expects every cell to carry a tags list
        cell.metadata["tags"] = list(cell.metadata.get("tags", []))
    nb.metadata["papermill"] = {}
    nb = parameterize_notebook(nb, spec.params, report_mode=False)
    for index, cell in enumerate(nb.cells):  # stable cell ids: new cells otherwise get random ones
        cell["id"] = f"cell-{index}"
    return nb


def execute(spec: ReportSpec, *, fresh_kernel: bool = False) -> NotebookNode:
    """Parameterise the report's template with papermill and run it; returns the executed notebook.

    With a warm kernel the namespace is reset first (``%reset -f``, figures closed), so no state
    from the previous report survives; imported modules stay imported, which is the point.
    """
    from nbclient import NotebookClient

    nb = parameterised(spec)
    try:
        if fresh_kernel:
            NotebookClient(
                nb, kernel_name="python3", timeout=CELL_TIMEOUT, resources={"metadata": {"path": str(paths.REPORT_TEMPLATES)}}
            ).execute()
        else:
            engine().run(nb)
    except Exception as exc:
        if engine().km is not None and not engine().alive():
            engine().shutdown()
        raise RenderError(describe(exc)) from None
    leaks = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error" or (o.get("output_type") == "stream" and o.get("name") == "stderr")
    ]
    if leaks:
        first = leaks[0]
        text = first.get("text") or f"{first.get('ename')}: {first.get('evalue')}"
        raise RenderError(f"the report printed to stderr or raised: {str(text).strip()[:300]}")
    return nb


def describe(exc: Exception) -> str:
    ename = getattr(exc, "ename", None)
    evalue = getattr(exc, "evalue", None)
    if ename:
        return f"{ename}: {evalue}"
    return f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"


@cache
def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="offline",
        extra_template_basedirs=[str(paths.TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def to_html(nb: NotebookNode, title: str) -> str:
    """Self-contained HTML with code hidden; no scripts or styles fetched from the web."""
    nb.metadata["title"] = title
    body, _ = _exporter().from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body
