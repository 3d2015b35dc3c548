# language: de
Funktionalität: Zahlungsabgleich hochladen
  Als Buchhalterin der Kanzlei möchte ich BMDs Auszifferungsliste auf der Seite „Zahlungsabgleich“
  hochladen und sehen, welche Zahlungen angelegt wurden, welche schon da waren und welche Zeilen ich
  selbst klären muss – mit Datei, Zeile und Feld; und die Rechnungen mit bezahltem Betrag, Status und
  Zahlungsdatum, gefiltert nach Mandant, Konto und Status.

  Grundlage:
    Angenommen der Zahlungsabgleich kennt diese Rechnungen:
      | Mandant | Konto  | Rechnungsnr | Datum      | Betrag   |
      | 1001    | 200000 | R-1         | 02.03.2026 | 240,00 € |
      | 1001    | 200001 | R-2         | 02.03.2026 | 120,00 € |
      | 1001    | 200002 | R-5         | 03.03.2026 | 60,00 €  |
      | 1002    | 200002 | R-5         | 03.03.2026 | 80,00 €  |
    Und Bernd ist als Benutzer an den Kanzleiseiten angemeldet

  Szenario: Zahlungsabgleich hochladen
    Wenn Bernd auf der Seite "Zahlungsabgleich" die Datei "Auszifferungsliste.csv" mit diesen Zeilen hochlädt:
      | Kto-Nr | Rng-Nr | Ausz-Betrag | Ausz-Datum | Zahlungs-BelegNr | Text        |
      | 200000 | R-1    | 240,00      | 10.03.2026 | BK-1             | Überweisung |
      | 200001 | R-2    | 50,00       | 11.03.2026 | BK-2             | Teilzahlung |
      | 200002 | R-5    | 60,00       | 12.03.2026 | BK-3             |             |
      | 200000 | R-9    | 10,00       | 12.03.2026 | BK-4             |             |
    Dann zeigt das Ergebnis 2 angelegt, 0 schon vorhanden, 1 mehrdeutig und 1 unbekannt
    Und die mehrdeutige Zeile steht bei "Auszifferungsliste.csv:4:Rng-Nr"
    Und die unbekannte Zeile steht bei "Auszifferungsliste.csv:5:Rng-Nr"
    Und die Seite zeigt diese Rechnungen:
      | Mandant | Konto  | Rechnungsnr | Bezahlt | Status      | Bezahlt am |
      | 1001    | 200000 | R-1         | 240,00  | bezahlt     | 10.03.2026 |
      | 1001    | 200001 | R-2         | 50,00   | teilbezahlt |            |
      | 1001    | 200002 | R-5         | 0,00    | offen       |            |
      | 1002    | 200002 | R-5         | 0,00    | offen       |            |
    Wenn Bernd dieselbe Datei noch einmal hochlädt
    Dann zeigt das Ergebnis 0 angelegt, 2 schon vorhanden, 1 mehrdeutig und 1 unbekannt

  Szenario: Rechnungen nach Mandant, Konto und Status filtern
    Angenommen Bernd hat auf der Seite "Zahlungsabgleich" die Datei "Auszifferungsliste.csv" mit diesen Zeilen hochgeladen:
      | Kto-Nr | Rng-Nr | Ausz-Betrag | Ausz-Datum | Zahlungs-BelegNr | Text |
      | 200000 | R-1    | 240,00      | 10.03.2026 | BK-1             |      |
      | 200001 | R-2    | 50,00       | 11.03.2026 | BK-2             |      |
    Wenn Bernd die Rechnungen mit Status "teilbezahlt" anzeigt
    Dann zeigt die Seite die Rechnungen "R-2"
    Wenn Bernd die Rechnungen von Mandant 1002 anzeigt
    Dann zeigt die Seite die Rechnungen "R-5"
    Wenn Bernd die Rechnungen von Konto 200002 anzeigt
    Dann zeigt die Seite die Rechnungen "R-5" und "R-5"

  Szenario: Eine fehlerhafte Datei wird mit Datei, Zeile und Feld abgewiesen
    Wenn Bernd auf der Seite "Zahlungsabgleich" die Datei "Auszifferungsliste.csv" mit diesen Zeilen hochlädt:
      | Kto-Nr | Rng-Nr | Ausz-Betrag | Ausz-Datum | Zahlungs-BelegNr | Text |
      | 200000 | R-1    | 240,00      | 10.03.2026 | BK-1             |      |
      | 200001 | R-2    | 50,00       | 31.02.2026 | BK-2             |      |
    Dann meldet die Seite einen Fehler bei "Auszifferungsliste.csv:3:Ausz-Datum"
    Und die Seite zeigt diese Rechnungen:
      | Mandant | Konto  | Rechnungsnr | Bezahlt | Status | Bezahlt am |
      | 1001    | 200000 | R-1         | 0,00    | offen  |            |
      | 1001    | 200001 | R-2         | 0,00    | offen  |            |
      | 1001    | 200002 | R-5         | 0,00    | offen  |            |
      | 1002    | 200002 | R-5         | 0,00    | offen  |            |
