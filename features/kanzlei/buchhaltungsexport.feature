# language: de
Funktionalität: Automatischer Buchhaltungsexport auf den Seiten der Kanzlei
  Als Bürokraft richte ich die Übertragung der Buchhaltung zum Steuerberater im Browser ein, ohne
  JSON-Dateien zu schreiben: ich fülle den Dialog aus, teste die Verbindung Schritt für Schritt und
  sehe falsche Eingaben direkt am Feld. Gespeicherte Passwörter sieht nur, wer sich als
  Administrator mit dem eigenen Passwort ausweist.

  Grundlage:
    Angenommen die Seiten der Kanzlei laufen
    Und es gibt die Administratorin "anna" und den Benutzer "bernd"

  Szenario: Schnittstelle anlegen und testen
    Angenommen ein SFTP-Server beim Steuerberater, der nur Schlüssel annimmt
    Und ich bin als "bernd" angemeldet
    Wenn ich eine neue Schnittstelle "amparex" für Mandant 100 und 200 zu diesem Server ohne Hostnamen speichere
    Dann steht beim Feld "FTP Hostname" die Meldung "Pflichtfeld fehlt"
    Und es ist keine Schnittstelle gespeichert
    Wenn ich den Hostnamen eintrage, den Schlüssel nochmals einfüge und speichere
    Dann ist die Schnittstelle "amparex" gespeichert und "syncsystem transfer list" nennt sie
    Wenn ich auf "Testen" klicke
    Dann zeigt der Test den Host-Schlüssel des Servers zur Bestätigung
    Wenn ich den Host-Schlüssel bestätige und nochmals teste
    Dann sind die Schritte "Anmelden", "Schreiben", "Zurücklesen" und "Löschen" erfolgreich
    Und im Verzeichnis des Steuerberaters liegt keine Testdatei

  Szenario: Der Test einer FTP-Schnittstelle nennt den Schritt, der scheitert
    Angenommen ein FTP-Server beim Steuerberater mit einem schreibgeschützten Verzeichnis "nur-lesen"
    Und ich bin als "bernd" angemeldet
    Wenn ich eine neue FTP-Schnittstelle "nurlesen" in das Verzeichnis "nur-lesen" anlege
    Und ich auf "Testen" klicke
    Dann ist der Schritt "Anmelden" erfolgreich
    Und der Schritt "Schreiben" fehlgeschlagen
    Und die Schritte "Zurücklesen" und "Löschen" wurden nicht ausgeführt

  Szenario: Der Test einer FTPS-Schnittstelle prüft das Zertifikat des Servers
    Angenommen ein FTPS-Server beim Steuerberater mit einem Zertifikat seiner eigenen Zertifizierungsstelle
    Und ich bin als "bernd" angemeldet
    Wenn ich eine neue FTPS-Schnittstelle "ftps-stb" zu diesem Server ohne CA-Datei anlege
    Und ich auf "Testen" klicke
    Dann scheitert der Schritt "Anmelden" am Zertifikat des Servers
    Und die Schritte "Zurücklesen" und "Löschen" wurden nicht ausgeführt
    Wenn ich die CA-Datei des Steuerberaters eintrage und speichere
    Und ich auf "Testen" klicke
    Dann sind die Schritte "Anmelden", "Schreiben", "Zurücklesen" und "Löschen" erfolgreich
    Und im Verzeichnis des Steuerberaters liegt keine Testdatei

  Szenario: Passwort nur nach eigener Anmeldung sichtbar
    Angenommen eine Schnittstelle "amparex" mit dem FTP-Passwort "Geheim-FTP-7"
    Und die Kanzlei-Option "Administratoren dürfen gesetzte Passwörter einsehen" ist eingeschaltet
    Und ich bin als "bernd" angemeldet
    Wenn ich die Schnittstelle "amparex" öffne
    Dann gibt es am Passwortfeld kein Auge und das Passwort steht nirgends auf der Seite
    Wenn ich mich abmelde und als "anna" anmelde
    Und ich die Schnittstelle "amparex" öffne
    Und ich auf das Auge klicke und das Passwort von "bernd" eingebe
    Dann steht beim Auge die Meldung "Ihr Passwort ist falsch – das gespeicherte Passwort bleibt verborgen"
    Und das Passwort steht nirgends auf der Seite
    Wenn ich auf das Auge klicke und mein eigenes Passwort eingebe
    Dann zeigt die Seite das Passwort "Geheim-FTP-7"
