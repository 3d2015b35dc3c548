# language: de
Funktionalität: Zugang erneuert sich selbst
  Der Agent in der Kanzlei meldet sich mit einem Schlüssel beim Rechenzentrum an. Der Schlüssel
  läuft ab; der Agent erneuert ihn vorher von selbst und arbeitet dabei ohne Unterbrechung weiter.
  Der Zugang gehört der Kanzlei, nicht der Person, die den Agenten angemeldet hat. Wird er gesperrt,
  sagt der Agent das und nennt den nächsten Schritt; ein neuer Zugang behält den Stand des Agenten.

  Grundlage:
    Angenommen ein Rechenzentrum, dessen Agentenschlüssel 3 Tage gelten, eine BMD mit 2 Mandanten und ein angemeldeter Agent

  Szenario: Der Agent erneuert seinen Schlüssel vor Ablauf und arbeitet weiter
    Wenn der Agent 4 Tage läuft
    Dann hat der Agent seinen Schlüssel nach 2 Tagen von selbst erneuert
    Und das Rechenzentrum weist den ersten Schlüssel ab
    Und keine Abfrage des Agenten wurde abgewiesen
    Und eine Anforderung des Steuerberaters für 1001 wird danach eingespielt

  Szenario: Ein Personalwechsel unterbricht die Synchronisierung nicht
    Wenn ein zweiter Administrator angelegt und der erste deaktiviert wird
    Und der Agent 1 Tag läuft
    Dann holt der Agent Anforderungen weiter ab
    Und eine Anforderung des Steuerberaters für 1001 wird danach eingespielt

  Szenario: Ein gesperrter Zugang nennt den nächsten Schritt, ein neuer Zugang behält den Stand
    Wenn der Steuerberater 1001 anfordert und der Agent 1 Stunde läuft
    Und der Administrator den Agenten sperrt
    Und der Agent 1 Stunde läuft
    Dann meldet "agent status" den gesperrten Zugang mit dem nächsten Schritt "Neuen Zugang erstellen"
    Wenn der Administrator einen neuen Zugang erstellt und der Agent sich damit anmeldet
    Dann behält der Agent seine Kennung und seinen Cursor für 1001
    Und eine Anforderung des Steuerberaters für 1001 wird danach eingespielt
