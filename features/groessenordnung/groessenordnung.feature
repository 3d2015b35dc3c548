# language: de
Funktionalität: Größenordnung
  Zehn Mandanten in der Größe von kontool, exportiert über die BMD-Exportschnittstelle (Emulator):
  höchstens 200 KB über die Leitung, ein emulierter Export von höchstens 10 Minuten, und der
  ruhende Agent belegt höchstens 10 MiB Arbeitsspeicher.

  Szenario: Vollabzug von zehn kontool-Mandanten auf Anforderung
    Angenommen eine Kanzlei mit 10 Mandanten in der Größe von kontool im BMD-Emulator
    Und ein Agent, der diese Mandanten über die BMD-Exportschnittstelle exportiert
    Und der Steuerberater fordert alle Mandanten vollständig an
    Wenn der Agent die Anforderung bei der nächsten Abfrage abarbeitet
    Dann kommen beim Rechenzentrum höchstens 200 KB an, in einem Bündel mit allen 10 Mandanten
    Und dauerte der emulierte Export höchstens 10 Minuten
    Und stehen die Cursor beim Rechenzentrum auf dem Stand von BMD

  Szenario: Nächtlicher Abgleich nach einem Arbeitstag überträgt nur das Neue
    Angenommen eine Kanzlei mit 10 Mandanten in der Größe von kontool im BMD-Emulator
    Und ein Agent, der diese Mandanten über die BMD-Exportschnittstelle exportiert
    Und der Steuerberater fordert alle Mandanten vollständig an
    Wenn der Agent die Anforderung bei der nächsten Abfrage abarbeitet
    Und ein Arbeitstag in BMD vergeht und der Agent abends synchronisiert
    Dann beginnt das nächtliche Bündel jedes Mandanten beim Cursor des Vollabzugs
    Und ist es kleiner als der Vollabzug
    Und stehen die Cursor beim Rechenzentrum auf dem Stand von BMD

  Szenario: Der ruhende Agent ist klein
    Angenommen ein eingerichteter Agent ohne fällige Arbeit
    Wenn sein Dienst als eigener Prozess eine Sekunde ruht
    Dann belegt er höchstens 10 MiB Arbeitsspeicher
