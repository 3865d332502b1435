from datetime import date, datetime

import pytest

from evb_xl.regler import datum
from evb_xl.regler.kvartal import Kvartal, KvartalFel


@pytest.mark.parametrize("varde, vantat", [
    (datetime(2023, 11, 20, 13, 5), date(2023, 11, 20)),
    (date(2023, 11, 20), date(2023, 11, 20)),
    ("2023-11-20", date(2023, 11, 20)),
    (" 2023-11-20 ", date(2023, 11, 20)),
    ("2023/11/20", date(2023, 11, 20)),
    ("23-11-20", date(2023, 11, 20)),
    ("231120", date(2023, 11, 20)),
    (231120, date(2023, 11, 20)),
    (231120.0, date(2023, 11, 20)),
    ("20231120", date(2023, 11, 20)),
    (20231120, date(2023, 11, 20)),
    (45260, date(2023, 11, 30)),
    (45260.75, date(2023, 11, 30)),
    ("45260", date(2023, 11, 30)),
    ("2023-11-20 00:00:00", date(2023, 11, 20)),
    (61, date(1900, 3, 1)),
    (1, date(1900, 1, 1)),
])
def test_datumformer(varde, vantat):
    assert datum.tolka(varde) == (vantat, False)


@pytest.mark.parametrize("varde", ["231204 (avbrottsdatum)", "2023-12-04 (avbrott)", "231204(Avbrottsdatum)"])
def test_avbrottsmarkering(varde):
    assert datum.tolka(varde) == (date(2023, 12, 4), True)


@pytest.mark.parametrize("varde", [None, "", "   "])
def test_tomt_ar_inget_datum(varde):
    assert datum.tolka(varde) == (None, False)


@pytest.mark.parametrize("varde", ["2023-13-01", "231340", "hej", "2023-02-30", 0, -3, True, "12/11", 3e7])
def test_olasbart_ar_fel_med_vardet(varde):
    with pytest.raises(datum.DatumFel) as e:
        datum.tolka(varde)
    assert str(varde) in str(e.value)


def test_serienummer_tur_och_retur():
    for d in (date(1900, 3, 1), date(2023, 11, 30), date(2024, 2, 29), date(9999, 12, 31)):
        assert datum.fran_serie(datum.till_serie(d)) == d


@pytest.mark.parametrize("text", ["2024Q1", "2024q1", "2024-Q1", "2024 kv 1", "2024 KV 1", "Q1 2024", "q1-2024", "2024 kv. 1"])
def test_kvartalsformer(text):
    k = Kvartal.tolka(text)
    assert (str(k), k.start, k.slut) == ("2024Q1", date(2024, 1, 1), date(2024, 3, 31))


@pytest.mark.parametrize("text", ["2024Q5", "2024Q0", "2024", "kvartal", "1/24", "124Q1", ""])
def test_okant_kvartal(text):
    with pytest.raises(KvartalFel):
        Kvartal.tolka(text)


def test_kvartalets_granser_och_senast_avslutade():
    assert Kvartal(2024, 2).slut == date(2024, 6, 30)
    assert Kvartal(2023, 4).slut == date(2023, 12, 31)
    assert Kvartal(2024, 1).foregaende() == Kvartal(2023, 4)
    assert Kvartal.senast_avslutade(date(2026, 11, 23)) == Kvartal(2026, 3)
    assert Kvartal.senast_avslutade(date(2026, 1, 1)) == Kvartal(2025, 4)
    assert Kvartal.senast_avslutade(date(2026, 3, 31)) == Kvartal(2025, 4)
