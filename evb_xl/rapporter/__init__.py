"""Rapporterna: modellen till dokumentbeskrivningar (bilagorna, Kontroll, trend, väntetid ...)."""
