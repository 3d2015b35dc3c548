# language: de
Funktionalität: Benutzer der Kanzleiseiten verwalten
  Als Administratorin lege ich Kolleginnen an, ändere Rollen und sperre Ausgeschiedene, ohne die
  Befehlszeile; wer sich anmeldet, ändert das eigene Passwort selbst. Die Kanzlei kann sich nicht
  selbst aussperren: der letzte aktive Administrator bleibt Administrator.

  Szenario: Kollegin anlegen, eigenes Passwort ändern, Ausgeschiedenen sperren
    Angenommen Anna ist als Administratorin an den Kanzleiseiten angemeldet
    Wenn Anna die Benutzerin "clara" mit dem ersten Passwort "clara-start-123" anlegt
    Dann kann sich "clara" mit "clara-start-123" anmelden
    Wenn Clara unter "Mein Konto" ihr Passwort von "clara-start-123" auf "clara-eigenes-456" ändert
    Dann kann sich "clara" mit "clara-eigenes-456" anmelden, aber nicht mehr mit "clara-start-123"
    Wenn Anna den Benutzer "bernd" deaktiviert
    Dann kann sich "bernd" mit "bernd-geheim-2" nicht mehr anmelden
    Und "syncsystem office users" nennt "bernd" deaktiviert

  Szenario: Der letzte aktive Administrator bleibt Administrator
    Angenommen Anna ist als Administratorin an den Kanzleiseiten angemeldet
    Wenn Anna sich selbst zur Benutzerin macht
    Dann steht bei ihrer Rolle "anna ist der letzte aktive Administrator – bitte zuerst einen anderen Administrator anlegen."
    Und "syncsystem office users" nennt "anna" Administrator
