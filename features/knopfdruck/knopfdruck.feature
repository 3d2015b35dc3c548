# language: de
Funktionalität: Aktualisierung auf Knopfdruck
  Als Steuerberaterin klicke ich bei einem Mandanten „Jetzt aktualisieren“ und sehe im
  Live-Protokoll, ohne die Seite neu zu laden, wie der Agent in der Kanzlei die Daten holt:
  Anforderung erstellt, vom Agenten abgeholt, Export gestartet und fertig (Zeilen, BMD-Zeit),
  hochgeladen, eingespielt. Am Ende steht – wie bei budget123 – wie viele Transaktionen geholt
  wurden und wie lange es gedauert hat. Solange die Seite offen ist, fragt der Agent alle paar
  Sekunden nach; er baut dabei nur ausgehende Verbindungen auf.

  Grundlage:
    Angenommen ein Rechenzentrum mit verschlüsselter Verbindung, eine BMD mit 3 Mandanten und ein angemeldeter Agent

  Szenario: Klick, Live-Protokoll, Transaktionen und Dauer
    Angenommen die Steuerberaterin hat die Mandantenübersicht seit 30 Minuten offen
    Wenn sie bei Mandant 1002 „Jetzt aktualisieren“ klickt
    Und der Agent 20 Sekunden läuft
    Dann hat der Agent die Anforderung innerhalb von 10 Sekunden abgeholt
    Und das Live-Protokoll zeigt der Reihe nach: erstellt, abgeholt, Export gestartet, Export fertig, hochgeladen, eingespielt
    Und der Export von 1002 meldet so viele Zeilen, wie BMD für 1002 exportiert
    Und die Statuszeile nennt so viele Transaktionen, wie BMD für 1002 Buchungszeilen hat, und die Dauer bis zum Einspielen
    Und in der Übersicht steht bei 1002 „eingespielt“ mit der Zeit des Einspielens

  Szenario: Eine abgelaufene BMD-Lizenz wird mit dem nächsten Schritt gemeldet
    Angenommen die Steuerberaterin hat die Mandantenübersicht seit 30 Minuten offen
    Und die BMD-Lizenz ist abgelaufen
    Wenn sie bei Mandant 1001 „Jetzt aktualisieren“ klickt
    Und der Agent 20 Sekunden läuft
    Dann endet das Live-Protokoll mit „Fehlgeschlagen: BMD-Lizenz abgelaufen (Mandant 1001). Nächster Schritt: Lizenz in der BMD-Lizenzverwaltung verlängern (BMD-Betreuer), dann erneut aktualisieren.“

  Szenario: Eine gesperrte Buchhaltungsdatei hält nur kurz auf
    Angenommen die Steuerberaterin hat die Mandantenübersicht seit 30 Minuten offen
    Und die Buchhaltungsdatei von Mandant 1003 ist beim nächsten Export gesperrt
    Wenn sie bei Mandant 1003 „Jetzt aktualisieren“ klickt
    Und der Agent 30 Sekunden läuft
    Dann steht im Live-Protokoll „Export Mandant 1003 gescheitert: Buchhaltungsdatei gesperrt (Mandant 1003) – jemand arbeitet gerade darin. Nächster Schritt: die Sperre in BMD aufheben lassen; der Agent versucht es von selbst wieder.“
    Und die Anforderung endet „eingespielt“
