# language: de
Funktionalität: Zeitplan des automatischen Buchhaltungsexports
  Als Buchhaltung eines Mandanten möchte ich Exporte zu festen Zeiten an den Steuerberater senden,
  nur zwischen 06:00 und 22:00 Uhr, auch über die Zeitumstellung hinweg, ohne doppelte oder
  ausgelassene Läufe.

  Grundlage:
    Angenommen ein FTP-Server beim Steuerberater

  Szenario: Täglicher Export um 22:30 wird abgelehnt
    Wenn ich einen Export "täglich um 22:30" anlege
    Dann wird die Konfiguration abgelehnt: Feld "schedule.time" meldet "außerhalb 06:00–22:00"
    Und es ist kein Auftrag gespeichert

  Szenario: Stündlicher Export
    Angenommen ein Export "stündlich" für Mandant "100"
    Und um 08:20 und um 09:40 wird je eine Buchungsdatei für Mandant "100" abgeschlossen
    Wenn die Zeit bis "2026-03-03 07:30" vergeht
    Dann lief der Export 17-mal, jeweils zur vollen Stunde zwischen 06:00 und 22:00
    Und der Steuerberater hat 2 Dateien erhalten, jede genau einmal

  Szenario: Wöchentlich an gewählten Tagen
    Angenommen ein Export "wöchentlich Mo, Mi, Fr um 07:00" für Mandant "100"
    Wenn die Zeit bis "2026-03-16 08:00" vergeht
    Dann lief der Export an den Tagen "Mi 04.03., Fr 06.03., Mo 09.03., Mi 11.03., Fr 13.03., Mo 16.03."

  Szenario: Am 31. des Monats
    Angenommen ein Export "am 31. des Monats um 18:00" für Mandant "100"
    Dann zeigt die Vorschau ab "2026-01-01" die Läufe "31.01. 18:00, 28.02. 18:00, 31.03. 18:00, 30.04. 18:00, 31.05. 18:00, 30.06. 18:00"
    Wenn die Zeit bis "2026-05-01 00:00" vergeht
    Dann lief der Export an den Tagen "Di 31.03., Do 30.04."

  Szenario: Zeitumstellung
    Angenommen es ist "2026-03-27 12:00"
    Und ein Export "täglich um 06:30" für Mandant "100"
    Wenn die Zeit bis "2026-03-31 12:00" vergeht
    Dann liefen die Exporte um "28.03. 06:30 +01:00, 29.03. 06:30 +02:00, 30.03. 06:30 +02:00, 31.03. 06:30 +02:00"
    Und die Vorschau ab "2026-10-24" zeigt die Läufe "24.10. 06:30 +02:00, 25.10. 06:30 +01:00, 26.10. 06:30 +01:00"
