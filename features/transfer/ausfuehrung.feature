# language: de
Funktionalität: Der Export liefert, was der Auftrag einstellt
  Als Buchhaltung eines Hotels wähle ich im Auftrag Format, Belegarten, Filiale und ob Debitoren
  mitgehen. Der Steuerberater soll genau das bekommen: bei "BMD verdichtet" eine Buchung je Tag und
  Kontenpaar, die Personenkonten der gebuchten Firmen vorab, und BMD muss alles fehlerfrei einlesen.

  Grundlage:
    Angenommen ein FTP-Server beim Steuerberater

  Szenario: Verdichtete Buchungen nach Belegdatum und Kontenpaar
    Angenommen ein Export "täglich um 06:00" im Format "bmd-verdichtet" mit Debitoren für Mandant 100 der Filiale "Wien"
    Und das Hotelsystem bucht am 02.03.2026 in der Filiale "Wien" 3 Nächtigungen zu je 110,00 € und ein Frühstück zu 24,00 €
    Und das Hotelsystem bucht am 02.03.2026 in der Filiale "Graz" eine Nächtigung zu 110,00 €
    Wenn die Zeit bis zum 03.03.2026 um 07:00 Uhr vergeht
    Dann hat der Steuerberater zuerst die Personenkonten und danach die Buchungen erhalten
    Und die Buchungen sind "02.03.2026 Konto 4000: 24,00 €" und "02.03.2026 Konto 4010: 330,00 €"
    Und BMD liest beide Dateien ohne Fehler ein

  Szenario: Einzelbuchungen behalten jede Rechnung
    Angenommen ein Export "täglich um 06:00" im Format "bmd-einzelbuchungen" mit Debitoren für Mandant 100 der Filiale "Wien"
    Und das Hotelsystem bucht am 02.03.2026 in der Filiale "Wien" 2 Nächtigungen zu je 110,00 € und ein Frühstück zu 24,00 €
    Wenn die Zeit bis zum 03.03.2026 um 07:00 Uhr vergeht
    Dann hat der Steuerberater zuerst die Personenkonten und danach die Buchungen erhalten
    Und die Buchungen sind "02.03.2026 Konto 4010: 110,00 €", "02.03.2026 Konto 4010: 110,00 €" und "02.03.2026 Konto 4000: 24,00 €"
    Und BMD liest beide Dateien ohne Fehler ein
