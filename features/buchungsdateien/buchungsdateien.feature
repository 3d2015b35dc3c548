# language: de
Funktionalität: Buchungsdateien für BMD
  Als Fakturierung (Quellsystem) möchte ich Debitoren und Rechnungen so an BMD übergeben, dass die
  Buchhaltung sie ohne Nacharbeit einlesen kann: Ich schreibe sie in Arbeitsdateien, schließe diese
  zu unveränderlichen Importdateien ab („Übergabe“, mehrmals am Tag möglich), und BMD liest sie in
  der Reihenfolge der Übergaben ein — Stammdaten vor Buchungen, nie etwas vor dem Sperrdatum.

  Grundlage:
    Angenommen der Debitor "Hotel Alpenblick GmbH" ist angelegt

  Szenario: BMD nimmt Buchungen erst an, wenn die Stammdaten des Debitors eingelesen sind
    Angenommen die Rechnung "V-1" über 240,00 € ist am 02.03.2026 in Mandant 1001 gebucht
    Und die Buchungsdateien sind zur Übergabe an BMD geschlossen
    Wenn BMD-Mandant 1001 zuerst die Buchungsdatei der Übergabe einliest
    Dann weist BMD die Datei ab: "ist nicht angelegt"
    Wenn BMD-Mandant 1001 die Dateien in der Reihenfolge der Übergaben einliest
    Dann steht die Rechnung "V-1" in der OP-Liste von Mandant 1001

  Szenario: Die Fakturierung bucht nichts vor ihrem Sperrdatum
    Angenommen das Sperrdatum der Fakturierung ist der 01.03.2026
    Wenn die Rechnung "V-0" über 120,00 € am 27.02.2026 in Mandant 1001 gebucht wird
    Dann wird die Buchung abgewiesen: "Sperrdatum"
    Und es gibt keine Buchungsdatei für Mandant 1001

  Szenario: BMD weist eine Buchung vor seinem eigenen Sperrdatum ab
    Angenommen in der Fakturierung ist kein Sperrdatum gesetzt
    Und die Rechnung "V-0" über 120,00 € ist am 15.01.2026 in Mandant 1001 gebucht
    Und die Buchungsdateien sind zur Übergabe an BMD geschlossen
    Wenn BMD-Mandant 1001 die Dateien in der Reihenfolge der Übergaben einliest
    Dann weist BMD die Datei ab: "Sperrdatum"

  Szenario: Übergebene Buchungsdateien sind unveränderlich und werden der Reihe nach eingelesen
    Angenommen die Rechnung "V-1" über 240,00 € ist am 02.03.2026 in Mandant 1001 gebucht
    Und die Buchungsdateien sind zur Übergabe an BMD geschlossen
    Und die Rechnung "V-2" über 120,00 € ist am 02.03.2026 in Mandant 1001 gebucht
    Und die Buchungsdateien sind zur Übergabe an BMD geschlossen
    Dann gibt es die Übergaben "02.03.2026 um 08:00" und "02.03.2026 um 08:01" in dieser Reihenfolge
    Und jede Übergabe nennt die Stammdaten vor den Buchungen
    Und es gibt keine Arbeitsdateien mehr
    Und die übergebenen Dateien sind schreibgeschützt
    Wenn BMD-Mandant 1001 die Dateien in der Reihenfolge der Übergaben einliest
    Dann stehen die Rechnungen "V-1" und "V-2" in der OP-Liste von Mandant 1001
