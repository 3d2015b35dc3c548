# language: de
Funktionalität: Buchungsdateien für BMD
  Als Fakturierung (Quellsystem) schreibe ich Debitoren und Rechnungen in Arbeitsdateien, schließe
  sie zu unveränderlichen Importdateien ab, und BMD liest sie in der richtigen Reihenfolge ein.

  Grundlage:
    Angenommen der Debitor "Hotel Alpenblick GmbH" ist angelegt

  Szenario: Reihenfolge Stammdaten vor Buchungen
    Angenommen die Rechnung "V-1" über "240.00" ist am "2026-03-02" in Mandant "1001" gebucht
    Und die Buchungsdateien sind abgeschlossen
    Wenn BMD-Mandant "1001" zuerst die Buchungsdatei des Abschlusses einliest
    Dann weist BMD die Datei ab: "ist nicht angelegt"
    Wenn BMD-Mandant "1001" die Dateien in der Reihenfolge des Abschlusses einliest
    Dann stehen die Rechnungen "V-1" in der OP-Liste von Mandant "1001"

  Szenario: Sperrdatum
    Angenommen das Sperrdatum ist "2026-03-01"
    Wenn die Rechnung "V-0" über "120.00" am "2026-02-27" in Mandant "1001" gebucht wird
    Dann wird die Buchung abgewiesen: "Sperrdatum"
    Und es gibt keine Buchungsdatei für Mandant "1001"
    Angenommen das Sperrdatum ist "none"
    Und die Rechnung "V-0" über "120.00" ist am "2026-01-15" in Mandant "1001" gebucht
    Und die Buchungsdateien sind abgeschlossen
    Wenn BMD-Mandant "1001" die Dateien in der Reihenfolge des Abschlusses einliest
    Dann weist BMD die Datei ab: "Sperrdatum"

  Szenario: Buchungsdateien abschließen
    Angenommen die Rechnung "V-1" über "240.00" ist am "2026-03-02" in Mandant "1001" gebucht
    Und die Buchungsdateien sind abgeschlossen
    Und die Rechnung "V-2" über "120.00" ist am "2026-03-02" in Mandant "1001" gebucht
    Und die Buchungsdateien sind abgeschlossen
    Dann gibt es die Abschlüsse "20260302_0800, 20260302_0801" in dieser Reihenfolge
    Und jeder Abschluss nennt die Stammdaten vor den Buchungen
    Und es gibt keine Arbeitsdateien mehr
    Und die abgeschlossenen Dateien sind schreibgeschützt
    Wenn BMD-Mandant "1001" die Dateien in der Reihenfolge des Abschlusses einliest
    Dann stehen die Rechnungen "V-1, V-2" in der OP-Liste von Mandant "1001"
