# language: de
Funktionalität: Anfrage durch den Steuerberater
  Der Steuerberater fordert im Rechenzentrum Daten an. Der Agent in der Kanzlei holt die Anforderung
  bei seiner nächsten Abfrage ab, exportiert die Mandanten aus BMD, verschlüsselt sie und lädt sie
  über HTTPS hoch — danach sieht der Steuerberater den neuen Stand. Eine Folgeanforderung bringt nur,
  was sich seit dem bestätigten Stand geändert hat.

  Grundlage:
    Angenommen ein Rechenzentrum über TLS, eine BMD mit 3 Mandanten und ein angemeldeter Agent

  Szenario: Angeforderte Daten sind nach der nächsten Abfrage sichtbar
    Wenn der Steuerberater die Mandanten 1001 und 1002 anfordert
    Und der Agent 30 Minuten läuft
    Dann hat der Agent die Anforderung bei seiner nächsten Abfrage abgeholt
    Und die Anforderung ist eingespielt
    Und der Steuerberater sieht für 1001 und 1002 den neuen Stand mit den geholten Zeilen
    Und die Buchungen von 1001 und 1002 liegen im Rechenzentrum vollständig vor wie in BMD
    Und für 1003 liegen keine Daten vor

  Szenario: Folgeanforderung bringt nur die Änderungen seit dem bestätigten Stand
    Wenn der Steuerberater die Mandanten 1001 und 1002 anfordert
    Und der Agent 30 Minuten läuft
    Und in BMD der Arbeitstag abgeschlossen wird
    Und der Steuerberater die Mandanten 1001 und 1002 anfordert
    Und der Agent 30 Minuten läuft
    Dann die Anforderung ist eingespielt
    Und der zweite Export beginnt beim Stand, den das Rechenzentrum bestätigt hat
    Und er enthält weniger Zeilen als der erste
    Und die Buchungen von 1001 und 1002 liegen im Rechenzentrum vollständig vor wie in BMD
