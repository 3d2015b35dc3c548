# language: de
Funktionalität: Zahlung landet beim richtigen Konto
  Eine Rechnung ist durch Mandant, Personenkonto und Rechnungsnummer bestimmt: ein Kunde und ein
  Lieferant desselben Mandanten haben oft beide eine Rechnung 26. Die Zahlung des Kunden gehört zur
  Rechnung des Kunden — nie zur gleichnamigen Rechnung des Lieferanten.

  Szenario: Zahlung landet beim richtigen Konto
    Angenommen das nächste Kundenkonto der Fakturierung ist 200023
    Und der Debitor "Hotel Alpenblick GmbH" ist angelegt
    Und die Rechnung "26" über 3.413,33 € ist am 02.03.2026 in Mandant 1001 gebucht
    Und die Buchungsdateien sind übergeben und in der Reihenfolge der Übergaben in BMD-Mandant 1001 eingelesen
    Und in BMD-Mandant 1001 ist der Lieferant 300016 "Papier Huber KG" angelegt
    Und in BMD-Mandant 1001 ist die Eingangsrechnung "26" des Lieferanten 300016 über 1.527,90 € vom 03.03.2026 gebucht
    Und BMD hat die OP-Liste von Mandant 1001 exportiert und sie ist eingelesen
    Und in BMD-Mandant 1001 ist die Zahlung von Konto 200023 über 3.413,33 € vom 09.03.2026 auf die Rechnung "26" ausgeziffert
    Wenn BMD die Auszifferungsliste von Mandant 1001 exportiert und sie eingelesen wird
    Dann meldet der Abgleich die Rechnung "26" weder als unbekannt noch als mehrdeutig
    Und der Zahlungsabgleich zeigt in Mandant 1001 für die Rechnung "26":
      | Konto  | Betrag     | Bezahlt   | Status  | Bezahlt am |
      | 200023 | 3.413,33   | 3.413,33  | bezahlt | 09.03.2026 |
      | 300016 | -1.527,90  | 0,00      | offen   |            |
