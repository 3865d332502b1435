"""IVO-listan säger per beslut: första rapport, upprepad rapport, eller anmälan att ett rapporterat
beslut verkställts (med datum och paragrafen i kraft); återrapporteringen citerar samma paragraf."""

from datetime import date

from arbetsbocker import skriv_bok
from evb_xl.lasning.underlag import las
from evb_xl.modell.beslut import bedom
from evb_xl.rapporter import aterrapportering, ivo
from evb_xl.regler.kvartal import Kvartal


def _lista(tmp_path, lagrum, kvartal, rader):
    fil = skriv_bok(tmp_path / "u.xlsx", [["Löpnr", "Kön", "Beslutsdatum", "Lagrum", "Typ av insats",
                                           "Beslutet verkställt", "Beslutet avslutat"],
                                          *[[i + 1, "Man", *r[:1], lagrum, *r[1:]] for i, r in enumerate(rader)]])
    u = las(fil, idag=date(2030, 1, 1))
    k = Kvartal.tolka(kvartal)
    b = bedom(u.tabell, k, k.slut)
    t, _ = ivo.tabell(u.tabell, b, k, k.slut, None)
    kol = ivo.RUBRIKER.index("Rapporteras som")
    return {r[-1]: r[kol] for r in t.rader}, u.tabell, b, k


def test_forsta_upprepad_och_anmalan_lss(tmp_path):
    som, t, b, k = _lista(tmp_path, "LSS", "2024Q1", [
        [date(2023, 8, 1), "9 § 3 Ledsagarservice", None, None],
        [date(2023, 11, 1), "9 § 3 Ledsagarservice", None, None],
        [date(2023, 8, 1), "9 § 3 Ledsagarservice", date(2024, 2, 15), None],
        [date(2023, 8, 1), "9 § 3 Ledsagarservice", None, date(2024, 3, 1)],
        [date(2023, 11, 1), "9 § 3 Ledsagarservice", date(2024, 3, 1), None],
    ])
    assert som == {2: "Upprepad rapport", 3: "Första rapport",
                   4: "Anmälan: rapporterat beslut verkställt 2024-02-15 (28 g § LSS)",
                   5: "Upprepad rapport (avslutat 2024-03-01)", 6: "Första rapport (verkställt 2024-03-01)"}
    tabeller = aterrapportering.tabeller(t, b, k, {})
    assert "28 g § LSS" in tabeller[0].undertitel


def test_anmalan_for_sol_citerar_lagen_i_kraft(tmp_path):
    for kvartal, beslut, verkstallt, paragraf in (
            ("2025Q2", date(2024, 11, 1), date(2025, 5, 10), "16 kap. 6 g § SoL"),
            ("2025Q3", date(2025, 2, 1), date(2025, 8, 10), "34 kap. 2 § SoL")):
        k = Kvartal.tolka(kvartal)
        som, t, b, _ = _lista(tmp_path, "SoL", kvartal, [[beslut, "Kontaktperson", verkstallt, None]])
        assert som == {2: f"Anmälan: rapporterat beslut verkställt {verkstallt} ({paragraf})"}, (kvartal, beslut)
        assert paragraf in aterrapportering.tabeller(t, b, k, {})[0].undertitel
