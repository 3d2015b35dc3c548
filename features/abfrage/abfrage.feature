# language: de
Funktionalität: Abfrage alle 30 Minuten
  Der Agent fragt im Rechenzentrum alle 30 Minuten nach, ob ein Steuerberater Daten angefordert hat —
  nie öfter; nach einem Fehler wartet er zunehmend länger und kehrt danach in den Takt zurück.

  Szenario: Eine Woche Abfragen im Takt
    Angenommen ein Agent mit 3 Mandanten und ein erreichbares Rechenzentrum
    Wenn 7 Tage simuliert werden
    Dann fragt der Agent an jedem der 7 Tage 48-mal an
    Und liegen zwischen zwei Abfragen nie weniger als 30 Minuten

  Szenario: Nach einem Ausfall zurückhaltend, danach wieder im Takt
    Angenommen ein Agent mit 3 Mandanten und ein erreichbares Rechenzentrum
    Und das Rechenzentrum antwortet die nächsten 6 Abfragen mit Fehler 503
    Wenn 1 Tage simuliert werden
    Dann wachsen die Abstände der Wiederholungen auf höchstens 30 Minuten
    Und fragt der Agent danach wieder alle 30 Minuten an
