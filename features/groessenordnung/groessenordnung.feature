# language: de
Funktionalität: Größenordnung
  Als Kanzlei möchte ich, dass der Agent auch bei zehn großen Mandanten Leitung und Rechner kaum
  belastet, damit niemand im Büro ihn bemerkt. Zehn Mandanten in der Größe von kontool, exportiert
  über die BMD-Exportschnittstelle (Emulator): höchstens 200 KB über die Leitung, und der ruhende
  Agent belegt höchstens 10 MiB Arbeitsspeicher. Wie lange BMD selbst für den Export braucht, kann
  der Emulator nicht belegen; das prüft hier kein Szenario.

  Szenario: Ein Vollabzug von zehn kontool-Mandanten bleibt unter 200 KB
    Angenommen eine Kanzlei mit 10 Mandanten in der Größe von kontool im BMD-Emulator
    Und ein Agent, der diese Mandanten über die BMD-Exportschnittstelle exportiert
    Und der Steuerberater fordert alle Mandanten vollständig an
    Wenn der Agent die Anforderung bei der nächsten Abfrage abarbeitet
    Dann kommen beim Rechenzentrum höchstens 200 KB an, in einem Bündel mit allen 10 Mandanten
    Und das Rechenzentrum steht auf dem Stand von BMD

  Szenario: Der nächtliche Abgleich nach einem Arbeitstag überträgt nur das Neue
    Angenommen eine Kanzlei mit 10 Mandanten in der Größe von kontool im BMD-Emulator
    Und ein Agent, der diese Mandanten über die BMD-Exportschnittstelle exportiert
    Und der Steuerberater fordert alle Mandanten vollständig an
    Wenn der Agent die Anforderung bei der nächsten Abfrage abarbeitet
    Und ein Arbeitstag in BMD vergeht und der Agent abends synchronisiert
    Dann setzt das nächtliche Bündel jedes Mandanten beim Stand des Vollabzugs an
    Und es ist kleiner als ein Drittel des Vollabzugs
    Und das Rechenzentrum steht auf dem Stand von BMD

  Szenario: Der ruhende Agent belegt höchstens 10 MiB Arbeitsspeicher
    Angenommen ein eingerichteter Agent ohne fällige Arbeit
    Wenn sein Dienst als eigener Prozess eine Sekunde ruht
    Dann belegt er höchstens 10 MiB Arbeitsspeicher
