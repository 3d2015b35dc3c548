# language: de
Funktionalität: Jeder Beleg erreicht den Steuerberater genau einmal
  Als Buchhaltung eines Hotels erfasse ich manchmal einen Beleg erst, nachdem sein Tag schon
  übertragen wurde (Korrektur, rückdatiertes Storno). Der nächste Lauf soll ihn mit seinem eigenen
  Belegdatum mitnehmen — kein Beleg darf verloren gehen, keiner doppelt ankommen.

  Grundlage:
    Angenommen ein FTP-Server beim Steuerberater

  Szenario: Nachträglich erfasster Beleg wird mit dem nächsten Lauf übertragen
    Angenommen ein Export "täglich um 06:00" im Format "bmd-verdichtet" mit Debitoren für Mandant 100 der Filiale "Wien"
    Und das Hotelsystem bucht am 02.03.2026 in der Filiale "Wien" 3 Nächtigungen zu je 110,00 € und ein Frühstück zu 24,00 €
    Wenn die Zeit bis zum 04.03.2026 um 05:00 Uhr vergeht
    Und das Hotelsystem nachträglich eine Nächtigung zu 110,00 € mit Belegdatum 02.03.2026 in der Filiale "Wien" erfasst
    Und die Zeit bis zum 05.03.2026 um 07:00 Uhr vergeht
    Dann hat der Lauf vom 04.03.2026 "02.03.2026 Konto 4010: 110,00 €" übertragen
    Und der Lauf vom 04.03.2026 vermerkt einen nachträglich erfassten Beleg
    Und der Lauf vom 05.03.2026 hat nichts übertragen
    Und alle Buchungen zusammen sind "02.03.2026 Konto 4000: 24,00 €" und "02.03.2026 Konto 4010: 440,00 €"
    Und BMD liest alle Dateien ohne Fehler ein
