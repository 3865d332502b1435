"""Modellen: besluten som typade kolumner, bedömningen för ett kvartal, fynd, inställningar och
rapporternas dokumentbeskrivning. Bygger bara på regler/."""
