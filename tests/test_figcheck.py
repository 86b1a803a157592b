"""The figure check catches a stale figure CSV, a leftover one and a missing one."""

from helpers.figcheck import differences


def test_differences(tmp_path):
    committed, produced = tmp_path / "committed", tmp_path / "produced"
    committed.mkdir()
    produced.mkdir()
    (committed / "01_a.csv").write_text("year,n\n2024,3\n")
    (produced / "01_a.csv").write_text("year,n\n2024,4\n")
    (committed / "01_b.csv").write_text("same\n")
    (produced / "01_b.csv").write_text("same\n")
    (committed / "00_old.csv").write_text("x\n")
    (produced / "04_new.csv").write_text("y\n")
    out = differences(committed, produced)
    assert len(out) == 3
    assert out[0].startswith("figures/00_old.csv: committed, but no notebook writes it")
    assert out[1].startswith("figures/01_a.csv: the committed numbers differ") and "-2024,3 | +2024,4" in out[1]
    assert out[2].startswith("figures/04_new.csv: written by a notebook but not committed")
