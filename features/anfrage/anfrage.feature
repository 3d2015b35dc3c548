# language: de
Funktionalität: Anfrage durch den Steuerberater
  Als Steuerberater möchte ich die Daten meiner Mandanten im Rechenzentrum anfordern, damit ich
  ohne Anruf in der Kanzlei mit dem aktuellen Stand arbeiten kann. Der Agent in der Kanzlei holt
  die Anforderung bei seiner nächsten Abfrage ab, exportiert die Mandanten aus BMD und lädt sie
  verschlüsselt hoch. Eine Folgeanforderung bringt nur, was sich seit dem bestätigten Stand
  geändert hat.

  Grundlage:
    Angenommen ein Rechenzentrum mit verschlüsselter Verbindung, eine BMD mit 3 Mandanten und ein angemeldeter Agent

  Szenario: Angeforderte Daten sind nach der nächsten Abfrage sichtbar
    Wenn der Steuerberater die Mandanten 1001 und 1002 anfordert
    Und der Agent 30 Minuten läuft
    Dann hat der Agent die Anforderung bei seiner nächsten Abfrage abgeholt
    Und die Anforderung ist eingespielt
    Und der Steuerberater sieht für 1001 und 1002 den neuen Stand mit den geholten Zeilen
    Und die Buchungen von 1001 und 1002 liegen im Rechenzentrum vollständig vor wie in BMD
    Und für 1003 liegen keine Daten vor

  Szenario: Eine Folgeanforderung bringt nur die Änderungen seit dem bestätigten Stand
    Wenn der Steuerberater die Mandanten 1001 und 1002 anfordert
    Und der Agent 30 Minuten läuft
    Und in BMD der Arbeitstag abgeschlossen wird
    Und der Steuerberater die Mandanten 1001 und 1002 erneut anfordert
    Und der Agent 30 Minuten läuft
    Dann ist die Anforderung eingespielt
    Und der zweite Export beginnt beim Stand, den das Rechenzentrum bestätigt hat
    Und er enthält weniger Zeilen als der erste
    Und die Buchungen von 1001 und 1002 liegen im Rechenzentrum vollständig vor wie in BMD
