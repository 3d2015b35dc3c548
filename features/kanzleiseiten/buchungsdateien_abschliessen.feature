# language: de
Funktionalität: Buchungsdateien abschließen
  Als Buchhalterin der Kanzlei möchte ich die Arbeitsdateien der Fakturierung auf der Seite
  „Debitoren-Schnittstelle“ im Browser abschließen und die Übergaben in der Reihenfolge sehen,
  in der BMD sie einlesen muss – Stammdaten vor Buchungen, Übergabe für Übergabe.

  Grundlage:
    Angenommen die Fakturierung hat den Debitor "Hotel Alpenblick GmbH" angelegt
    Und die Fakturierung hat die Rechnung "V-1" über 240,00 € am 02.03.2026 in Mandant 1001 gebucht
    Und Bernd ist als Benutzer an den Kanzleiseiten angemeldet

  Szenario: Buchungsdateien abschließen
    Wenn Bernd die Seite "Debitoren-Schnittstelle" öffnet
    Dann zeigt die Arbeitsdatei "Stammdaten.csv" den Debitor 200000 "Hotel Alpenblick GmbH"
    Und zeigt die Arbeitsdatei "Buchungen_1001.csv" die Rechnung "V-1" über 240,00 € mit Steuer -40,00 €
    Wenn Bernd auf "Buchungsdateien abschließen" klickt
    Dann meldet die Seite "Buchungsdateien abgeschlossen"
    Und die Seite zeigt keine Arbeitsdateien mehr
    Und die Übergabe "20260302_0800" nennt "20260302_0800_Stammdaten.csv" vor "20260302_0800_Buchungen_1001.csv"
    Wenn BMD-Mandant 1001 die Dateien in der Reihenfolge der Seite einliest
    Dann steht die Rechnung "V-1" über 240,00 € in der OP-Liste von Mandant 1001

  Szenario: Zwei Übergaben in derselben Minute bleiben in ihrer Reihenfolge
    Angenommen Bernd hat die Buchungsdateien auf der Seite abgeschlossen
    Und die Fakturierung hat die Rechnung "V-2" über 120,00 € am 02.03.2026 in Mandant 1001 gebucht
    Wenn Bernd auf "Buchungsdateien abschließen" klickt
    Dann listet die Seite die Übergaben "20260302_0800" und "20260302_0801" in dieser Reihenfolge
    Wenn BMD-Mandant 1001 die Dateien in der Reihenfolge der Seite einliest
    Dann steht die Rechnung "V-1" über 240,00 € in der OP-Liste von Mandant 1001
    Und steht die Rechnung "V-2" über 120,00 € in der OP-Liste von Mandant 1001

  Szenario: Ohne Arbeitsdateien gibt es nichts abzuschließen
    Angenommen Bernd hat die Buchungsdateien auf der Seite abgeschlossen
    Wenn Bernd auf "Buchungsdateien abschließen" klickt
    Dann meldet die Seite "nichts abzuschließen"
    Und die Seite listet 1 Übergabe
