# language: de
Funktionalität: Nächtliches Fenster
  Als Steuerberater möchte ich jeden Morgen den Stand des Vortags aller Mandanten vorfinden, ohne
  ihn anzufordern. Dazu synchronisiert der Agent an jedem Werktag alle Mandanten genau einmal, mit
  Start zwischen 21:00 und 23:00 Uhr österreichischer Zeit — nicht an Wochenenden und
  österreichischen Feiertagen und auch nicht doppelt, wenn die Uhr umgestellt wird.

  Szenario: Im Frühjahr genau eine Synchronisierung je Werktag, trotz Zeitumstellung und Ostermontag
    Angenommen ein Agent mit 3 Mandanten und ein erreichbares Rechenzentrum
    Wenn die Zeit vom 23.03.2026 bis zum 08.04.2026 simuliert wird
    Dann beginnt an jedem Werktag genau eine nächtliche Synchronisierung zwischen 21:00 und 23:00 Uhr
    Und an Wochenenden und Feiertagen keine
    Und jede nächtliche Synchronisierung enthält alle 3 Mandanten

  Szenario: Im Herbst genau eine Synchronisierung je Werktag, trotz Zeitumstellung und Nationalfeiertag
    Angenommen ein Agent mit 3 Mandanten und ein erreichbares Rechenzentrum
    Wenn die Zeit vom 19.10.2026 bis zum 03.11.2026 simuliert wird
    Dann beginnt an jedem Werktag genau eine nächtliche Synchronisierung zwischen 21:00 und 23:00 Uhr
    Und an Wochenenden und Feiertagen keine

  Szenario: War der Agent den ganzen Abend aus, holt er die Synchronisierung am nächsten Morgen nach
    Angenommen ein Agent mit 3 Mandanten und ein erreichbares Rechenzentrum
    Und der Agent läuft vom 03.03.2026 um 20:00 Uhr bis zum nächsten Morgen um 08:00 Uhr nicht
    Wenn die Zeit vom 02.03.2026 bis zum 06.03.2026 simuliert wird
    Dann wird die Synchronisierung vom 03.03.2026 am nächsten Morgen um 08:00 Uhr einmal nachgeholt, mit Warnung
    Und jeder Werktag hat genau eine nächtliche Synchronisierung
