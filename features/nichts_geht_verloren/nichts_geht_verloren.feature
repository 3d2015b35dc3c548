# language: de
Funktionalität: Nichts geht verloren
  Als Steuerberater möchte ich mich darauf verlassen, dass jede Buchung der Kanzlei bei mir
  ankommt — genau einmal, auch wenn das Rechenzentrum stundenlang nicht erreichbar ist oder der
  Agent mitten im Hochladen abbricht. Dazu warten die Bündel im Postausgang des Agenten, bis das
  Rechenzentrum sie bestätigt, und kommen später, aber in der richtigen Reihenfolge an.

  Szenario: Ist das Rechenzentrum sechs Stunden nicht erreichbar, kommt jedes Bündel später genau einmal an
    Angenommen ein Agent mit 3 Mandanten und ein erreichbares Rechenzentrum
    Und der Steuerberater fordert die Mandanten an
    Und das Rechenzentrum ist ab 20:00 Uhr für 6 Stunden nicht erreichbar
    Wenn 3 Tage simuliert werden
    Dann war das Rechenzentrum vom 02.03.2026 um 20:00 Uhr bis zum 03.03.2026 um 02:00 Uhr nicht erreichbar: jeder Versuch des Agenten in dieser Zeit scheiterte, davor und danach keiner
    Und das nächtliche Bündel vom 02.03.2026 wartete im Postausgang und kam erst nach 03.03.2026 um 02:00 Uhr an
    Und jedes Bündel kommt genau einmal an, in der Reihenfolge seiner Entstehung
    Und der Postausgang ist leer, und das Rechenzentrum steht auf demselben Stand wie der Agent

  Szenario: Bricht der Agent mitten im Hochladen ab, fehlt kein Bündel und keines kommt doppelt
    Angenommen ein Agent mit 3 Mandanten und ein erreichbares Rechenzentrum
    Und der Steuerberater fordert die Mandanten an
    Und der Agent wird beim nächsten Hochladen beendet, nachdem das Rechenzentrum die Daten angenommen hat
    Wenn 2 Tage simuliert werden
    Dann wurde der Agent genau einmal beendet, nachdem das Rechenzentrum das Bündel angenommen hatte, und lud dasselbe Bündel danach noch einmal hoch
    Und jedes Bündel kommt genau einmal an, in der Reihenfolge seiner Entstehung
    Und der Postausgang ist leer, und das Rechenzentrum steht auf demselben Stand wie der Agent

  Szenario: Ein Bündel, das das Rechenzentrum endgültig abweist, hält die späteren nicht auf
    Angenommen ein Agent mit 3 Mandanten und ein erreichbares Rechenzentrum
    Und der Steuerberater fordert die Mandanten an
    Und das Rechenzentrum weist das nächste Bündel endgültig ab (Fehler 400)
    Wenn 3 Tage simuliert werden
    Dann ist genau ein Bündel zurückgestellt, mit Grund, und dem Rechenzentrum gemeldet
    Und jedes andere Bündel kommt genau einmal an, in der Reihenfolge seiner Entstehung
    Und das Rechenzentrum steht auf demselben Stand wie der Agent
