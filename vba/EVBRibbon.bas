Attribute VB_Name = "EVBRibbon"
Option Explicit

' Callbacks for the EVB ribbon tab (vba/customUI.xml).
' Python decides what a report button does: evb_xl.ribbon.on_button(control_id).
' This source is kept ASCII (project code page 1252): ChrW(214) is the
' capital O with diaeresis, ChrW(246) the small one, ChrW(228) a with
' diaeresis and ChrW(229) a with ring.
Public Sub OnButton(control As IRibbonControl)
    If ActiveWorkbook Is Nothing Then
        MsgBox ChrW(214) & "ppna arbetsboken med underlaget och f" & ChrW(246) & "rs" & ChrW(246) & "k igen.", _
               vbExclamation, "EVB"
        Exit Sub
    End If
    RunPython "import evb_xl.ribbon; evb_xl.ribbon.on_button('" & control.Id & "')"
End Sub

' Button "Starta om formlerna": stops the Python process behind the EVB_
' formulas (KillPy in the xlwings module), so that the next calculation
' starts a new one with the installed version of evb-xl. Needed after an
' upgrade; Excel itself keeps running.
Public Sub RestartFormulas(control As IRibbonControl)
    On Error GoTo Failed
    KillPy
    MsgBox "Formlerna startas om med den installerade versionen av evb-xl n" & ChrW(228) & "r de r" & ChrW(228) _
           & "knas n" & ChrW(228) & "sta g" & ChrW(229) & "ng. Ctrl+Alt+F9 r" & ChrW(228) & "knar om alla formler nu.", _
           vbInformation, "EVB"
    Exit Sub
Failed:
    MsgBox "Formlerna kunde inte startas om: " & Err.Description & vbCrLf & vbCrLf _
           & "K" & ChrW(246) & "r evb-xl doktor i en kommandotolk f" & ChrW(246) & "r att se vad som saknas.", _
           vbExclamation, "EVB"
End Sub
