import hashlib

from helpers.data import load
from helpers.synthetic import generate


def digest(folder):
    return hashlib.sha256(b"".join((folder / f"{t}.csv").read_bytes() for t in ("people", "detentions", "responses"))).hexdigest()


def test_generator_scales_the_real_data_and_validates(tmp_path):
    real = load()
    out = generate(3, tmp_path / "x3", seed=5)
    ds = load(out)
    assert len(ds.detentions) == 3 * len(real.detentions)
    assert len(ds.charges) == 3 * len(real.charges) and len(ds.responses) == 3 * len(real.responses)
    assert len(ds.criminal_code) == len(real.criminal_code)
    assert digest(out) == digest(generate(3, tmp_path / "again", seed=5))
    assert digest(out) != digest(generate(3, tmp_path / "other", seed=6))
