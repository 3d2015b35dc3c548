# language: de
Funktionalität: Zahlungsabgleich aus BMD

  Szenario: Zweimal eingelesen ergibt keine doppelten Zahlungen
    Wenn die Auszifferungsliste zweimal eingelesen wird
    Dann gibt es genau eine Zahlung
