# language: de
Funktionalität: Zustellung an den Steuerberater
  Als Steuerberater importiere ich, was in meinem Verzeichnis liegt. Ich darf daher nie eine halbe
  Datei sehen und keine Datei doppelt bekommen; und wenn etwas schiefgeht, erfährt es die
  Buchhaltung des Mandanten per E-Mail, damit sie handeln kann.

  Grundlage:
    Angenommen ein FTP-Server beim Steuerberater
    Und ein Mailserver für Fehlermeldungen

  Szenario: Der Verbindungstest meldet fehlendes Schreibrecht, obwohl die Anmeldung gelingt
    Angenommen ein Export "stündlich" für Mandant 100 in das Verzeichnis "nur-lesen"
    Wenn ich die Verbindung teste
    Dann schlägt der Test beim Schritt "Schreiben" fehl
    Und die Anmeldung war erfolgreich

  Szenario: Bei Fehlern kommen eine Fehler-Mail und eine Erinnerung, danach die Entwarnung
    Angenommen ein Export "stündlich" für Mandant 100 mit Erinnerung nach 3 Fehlern
    Und um 08:20 Uhr wird eine Buchungsdatei für Mandant 100 abgeschlossen
    Und der Datenträger des FTP-Servers ist voll
    Wenn die Zeit bis zum 02.03.2026 um 12:30 Uhr vergeht
    Dann sind 4 Läufe fehlgeschlagen
    Und im Postfach liegen die E-Mails "fehlgeschlagen" und "Erinnerung"
    Wenn der Datenträger wieder Platz hat
    Und die Zeit bis zum 02.03.2026 um 13:30 Uhr vergeht
    Dann liegen im Postfach die E-Mails "fehlgeschlagen", "Erinnerung" und "Entwarnung"
    Und der Steuerberater hat eine Datei erhalten, und zwar genau einmal

  Szenario: Bricht die Verbindung ab, sieht der Steuerberater keine halbe Datei
    Angenommen ein Export "stündlich" für Mandant 100
    Und um 08:20 Uhr wird eine große Buchungsdatei für Mandant 100 abgeschlossen
    Und die Verbindung bricht bei der nächsten Übertragung nach 4.000 Bytes ab
    Wenn die Zeit bis zum 02.03.2026 um 09:30 Uhr vergeht
    Dann liegt beim Steuerberater keine Buchungsdatei, nur ein unvollständiger Teil mit Endung ".part"
    Wenn die Zeit bis zum 02.03.2026 um 10:30 Uhr vergeht
    Dann hat der Steuerberater die Buchungsdatei vollständig und unverändert
    Und das Protokoll nennt die Datei mit Größe und Prüfsumme (SHA-256) genau einmal
