# language: de
Funktionalität: Zahlungsabgleich aus BMD
  Als Fakturierung (Quellsystem) möchte ich die in BMD ausgezifferten Zahlungen übernehmen, jede
  genau einmal, damit ich sehe, wann eine Rechnung bezahlt ist — ohne je eine Rechnung zu raten.

  Grundlage:
    Angenommen der Debitor "Hotel Alpenblick GmbH" ist angelegt
    Und die Rechnung "V-2026-0001" über 1.310,00 € ist am 02.03.2026 in Mandant 1001 gebucht
    Und die Rechnung "V-2026-0002" über 240,00 € ist am 02.03.2026 in Mandant 1001 gebucht
    Und die Buchungsdateien sind übergeben und in der Reihenfolge der Übergaben in BMD-Mandant 1001 eingelesen

  Szenario: Dieselbe Auszifferungsliste zweimal eingelesen ergibt keine doppelten Zahlungen
    Angenommen BMD hat bis zum 30.04.2026 gearbeitet und die Auszifferungsliste von Mandant 1001 exportiert
    Wenn die zuletzt exportierte Auszifferungsliste eingelesen wird
    Und die zuletzt exportierte Auszifferungsliste eingelesen wird
    Dann hat jede Auszifferung der Rechnungen "V-2026-0001" und "V-2026-0002" in Mandant 1001 genau eine Zahlung ergeben
    Und der letzte Abgleich meldet keine neuen Zahlungen

  Szenario: Überlappende Auszifferungslisten ergeben keine doppelten Zahlungen
    Angenommen BMD hat bis zum 08.04.2026 gearbeitet und die Auszifferungsliste von Mandant 1001 exportiert
    Und BMD hat bis zum 30.04.2026 gearbeitet und die Auszifferungsliste von Mandant 1001 exportiert
    Wenn alle exportierten Auszifferungslisten eingelesen werden
    Dann hat jede Auszifferung der Rechnungen "V-2026-0001" und "V-2026-0002" in Mandant 1001 genau eine Zahlung ergeben

  Szenario: Gleichzeitiger Abgleich in zwei Prozessen ergibt keine doppelten Zahlungen
    Angenommen BMD hat bis zum 08.04.2026 gearbeitet und die Auszifferungsliste von Mandant 1001 exportiert
    Und BMD hat bis zum 30.04.2026 gearbeitet und die Auszifferungsliste von Mandant 1001 exportiert
    Wenn alle exportierten Auszifferungslisten gleichzeitig in getrennten Prozessen eingelesen werden
    Dann hat jede Auszifferung der Rechnungen "V-2026-0001" und "V-2026-0002" in Mandant 1001 genau eine Zahlung ergeben

  Szenario: Eine Rechnung ist nach Teilzahlung teilweise und nach der Restzahlung ganz bezahlt
    Angenommen die Rechnungen "T-01" bis "T-30" über je 500,00 € sind am 02.03.2026 in Mandant 1001 gebucht und in BMD eingelesen
    Und BMD hat bis zur ersten Teilzahlung auf eine dieser Rechnungen gearbeitet und die Auszifferungsliste von Mandant 1001 exportiert
    Wenn die zuletzt exportierte Auszifferungsliste eingelesen wird
    Dann ist diese Rechnung in Mandant 1001 teilweise bezahlt
    Angenommen BMD hat bis zum 31.07.2026 gearbeitet und die Auszifferungsliste von Mandant 1001 exportiert
    Wenn die zuletzt exportierte Auszifferungsliste eingelesen wird
    Dann ist diese Rechnung in Mandant 1001 bezahlt
    Und der letzte Abgleich meldet diese Rechnung als jetzt bezahlt

  Szenario: Eine mehrdeutige Rechnungsnummer wird nie geraten
    Angenommen die Rechnung "V-2026-0001" über 1.310,00 € ist am 02.03.2026 in Mandant 1002 gebucht
    Und die Buchungsdateien sind übergeben und in der Reihenfolge der Übergaben in BMD-Mandant 1002 eingelesen
    Und BMD hat bis zum 30.04.2026 gearbeitet und die Auszifferungsliste von Mandant 1001 exportiert
    Wenn die zuletzt exportierte Auszifferungsliste eingelesen wird
    Dann meldet der Abgleich "V-2026-0001" als mehrdeutig zwischen den Mandanten 1001 und 1002
    Und die Rechnung "V-2026-0001" hat in keinem Mandanten eine Zahlung
    Wenn die zuletzt exportierte Auszifferungsliste für Mandant 1001 eingelesen wird
    Dann hat jede Auszifferung der Rechnung "V-2026-0001" in Mandant 1001 genau eine Zahlung ergeben
