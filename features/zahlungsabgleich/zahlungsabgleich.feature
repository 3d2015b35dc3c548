# language: de
Funktionalität: Zahlungsabgleich aus BMD
  Als Fakturierung (Quellsystem) möchte ich die in BMD ausgezifferten Zahlungen übernehmen,
  jede genau einmal, und sehen, wann eine Rechnung bezahlt ist — ohne je eine Rechnung zu raten.

  Grundlage:
    Angenommen der Debitor "Hotel Alpenblick GmbH" ist angelegt
    Und die Rechnung "V-2026-0001" über "1310.00" ist am "2026-03-02" in Mandant "1001" gebucht
    Und die Rechnung "V-2026-0002" über "240.00" ist am "2026-03-02" in Mandant "1001" gebucht
    Und die Buchungsdateien sind abgeschlossen und in der Reihenfolge des Abschlusses in BMD-Mandant "1001" eingelesen

  Szenario: Doppelte Zahlungen ausgeschlossen — dieselbe Liste zweimal
    Angenommen BMD hat bis "2026-04-30" gearbeitet und die Auszifferungsliste von Mandant "1001" exportiert
    Wenn die zuletzt exportierte Auszifferungsliste eingelesen wird
    Und die zuletzt exportierte Auszifferungsliste eingelesen wird
    Dann hat jede Auszifferung der Rechnungen "V-2026-0001, V-2026-0002" in Mandant "1001" genau eine Zahlung ergeben
    Und der letzte Abgleich meldet 0 neue Zahlungen

  Szenario: Doppelte Zahlungen ausgeschlossen — überlappende Listen
    Angenommen BMD hat bis "2026-04-08" gearbeitet und die Auszifferungsliste von Mandant "1001" exportiert
    Und BMD hat bis "2026-04-30" gearbeitet und die Auszifferungsliste von Mandant "1001" exportiert
    Wenn alle exportierten Auszifferungslisten eingelesen werden
    Dann hat jede Auszifferung der Rechnungen "V-2026-0001, V-2026-0002" in Mandant "1001" genau eine Zahlung ergeben

  Szenario: Doppelte Zahlungen ausgeschlossen — gleichzeitiger Abgleich in zwei Prozessen
    Angenommen BMD hat bis "2026-04-08" gearbeitet und die Auszifferungsliste von Mandant "1001" exportiert
    Und BMD hat bis "2026-04-30" gearbeitet und die Auszifferungsliste von Mandant "1001" exportiert
    Wenn alle exportierten Auszifferungslisten gleichzeitig in getrennten Prozessen eingelesen werden
    Dann hat jede Auszifferung der Rechnungen "V-2026-0001, V-2026-0002" in Mandant "1001" genau eine Zahlung ergeben

  Szenario: Rechnung wird bezahlt — Teilzahlung und Restzahlung
    Angenommen die Rechnungen "T-01" bis "T-30" über je "500.00" sind am "2026-03-02" in Mandant "1001" gebucht und in BMD eingelesen
    Und BMD hat bis zur ersten Teilzahlung auf eine dieser Rechnungen gearbeitet und die Auszifferungsliste von Mandant "1001" exportiert
    Wenn die zuletzt exportierte Auszifferungsliste eingelesen wird
    Dann ist diese Rechnung in Mandant "1001" teilweise bezahlt
    Angenommen BMD hat bis "2026-07-31" gearbeitet und die Auszifferungsliste von Mandant "1001" exportiert
    Wenn die zuletzt exportierte Auszifferungsliste eingelesen wird
    Dann ist diese Rechnung in Mandant "1001" bezahlt
    Und der letzte Abgleich meldet diese Rechnung als jetzt bezahlt

  Szenario: Mehrdeutige Rechnungsnummer wird nie geraten
    Angenommen die Rechnung "V-2026-0001" über "1310.00" ist am "2026-03-02" in Mandant "1002" gebucht
    Und die Buchungsdateien sind abgeschlossen und in der Reihenfolge des Abschlusses in BMD-Mandant "1002" eingelesen
    Und BMD hat bis "2026-04-30" gearbeitet und die Auszifferungsliste von Mandant "1001" exportiert
    Wenn die zuletzt exportierte Auszifferungsliste eingelesen wird
    Dann meldet der Abgleich "V-2026-0001" als mehrdeutig zwischen den Mandanten "1001, 1002"
    Und die Rechnung "V-2026-0001" hat in keinem Mandanten eine Zahlung
    Wenn die zuletzt exportierte Auszifferungsliste für Mandant "1001" eingelesen wird
    Dann hat jede Auszifferung der Rechnungen "V-2026-0001" in Mandant "1001" genau eine Zahlung ergeben
