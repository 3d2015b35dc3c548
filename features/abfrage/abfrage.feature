# language: de
Funktionalität: Abfrage alle 30 Minuten
  Als Steuerberater möchte ich, dass meine Anforderung spätestens nach einer halben Stunde in der
  Kanzlei ankommt, damit ich nicht lange auf die Daten warte. Dazu fragt der Agent alle 30 Minuten
  im Rechenzentrum nach — nie öfter; nach einem Fehler wartet er zunehmend länger und kehrt danach
  in den Takt zurück.

  Szenario: Der Agent fragt eine Woche lang alle 30 Minuten an, nie öfter
    Angenommen ein Agent mit 3 Mandanten und ein erreichbares Rechenzentrum
    Wenn 7 Tage simuliert werden
    Dann fragt der Agent an jedem der 7 Tage 48-mal an
    Und zwischen zwei Abfragen liegen nie weniger als 30 Minuten

  Szenario: Nach einem Ausfall wartet der Agent zunehmend länger und kehrt dann in den Takt zurück
    Angenommen ein Agent mit 3 Mandanten und ein erreichbares Rechenzentrum
    Und das Rechenzentrum beantwortet die nächsten 6 Abfragen mit Fehler 503
    Wenn ein Tag simuliert wird
    Dann wachsen die Abstände zwischen den Wiederholungen bis auf höchstens 30 Minuten
    Und danach fragt der Agent wieder alle 30 Minuten an
