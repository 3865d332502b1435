"""Reglerna i SPEC §3, varje kant med fasta datum (aldrig idag)."""

from datetime import date

import numpy as np
import pytest

from evb_xl.regler import frist as regler

D = date


def en(kolumn):
    v = kolumn[0]
    return None if np.isnat(v) else v.astype(date)


@pytest.mark.parametrize("bas, manader, vantat", [
    (D(2023, 11, 30), 3, D(2024, 2, 29)),   # skottår: februari har 29 dagar
    (D(2022, 11, 30), 3, D(2023, 2, 28)),   # inte skottår
    (D(2023, 8, 31), 3, D(2023, 11, 30)),   # november har 30 dagar
    (D(2023, 1, 31), 1, D(2023, 2, 28)),
    (D(2023, 2, 28), 1, D(2023, 3, 28)),    # inte 03-31: alltid från utgångsdatumet
    (D(2023, 10, 29), 3, D(2024, 1, 29)),   # över årsskiftet
    (D(2023, 12, 31), 3, D(2024, 3, 31)),
    (D(2024, 2, 29), 12, D(2025, 2, 28)),
    (D(2024, 2, 29), 48, D(2028, 2, 29)),
    (D(2024, 3, 31), -1, D(2024, 2, 29)),   # bakåt
    (D(2023, 5, 15), 0, D(2023, 5, 15)),
])
def test_edate_som_excel(bas, manader, vantat):
    assert en(regler.edate(bas, manader)) == vantat


def test_frist_tar_avbrottsdatum_fore_beslutsdatum():
    f = regler.frist([D(2023, 1, 12), D(2023, 11, 30)], [D(2023, 5, 25), None])
    assert [x.astype(date) for x in f] == [D(2023, 8, 25), D(2024, 2, 29)]


def test_frist_saknas_nar_inget_datum_finns():
    assert en(regler.frist([None], [None])) is None


@pytest.mark.parametrize("bas, slut, manader", [
    (D(2023, 11, 30), D(2024, 2, 29), 3),   # på fristdagen: exakt 3 (DATEDIF säger 2)
    (D(2023, 11, 30), D(2024, 2, 28), 2),
    (D(2023, 8, 31), D(2023, 11, 30), 3),
    (D(2023, 8, 31), D(2023, 11, 29), 2),
    (D(2023, 1, 15), D(2023, 1, 15), 0),
    (D(2023, 1, 15), D(2023, 2, 14), 0),
    (D(2023, 1, 15), D(2024, 7, 15), 18),
    (D(2022, 2, 28), D(2024, 2, 29), 24),
])
def test_hela_manader_raknas_som_fristen(bas, slut, manader):
    assert regler.hela_manader(bas, slut)[0] == manader


def test_dagar_ar_noll_pa_basdagen_och_raknar_till_stangning_eller_per():
    bas = regler.kolumn([D(2023, 1, 1)] * 3)
    stangd = regler.kolumn([None, D(2023, 1, 11), D(2023, 3, 1)])
    slut = regler.tid_slut(stangd, regler.kolumn([D(2023, 1, 1), D(2023, 2, 1), D(2023, 2, 1)]))
    assert list(regler.dagar(bas, slut)) == [0, 10, 31]


Q4 = (D(2023, 10, 1), D(2023, 12, 31))


@pytest.mark.parametrize("beslut, verkstallt, avslutat, vantat", [
    (D(2023, 8, 11), D(2023, 10, 29), None, False),   # verkställt inom tre månader (Löpnr 13)
    (D(2023, 8, 11), D(2023, 11, 11), None, False),   # verkställt på fristdagen: i tid
    (D(2023, 8, 11), D(2023, 11, 12), None, True),    # dagen efter fristen
    (D(2023, 6, 1), D(2023, 10, 1), None, True),      # verkställt på kvartalets första dag: med
    (D(2023, 6, 1), D(2023, 9, 30), None, False),     # dagen före: inte med
    (D(2023, 6, 1), None, None, True),                # öppet och försenat
    (D(2023, 9, 30), None, None, True),               # frist 2023-12-30 < 2023-12-31
    (D(2023, 10, 1), None, None, False),              # frist 2024-01-01 efter kvartalet
    (D(2023, 6, 1), None, D(2023, 12, 31), True),     # avslutat sista dagen: med
    (D(2023, 6, 1), D(2024, 1, 15), None, True),      # verkställt efter kvartalet: var försenat i det
])
def test_rapporteringspliktig(beslut, verkstallt, avslutat, vantat):
    bas = regler.kolumn([beslut])
    f = regler.edate(bas, 3)
    s = regler.stangd(bas, [verkstallt], [avslutat])
    assert bool(regler.rapporteringspliktig(f, s, *Q4)[0]) is vantat


@pytest.mark.parametrize("beslut, vantat", [(D(2023, 12, 31), False), (D(2023, 12, 30), True)])
def test_frist_pa_kvartalets_sista_dag_ar_inte_forsenad_an(beslut, vantat):
    """2023-12-31 + 3 mån = 2024-03-31, kvartalets sista dag: verkställs det då är det i tid."""
    bas = regler.kolumn([beslut])
    f = regler.frist(bas)
    assert bool(regler.rapporteringspliktig(f, regler.kolumn([None]), D(2024, 1, 1), D(2024, 3, 31))[0]) is vantat


def test_stangning_fore_basdatum_raknas_inte_och_lika_datum_ar_verkstallt():
    bas = regler.kolumn([D(2023, 5, 25), D(2023, 1, 1)])
    verk = regler.kolumn([D(2023, 1, 20), D(2023, 6, 1)])
    avsl = regler.kolumn([None, D(2023, 6, 1)])
    assert [en(regler.stangd(bas, verk, avsl)[i:i + 1]) for i in range(2)] == [None, D(2023, 6, 1)]
    assert list(regler.verkstalld_forst(bas, verk, avsl)) == [False, True]


def test_status_vid_matdatum():
    stangd = regler.kolumn([None, D(2023, 12, 1), D(2023, 12, 1), D(2023, 12, 31)])
    forst = np.array([False, True, False, True])
    s = regler.status(stangd, forst, regler.kolumn([D(2023, 12, 30)]))
    assert list(s) == [regler.EJ_VERKSTALLT, regler.VERKSTALLT, regler.AVSLUTAT, regler.EJ_VERKSTALLT]


def test_forsenad_dagen_efter_fristen_och_inte_om_stangd_senast_per():
    frist = regler.kolumn([D(2024, 2, 29)] * 4)
    stangd = regler.kolumn([None, None, D(2024, 3, 1), D(2024, 3, 5)])
    per = regler.kolumn([D(2024, 2, 29), D(2024, 3, 1), D(2024, 3, 1), D(2024, 3, 1)])
    assert list(regler.forsenad(frist, stangd, per)) == [False, True, False, True]


@pytest.mark.parametrize("manader, hink", [
    (0, "under 7 mån"), (6, "under 7 mån"), (7, "7–9 mån"), (9, "7–9 mån"), (10, "10–12 mån"),
    (12, "10–12 mån"), (13, "13–17 mån"), (17, "13–17 mån"), (18, "18 mån eller mer"), (45, "18 mån eller mer"),
])
def test_vantetid_i_ivos_hinkar(manader, hink):
    assert regler.vantetid([manader])[0] == hink


def test_forlopp_samlar_grunden_for_alla_regler():
    f = regler.forlopp([D(2023, 1, 12), D(2023, 8, 11)], [D(2023, 5, 25), None],
                       [D(2023, 1, 20), D(2023, 10, 29)], [None, D(2023, 10, 29)])
    assert [en(x) for x in (f.bas[:1], f.frist[:1], f.stangd[:1])] == [D(2023, 5, 25), D(2023, 8, 25), None]
    assert [en(x) for x in (f.bas[1:], f.frist[1:], f.stangd[1:])] == [D(2023, 8, 11), D(2023, 11, 11), D(2023, 10, 29)]
    assert list(f.verkstalld_forst) == [False, True]  # verkställt före basdatum räknas inte; lika datum: verkställt
