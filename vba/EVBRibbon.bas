Attribute VB_Name = "EVBRibbon"
Option Explicit

' Callback for both buttons on the EVB ribbon tab (vba/customUI.xml).
' Python decides what a button does: evb_xl.ribbon.on_button(control_id).
' This source is kept ASCII (project code page 1252): ChrW(214) is the
' capital O with diaeresis, ChrW(246) the small one.
Public Sub OnButton(control As IRibbonControl)
    If ActiveWorkbook Is Nothing Then
        MsgBox ChrW(214) & "ppna arbetsboken med underlaget och f" & ChrW(246) & "rs" & ChrW(246) & "k igen.", _
               vbExclamation, "EVB"
        Exit Sub
    End If
    RunPython "import evb_xl.ribbon; evb_xl.ribbon.on_button('" & control.Id & "')"
End Sub
