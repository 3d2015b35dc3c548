# language: de
Funktionalität: Zeitplan des automatischen Buchhaltungsexports
  Als Buchhaltung eines Mandanten möchte ich Exporte zu festen Zeiten an den Steuerberater senden,
  nur zwischen 06:00 und 22:00 Uhr, auch über die Zeitumstellung hinweg, damit er jeden Stand
  rechtzeitig hat — ohne doppelte oder ausgelassene Läufe.

  Grundlage:
    Angenommen ein FTP-Server beim Steuerberater

  Szenario: Ein täglicher Export um 22:30 Uhr wird abgelehnt
    Wenn ich einen Export "täglich um 22:30" anlege
    Dann wird die Konfiguration abgelehnt: Feld "schedule.at" meldet "außerhalb 06:00–22:00"
    Und es ist kein Auftrag gespeichert

  Szenario: Ein stündlicher Export läuft zu jeder vollen Stunde von 06:00 bis 22:00 Uhr
    Angenommen ein Export "stündlich" für Mandant 100
    Und um 08:20 Uhr und um 09:40 Uhr wird je eine Buchungsdatei für Mandant 100 abgeschlossen
    Wenn die Zeit bis zum 03.03.2026 um 07:30 Uhr vergeht
    Dann lief der Export 17-mal, jeweils zur vollen Stunde zwischen 06:00 und 22:00 Uhr
    Und der Steuerberater hat 2 Dateien erhalten, jede genau einmal

  Szenario: Ein wöchentlicher Export läuft nur an den gewählten Tagen
    Angenommen ein Export "wöchentlich Mo, Mi, Fr um 07:00" für Mandant 100
    Wenn die Zeit bis zum 16.03.2026 um 08:00 Uhr vergeht
    Dann lief der Export an den Tagen "Mi 04.03., Fr 06.03., Mo 09.03., Mi 11.03., Fr 13.03., Mo 16.03."

  Szenario: Ein Export am 31. läuft in kürzeren Monaten am Monatsletzten
    Angenommen ein Export "am 31. des Monats um 18:00" für Mandant 100
    Dann zeigt die Vorschau ab 01.01.2026 die Läufe "31.01. 18:00, 28.02. 18:00, 31.03. 18:00, 30.04. 18:00, 31.05. 18:00, 30.06. 18:00"
    Wenn die Zeit bis zum 01.05.2026 um 00:00 Uhr vergeht
    Dann lief der Export an den Tagen "Di 31.03., Do 30.04."

  Szenario: Ein täglicher Export bleibt über die Zeitumstellung bei 06:30 Uhr Ortszeit
    Angenommen es ist der 27.03.2026 um 12:00 Uhr
    Und ein Export "täglich um 06:30" für Mandant 100
    Wenn die Zeit bis zum 31.03.2026 um 12:00 Uhr vergeht
    Dann liefen die Exporte um "28.03. 06:30 MEZ, 29.03. 06:30 MESZ, 30.03. 06:30 MESZ, 31.03. 06:30 MESZ"
    Und die Vorschau ab 24.10.2026 zeigt die Läufe "24.10. 06:30 MESZ, 25.10. 06:30 MEZ, 26.10. 06:30 MEZ"
