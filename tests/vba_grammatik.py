"""En liten, ärlig kontroll av VBA-källkod: det som gör att Felsök › Kompilera stannar i Excel.

Ingen VBA-tolk på PyPI gick att använda här (antlr4-vba-parser 0.0.2 går inte att bygga), och
pyopenvbas tolk läser inte xlwings.bas. Det här är ingen fullständig grammatik; det kontrollerar:
- att #If … #ElseIf … #Else … #End If går ihop, och sedan, för varje sorts Office som VBA-koden
  ska kompilera i (Windows 64 bitar, Windows 32 bitar, Mac, alla med VBA7), bara de rader som
  kompilatorn ser där (#Const och #If räknas ut som VBA gör):
- att varje block har sitt slut, i rätt ordning: Sub/Function/Property … End, If … End If (inte
  enradiga If), For/For Each … Next, Do … Loop, While … Wend, With … End With, Select Case …
  End Select, Type … End Type, Enum … End Enum;
- att Else/ElseIf/Case står i ett If- respektive Select-block och Exit Sub/Function/Property/For/Do
  i ett block av rätt sort;
- att varje Declare som kompileras under VBA7 är PtrSafe, som 64-bitars Office kräver;
- att GoTo/On Error GoTo går till en etikett i samma procedur;
- att procedurnamnen är unika i modulen;
- att texten bara är ASCII (projektets teckentabell är 1252; ASCII är samma överallt).
"""

from __future__ import annotations

import re

_BLOCK = [  # (början, slut) som reguljära uttryck över en sats utan kommentarer och strängar
    ("sub", r"^(?:(?:Public|Private|Friend)\s+)?(?:Static\s+)?Sub\s+\w+", r"^End\s+Sub$"),
    ("function", r"^(?:(?:Public|Private|Friend)\s+)?(?:Static\s+)?Function\s+\w+", r"^End\s+Function$"),
    ("property", r"^(?:(?:Public|Private|Friend)\s+)?(?:Static\s+)?Property\s+(?:Get|Let|Set)\s+\w+",
     r"^End\s+Property$"),
    ("for", r"^For\s+", r"^Next(?:\s+\w+)?$"),
    ("do", r"^Do(?:\s+(?:While|Until)\s+.*)?$", r"^Loop(?:\s+(?:While|Until)\s+.*)?$"),
    ("while", r"^While\s+", r"^Wend$"),
    ("with", r"^With\s+", r"^End\s+With$"),
    ("select", r"^Select\s+Case\s+", r"^End\s+Select$"),
    ("type", r"^(?:(?:Public|Private)\s+)?Type\s+\w+$", r"^End\s+Type$"),
    ("enum", r"^(?:(?:Public|Private)\s+)?Enum\s+\w+$", r"^End\s+Enum$"),
]
_PROCEDUR = {"sub", "function", "property"}


def _utan_strangar(rad: str) -> str:
    """Raden med varje strängs innehåll bortplockat och utan kommentar ('…)."""
    ut, i, i_strang = [], 0, False
    while i < len(rad):
        c = rad[i]
        if i_strang:
            if c == '"':
                if rad[i + 1:i + 2] == '"':
                    i += 2
                    continue
                i_strang = False
                ut.append('"')
        elif c == '"':
            i_strang = True
            ut.append('"')
        elif c == "'":
            break
        else:
            ut.append(c)
        i += 1
    if i_strang:
        raise ValueError("en sträng saknar sitt avslutande citattecken")
    text = "".join(ut).strip()
    return "" if re.match(r"^Rem(\s|$)", text) else text


def logiska_rader(kalla: str) -> list[tuple[int, str]]:
    """(radnummer, text) per logisk rad: fortsättningsrader ( _) ihopslagna, utan kommentarer
    och stränginnehåll, utan Attribute-rader."""
    ut, samlat, start = [], "", 0
    for nr, rad in enumerate(kalla.replace("\r\n", "\n").split("\n"), start=1):
        if not samlat:
            start = nr
        text = _utan_strangar(rad)
        if text.endswith(" _") or text == "_":
            samlat += text[:-1] + " "
            continue
        samlat += text
        if samlat.strip() and not samlat.startswith("Attribute "):
            ut.append((start, re.sub(r"\s+", " ", samlat.strip())))
        samlat = ""
    if samlat.strip():
        ut.append((start, samlat.strip()))
    return ut


def _satser(text: str) -> list[str]:
    """En logisk rad delad vid kolon (inte :=), med en ev. etikett först för sig."""
    delar = [d.strip() for d in re.split(r":(?!=)", text)]
    return [d for d in delar if d]


KONFIGURATIONER = {  # VBA:s egna kompileringskonstanter i varje sorts Office
    "Windows 64 bitar": {"VBA7": True, "VBA6": True, "Win64": True, "Win32": True, "Win16": False, "Mac": False},
    "Windows 32 bitar": {"VBA7": True, "VBA6": True, "Win64": False, "Win32": True, "Win16": False, "Mac": False},
    "Mac": {"VBA7": True, "VBA6": True, "Win64": False, "Win32": False, "Win16": False, "Mac": True},
}


def _kommentar_bort(rad: str) -> str:
    """Raden utan kommentar, med strängarna kvar (för #-direktiv)."""
    i_strang = False
    for i, c in enumerate(rad):
        if c == '"':
            i_strang = not i_strang
        elif c == "'" and not i_strang:
            return rad[:i].strip()
    return rad.strip()


def _varde(uttryck: str, konstanter: dict):
    """Ett #If-villkor eller #Const-värde uträknat som VBA gör (okända namn är Empty, dvs. falska)."""
    delar = re.split(r'("[^"]*")', uttryck)
    py = []
    for d in delar:
        if d.startswith('"'):
            py.append(repr(d[1:-1]))
            continue
        d = d.replace("<>", " != ").replace("<=", " <= ").replace(">=", " >= ")
        d = re.sub(r"(?<![<>!=])=(?!=)", " == ", d)
        d = re.sub(r"\b(And|Or|Not)\b", lambda m: m.group(1).lower(), d, flags=re.I)
        d = re.sub(r"\b(True|False)\b", lambda m: m.group(1).capitalize(), d, flags=re.I)
        d = re.sub(r"\b([A-Za-z_]\w*)\b",
                   lambda m: m.group(1) if m.group(1) in ("and", "or", "not", "True", "False")
                   else repr(konstanter.get(m.group(1), False)), d)
        py.append(d)
    return eval("".join(py), {"__builtins__": {}})  # noqa: S307 - bara konstanter och operatorer


def direktivfel(kalla: str, namn: str = "modul") -> list[str]:
    """Fel i #If/#ElseIf/#Else/#End If (oberoende av konstanternas värden)."""
    fel, oppna = [], []
    for nr, rad in enumerate(kalla.replace("\r\n", "\n").split("\n"), start=1):
        text = _kommentar_bort(rad)
        if not text.startswith("#"):
            continue
        m = re.match(r"^#(If|ElseIf|Else|End\s*If|Const)\b", text, re.I)
        if not m:
            fel.append(f"{namn}, rad {nr}: okänt kompileringsdirektiv '{text}'")
            continue
        d = m.group(1).lower().replace(" ", "")
        if d in ("if", "elseif") and not re.search(r"\bThen$", text, re.I):
            fel.append(f"{namn}, rad {nr}: #{m.group(1)} utan Then")
        if d == "if":
            oppna.append(nr)
        elif d in ("elseif", "else", "endif") and not oppna:
            fel.append(f"{namn}, rad {nr}: #{m.group(1)} utan #If")
        elif d == "endif":
            oppna.pop()
    return fel + [f"{namn}, rad {nr}: #If slutar aldrig" for nr in oppna]


def aktiva_rader(kalla: str, konstanter: dict) -> str:
    """Källan som kompilatorn ser med de här konstanterna: inaktiva rader och direktiv tomma."""
    konstanter = dict(konstanter)
    ut, stack = [], []  # stack: [gren aktiv, någon gren redan tagen, yttre aktiv]
    for rad in kalla.replace("\r\n", "\n").split("\n"):
        text = _kommentar_bort(rad)
        aktiv = all(g[0] for g in stack)
        m = re.match(r"^#(If|ElseIf|Else|End\s*If|Const)\b\s*(.*?)(?:\s+Then)?$", text, re.I)
        if not m:
            ut.append(rad if aktiv else "")
            continue
        d, resten = m.group(1).lower().replace(" ", ""), m.group(2)
        if d == "const" and aktiv:
            namn_, varde = resten.split("=", 1)
            konstanter[namn_.strip()] = _varde(varde.strip(), konstanter)
        elif d == "if":
            sant = bool(_varde(resten, konstanter)) if aktiv else False
            stack.append([sant, sant])
        elif d == "elseif" and stack:
            sant = not stack[-1][1] and bool(_varde(resten, konstanter))
            stack[-1] = [sant, stack[-1][1] or sant]
        elif d == "else" and stack:
            stack[-1] = [not stack[-1][1], True]
        elif d == "endif" and stack:
            stack.pop()
        ut.append("")
    return "\n".join(ut)


def fel_i_modul(kalla: str, namn: str = "modul") -> list[str]:
    """Felen i en moduls källkod, som 'modul, rad N: …'; tom lista om inget hittades."""
    fel = [f"{namn}, rad {nr}: tecken utanför ASCII"
           for nr, rad in enumerate(kalla.split("\n"), start=1) if any(ord(c) > 127 for c in rad)]
    fel += direktivfel(kalla, namn)
    if fel:
        return fel
    for konfiguration, konstanter in KONFIGURATIONER.items():
        for f in _blockfel(aktiva_rader(kalla, konstanter), namn):
            if f not in fel:
                fel.append(f)
        fel = [f if "(i " in f else f"{f} (i {konfiguration})" for f in fel]
    return fel


def _blockfel(kalla: str, namn: str) -> list[str]:
    fel: list[str] = []
    try:
        rader = logiska_rader(kalla)
    except ValueError as e:
        return [f"{namn}: {e}"]
    stack: list[tuple[str, int]] = []  # (blockets sort, rad)
    procedurer: dict[str, int] = {}
    etiketter: set[str] = set()
    hopp: list[tuple[str, int]] = []

    def avsluta_procedur():
        for etikett, r in hopp:
            if etikett.lower() not in etiketter and etikett != "0":
                fel.append(f"{namn}, rad {r}: GoTo {etikett} utan etiketten i proceduren")
        hopp.clear()
        etiketter.clear()

    for nr, text in rader:
        satser = _satser(text)
        if re.match(r"^\w+:(?!=)", text) and not re.match(r"^(Else|Case)\b", text):
            etiketter.add(satser[0].lower())
            satser = satser[1:]
        for sats in satser:
            if re.match(r"^(?:(?:Public|Private)\s+)?Declare\b", sats):
                if not re.search(r"\bDeclare\s+PtrSafe\b", sats):
                    fel.append(f"{namn}, rad {nr}: Declare utan PtrSafe (64-bitars Office kräver det)")
                continue
            if re.match(r"^If\b", sats):
                if re.search(r"\bThen$", sats):
                    stack.append(("if", nr))
                elif not re.search(r"\bThen\b", sats):
                    fel.append(f"{namn}, rad {nr}: If utan Then")
                continue
            if re.match(r"^(ElseIf\b.*\bThen|Else)$", sats):
                if not stack or stack[-1][0] != "if":
                    fel.append(f"{namn}, rad {nr}: {sats.split()[0]} utan If")
                continue
            if re.match(r"^End\s+If$", sats):
                if not stack or stack[-1][0] != "if":
                    fel.append(f"{namn}, rad {nr}: End If utan If")
                else:
                    stack.pop()
                continue
            if re.match(r"^Case\b", sats):
                if not stack or stack[-1][0] != "select":
                    fel.append(f"{namn}, rad {nr}: Case utan Select Case")
                continue
            m = re.match(r"^Exit\s+(Sub|Function|Property|For|Do)$", sats)
            if m and m.group(1).lower() not in {s for s, _ in stack}:
                fel.append(f"{namn}, rad {nr}: Exit {m.group(1)} utanför ett sådant block")
            m = re.search(r"\bGoTo\s+(\w+)$", sats)
            if m:
                hopp.append((m.group(1), nr))
            for sort, borjan, slut in _BLOCK:
                if re.match(borjan, sats):
                    if sort in _PROCEDUR:
                        if any(s in _PROCEDUR for s, _ in stack):
                            fel.append(f"{namn}, rad {nr}: en procedur i en annan procedur")
                        pnamn = re.search(r"(?:Sub|Function|Get|Let|Set)\s+(\w+)", sats).group(1)
                        nyckel = pnamn.lower() + (sats.split("Property")[1].split()[0] if sort == "property" else "")
                        if nyckel in procedurer:
                            fel.append(f"{namn}, rad {nr}: {pnamn} finns redan (rad {procedurer[nyckel]})")
                        procedurer[nyckel] = nr
                    stack.append((sort, nr))
                    break
                if re.match(slut, sats):
                    if not stack or stack[-1][0] != sort:
                        oppet = f" (öppet: {stack[-1][0]} från rad {stack[-1][1]})" if stack else ""
                        fel.append(f"{namn}, rad {nr}: '{sats}' utan sin början{oppet}")
                    else:
                        stack.pop()
                        if sort in _PROCEDUR:
                            avsluta_procedur()
                    break
    for sort, nr in stack:
        fel.append(f"{namn}, rad {nr}: {sort}-blocket slutar aldrig")
    return fel


def procedurer(kalla: str) -> set[str]:
    """Namnen på modulens Sub och Function."""
    return {m.group(1) for _, t in logiska_rader(kalla)
            for m in [re.match(r"^(?:(?:Public|Friend)\s+)?(?:Static\s+)?(?:Sub|Function)\s+(\w+)", t)] if m}
