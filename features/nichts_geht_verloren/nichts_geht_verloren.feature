# language: de
Funktionalität: Nichts geht verloren
  Bündel warten im Postausgang, bis das Rechenzentrum sie bestätigt. Ist es stundenlang nicht
  erreichbar oder bricht der Agent mitten im Hochladen ab, kommt trotzdem jedes Bündel genau einmal
  an — später, aber in der richtigen Reihenfolge.

  Szenario: Rechenzentrum sechs Stunden offline
    Angenommen ein Agent mit 3 Mandanten und ein erreichbares Rechenzentrum
    Und der Steuerberater fordert die Mandanten an
    Und das Rechenzentrum ist ab 20:00 Uhr für 6 Stunden nicht erreichbar
    Wenn 3 Tage simuliert werden
    Dann kommt jedes Bündel genau einmal an, in der Reihenfolge seiner Entstehung
    Und ist der Postausgang leer und die Cursor stehen beim Rechenzentrum

  Szenario: Agent wird mitten im Hochladen beendet
    Angenommen ein Agent mit 3 Mandanten und ein erreichbares Rechenzentrum
    Und der Steuerberater fordert die Mandanten an
    Und der Agent wird beim nächsten Hochladen beendet, nachdem das Rechenzentrum die Daten angenommen hat
    Wenn 2 Tage simuliert werden
    Dann kommt jedes Bündel genau einmal an, in der Reihenfolge seiner Entstehung
    Und ist der Postausgang leer und die Cursor stehen beim Rechenzentrum
