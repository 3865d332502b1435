"""Skrivning: dokumentbeskrivningar till filer: mallen, stora tabeller, atomisk sparning, PDF, utfilernas namn."""
