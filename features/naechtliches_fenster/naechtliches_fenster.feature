# language: de
Funktionalität: Nächtliches Fenster
  An jedem Werktag synchronisiert der Agent alle Mandanten genau einmal, Start zwischen 21:00 und
  23:00 Uhr Ortszeit (Europe/Vienna) — nicht an Wochenenden und österreichischen Feiertagen, auch
  nicht doppelt, wenn die Uhr umgestellt wird.

  Szenario: Frühjahr mit Zeitumstellung und Ostermontag
    Angenommen ein Agent mit 3 Mandanten und ein erreichbares Rechenzentrum
    Wenn die Zeit vom 2026-03-23 bis zum 2026-04-08 simuliert wird
    Dann beginnt an jedem Werktag genau eine nächtliche Synchronisierung zwischen 21:00 und 23:00 Ortszeit
    Und an Wochenenden und Feiertagen keine
    Und jede nächtliche Synchronisierung enthält alle 3 Mandanten

  Szenario: Herbst mit Zeitumstellung und Nationalfeiertag
    Angenommen ein Agent mit 3 Mandanten und ein erreichbares Rechenzentrum
    Wenn die Zeit vom 2026-10-19 bis zum 2026-11-03 simuliert wird
    Dann beginnt an jedem Werktag genau eine nächtliche Synchronisierung zwischen 21:00 und 23:00 Ortszeit
    Und an Wochenenden und Feiertagen keine

  Szenario: Agent den ganzen Abend nicht gelaufen — Nachholen am nächsten Morgen
    Angenommen ein Agent mit 3 Mandanten und ein erreichbares Rechenzentrum
    Und der Agent läuft vom 2026-03-03 um 20:00 Uhr bis zum nächsten Morgen um 08:00 Uhr nicht
    Wenn die Zeit vom 2026-03-02 bis zum 2026-03-06 simuliert wird
    Dann wird die Synchronisierung des 2026-03-03 am nächsten Morgen um 08:00 Uhr einmal nachgeholt, mit Warnung
    Und hat jeder Werktag genau eine nächtliche Synchronisierung
