import os
import sys
from pathlib import Path

# Testerna använder xlwings fjärrtolk (Book(json=...)) för att pröva knapparna mot xlwings riktiga
# Book-API. Den kräver en licensnyckel; PolyForm Noncommercial gäller offentlig verksamhet.
# Produkten själv kör med det vanliga (BSD-licensierade) xlwings i Excel och behöver ingen nyckel.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

sys.path.insert(0, str(Path(__file__).parent))
