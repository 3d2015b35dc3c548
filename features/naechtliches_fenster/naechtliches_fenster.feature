# language: de
Funktionalität: Nächtliches Fenster
  Als Steuerberater möchte ich jeden Morgen den Stand des Vortags aller Mandanten vorfinden, ohne
  ihn anzufordern. Dazu synchronisiert der Agent an jedem Arbeitstag (Montag bis Freitag, außer an
  gesetzlichen Feiertagen in Österreich) alle Mandanten genau einmal, mit Start zwischen 21:00 und
  23:00 Uhr österreichischer Zeit — nicht an Samstagen, Sonntagen und Feiertagen und auch nicht
  doppelt, wenn die Uhr umgestellt wird. Die Tabellen nennen jeden Tag des simulierten Zeitraums
  einmal; die Feiertage stammen aus dem Feiertagsruhegesetz (Ostersonntag 2026: 05.04.2026).

  Szenario: Im Frühjahr genau eine Synchronisierung je Arbeitstag, trotz Zeitumstellung und Ostermontag
    Angenommen ein Agent mit 3 Mandanten und ein erreichbares Rechenzentrum
    Wenn die Zeit vom 23.03.2026 bis zum 08.04.2026 simuliert wird
    Dann beginnt genau an diesen Arbeitstagen je eine nächtliche Synchronisierung zwischen 21:00 und 23:00 Uhr:
      | Datum      | Tag        |
      | 23.03.2026 | Montag     |
      | 24.03.2026 | Dienstag   |
      | 25.03.2026 | Mittwoch   |
      | 26.03.2026 | Donnerstag |
      | 27.03.2026 | Freitag    |
      | 30.03.2026 | Montag     |
      | 31.03.2026 | Dienstag   |
      | 01.04.2026 | Mittwoch   |
      | 02.04.2026 | Donnerstag |
      | 03.04.2026 | Karfreitag, kein gesetzlicher Feiertag |
      | 07.04.2026 | Dienstag   |
    Und an diesen Tagen keine:
      | Datum      | Grund                               |
      | 28.03.2026 | Samstag                             |
      | 29.03.2026 | Sonntag, Beginn der Sommerzeit      |
      | 04.04.2026 | Samstag                             |
      | 05.04.2026 | Ostersonntag                        |
      | 06.04.2026 | Ostermontag                         |
    Und jede nächtliche Synchronisierung enthält alle 3 Mandanten

  Szenario: Im Herbst genau eine Synchronisierung je Arbeitstag, trotz Zeitumstellung und Nationalfeiertag
    Angenommen ein Agent mit 3 Mandanten und ein erreichbares Rechenzentrum
    Wenn die Zeit vom 19.10.2026 bis zum 03.11.2026 simuliert wird
    Dann beginnt genau an diesen Arbeitstagen je eine nächtliche Synchronisierung zwischen 21:00 und 23:00 Uhr:
      | Datum      | Tag        |
      | 19.10.2026 | Montag     |
      | 20.10.2026 | Dienstag   |
      | 21.10.2026 | Mittwoch   |
      | 22.10.2026 | Donnerstag |
      | 23.10.2026 | Freitag    |
      | 27.10.2026 | Dienstag   |
      | 28.10.2026 | Mittwoch   |
      | 29.10.2026 | Donnerstag |
      | 30.10.2026 | Freitag    |
      | 02.11.2026 | Montag     |
    Und an diesen Tagen keine:
      | Datum      | Grund                              |
      | 24.10.2026 | Samstag                            |
      | 25.10.2026 | Sonntag, Ende der Sommerzeit       |
      | 26.10.2026 | Nationalfeiertag                   |
      | 31.10.2026 | Samstag                            |
      | 01.11.2026 | Allerheiligen (Sonntag)            |

  Szenario: War der Agent den ganzen Abend aus, holt er die Synchronisierung am nächsten Morgen nach
    Angenommen ein Agent mit 3 Mandanten und ein erreichbares Rechenzentrum
    Und der Agent läuft vom 03.03.2026 um 20:00 Uhr bis zum nächsten Morgen um 08:00 Uhr nicht
    Wenn die Zeit vom 02.03.2026 bis zum 06.03.2026 simuliert wird
    Dann wird die Synchronisierung vom 03.03.2026 am nächsten Morgen um 08:00 Uhr einmal nachgeholt, mit Warnung
    Und genau diese Arbeitstage haben je eine nächtliche Synchronisierung:
      | Datum      | Tag        |
      | 02.03.2026 | Montag     |
      | 03.03.2026 | Dienstag   |
      | 04.03.2026 | Mittwoch   |
      | 05.03.2026 | Donnerstag |
