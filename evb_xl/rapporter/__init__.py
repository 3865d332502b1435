"""Rapporterna: modellen till dokumentbeskrivningar (bilagorna, Kontroll, trend, väntetid ...).

Varje rapportmodul registrerar sig i register.RAPPORTER; alla.py importerar dem alla, i
kommandonas och knapparnas ordning.
"""
