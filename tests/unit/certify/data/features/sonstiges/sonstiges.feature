# language: de
@kanzlei
Funktionalität: Sonstiges

  @naechtliches_fenster
  Szenario: Nachts zwischen 21 und 23 Uhr
    Dann liegt die Synchronisierung im Fenster
      """
      21:00–23:00
      """

  Szenario: Nie ausgeführt
    Dann passiert nichts
