"""Identifiers are valid and unique; record noise appears at roughly the configured rates."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from touchpoint.synth import NoiseConfig, generate
from touchpoint.synth.catalog import read_extract
from touchpoint.synth.ids import nhs_check_digit, nhs_number, nino, upn, upn_check_letter
from touchpoint.synth.noise import NICKNAMES


def test_identifiers_are_unique_and_carry_valid_check_characters() -> None:
    nhs = [nhs_number(i) for i in range(20_000)]
    assert len(set(nhs)) == len(nhs)
    assert all(nhs_check_digit(n[:9]) == int(n[9]) for n in nhs)
    ninos = [nino(i) for i in range(20_000)]
    assert len({n[:8] for n in ninos}) == len(ninos)
    assert all(n[0] not in "DFIQUV" and n[1] not in "DFIOQUV" for n in ninos)
    upns = [upn(i) for i in range(20_000)]
    assert len(set(upns)) == len(upns)
    assert all(len(u) == 13 and upn_check_letter(u[1:]) == u[0] for u in upns)


def test_nickname_table_has_common_short_forms() -> None:
    assert "Vicky" in NICKNAMES["Victoria"] and "Tori" in NICKNAMES["Victoria"]
    assert "Bill" in NICKNAMES["William"]


def _gp_vs_truth(out: Path) -> tuple[list[dict[str, str]], dict[str, dict[str, str]]]:
    truth = {r["person_id"]: r for r in csv.DictReader((out / "labels/people.csv").open())}
    owner = {
        r["record_key"]: r["person_id"]
        for r in csv.DictReader((out / "labels/records.csv").open())
        if r["source"] == "gp.registrations"
    }
    regs = read_extract(out, "gp.registrations")
    for r in regs:
        r["_pid"] = owner[r["registration_id"]]
    return regs, truth


def test_zero_noise_reproduces_true_names_and_dobs(tmp_path: Path) -> None:
    quiet = NoiseConfig(
        typo=0,
        nickname=0,
        dob_swap=0,
        dob_missing=0,
        id_missing=0,
        address_variant=0,
        duplicate=0,
        old_surname=0,
    )
    generate(tmp_path, 600, seed=2, noise=quiet)
    regs, truth = _gp_vs_truth(tmp_path)
    for r in regs:
        t = truth[r["_pid"]]
        assert (r["given_name"], r["family_name"], r["date_of_birth"], r["nhs_number"]) == (
            t["forename"],
            t["surname"],
            t["date_of_birth"],
            t["nhs_number"],
        )


@pytest.mark.parametrize("kind", ["typo", "dob_swap", "id_missing", "duplicate"])
def test_noise_rate_is_roughly_as_configured(tmp_path: Path, kind: str) -> None:
    rate = 0.2
    cfg = NoiseConfig(**{f: (rate if f == kind else 0.0) for f in NoiseConfig.__slots__})
    generate(tmp_path, 1500, seed=9, noise=cfg)
    regs, truth = _gp_vs_truth(tmp_path)
    n = len(regs)
    if kind == "typo":  # forename and surname each get an independent chance
        observed = sum(r["given_name"] != truth[r["_pid"]]["forename"] for r in regs) / n
        expected = rate * 0.95
    elif kind == "dob_swap":  # only possible when day <= 12 and day != month
        eligible = [
            r
            for r in regs
            if int(truth[r["_pid"]]["date_of_birth"][8:]) <= 12
            and truth[r["_pid"]]["date_of_birth"][8:] != truth[r["_pid"]]["date_of_birth"][5:7]
        ]
        observed = sum(
            r["date_of_birth"] != truth[r["_pid"]]["date_of_birth"] for r in eligible
        ) / len(eligible)
        expected = rate
    elif kind == "id_missing":  # GP keeps NHS numbers better: a third of the base rate
        observed = sum(not r["nhs_number"] for r in regs) / n
        expected = rate / 3
    else:
        people = {r["_pid"] for r in regs}
        observed = (n - len(people)) / len(people)
        expected = rate
    assert expected * 0.6 < observed < expected * 1.4, (kind, observed, expected)
