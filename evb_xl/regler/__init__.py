"""Reglerna (SPEC §3, §4, §8, §9) som rena funktioner och datatabeller: datum, kvartal, personnummer,
insatskategorier och lagtexter, frist och rapporteringsplikt. Importerar ingen läsare, skrivare, Excel eller kommandorad."""
