# language: de
Funktionalität: Zustellung an den Steuerberater
  Der Steuerberater importiert, was in seinem Verzeichnis liegt. Er darf nie eine halbe Datei sehen,
  keine Datei doppelt bekommen, und wenn etwas schiefgeht, erfährt es die Buchhaltung per E-Mail.

  Grundlage:
    Angenommen ein FTP-Server beim Steuerberater
    Und ein Mailserver für Fehlermeldungen

  Szenario: Test der Verbindung ohne Schreibrecht
    Angenommen ein Export "stündlich" für Mandant "100" in das Verzeichnis "nur-lesen"
    Wenn ich die Verbindung teste
    Dann schlägt der Test beim Schritt "Schreiben" fehl
    Und die Anmeldung war erfolgreich

  Szenario: Fehler-Mail und Entwarnung
    Angenommen ein Export "stündlich" für Mandant "100" mit Erinnerung nach 3 Fehlern
    Und um 08:20 wird eine Buchungsdatei für Mandant "100" abgeschlossen
    Und der Datenträger des FTP-Servers ist voll
    Wenn die Zeit bis "2026-03-02 12:30" vergeht
    Dann sind 4 Läufe fehlgeschlagen
    Und im Postfach liegen die E-Mails "fehlgeschlagen, Erinnerung"
    Wenn der Datenträger wieder Platz hat
    Und die Zeit bis "2026-03-02 13:30" vergeht
    Dann liegen im Postfach die E-Mails "fehlgeschlagen, Erinnerung, Entwarnung"
    Und der Steuerberater hat 1 Dateien erhalten, jede genau einmal

  Szenario: Keine halben Dateien beim Empfänger
    Angenommen ein Export "stündlich" für Mandant "100"
    Und um 08:20 wird eine große Buchungsdatei für Mandant "100" abgeschlossen
    Und die Verbindung bricht bei der nächsten Übertragung nach 4000 Bytes ab
    Wenn die Zeit bis "2026-03-02 09:30" vergeht
    Dann liegt beim Steuerberater keine Buchungsdatei, nur ein unvollständiger Teil mit Endung ".part"
    Wenn die Zeit bis "2026-03-02 10:30" vergeht
    Dann hat der Steuerberater die Buchungsdatei vollständig und unverändert
    Und das Protokoll nennt die Datei mit Größe und SHA-256 genau einmal
