# language: de
Funktionalität: Abfrage alle 30 Minuten
  Der Agent fragt regelmäßig nach.

  Grundlage:
    Angenommen ein Agent mit 3 Mandanten

  Szenario: Eine Woche lang alle 30 Minuten
    Wenn 7 Tage simuliert werden
    Dann fragt der Agent an diesen Tagen an:
      | Tag        | Abfragen |
      | 02.03.2026 | 48       |
      | 03.03.2026 | 48       |

  Szenario: Nach einem Ausfall länger warten
    Wenn ein Tag simuliert wird
    Dann wachsen die Abstände
    Und danach fragt der Agent wieder alle 30 Minuten an
