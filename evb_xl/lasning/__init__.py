"""Läsning: arbetsbok (fil eller öppen bok) till modellen: rubrikrader, rader, bladet Inställningar."""
