# language: de
Funktionalität: Automatisch beim ersten Login des Tages
  Wer morgens das Rechenzentrum öffnet, will den Stand von gestern Abend nicht erst anfordern
  müssen. Jeder Benutzer kann "Beim ersten Login des Tages automatisch aktualisieren" einschalten:
  seine erste Anmeldung eines Tages (österreichische Zeit) fordert dann die Änderungen aller
  Mandanten der Kanzlei an, spätere Anmeldungen am selben Tag nichts. Das wirkt nur, wo die Rolle
  aktualisieren darf.

  Grundlage:
    Angenommen eine Kanzlei mit den Mandanten 1001 und 1002 im Rechenzentrum und den Benutzern
      | Name         | Rolle          | automatisch aktualisieren |
      | Mag. Huber   | Administrator  | ja                        |
      | Frau Berger  | Sachbearbeiter | ja                        |
      | Herr Leitner | Sachbearbeiter | nein                      |
      | Frau Novak   | Lesend         | ja                        |

  Szenario: Die erste Anmeldung des Tages fordert nur die Änderungen aller Mandanten an
    Angenommen es ist 02.03.2026 um 08:00
    Wenn sich Frau Berger anmeldet
    Dann ist für Frau Berger eine Aktualisierung "nur Änderungen" für 1001 und 1002 angefordert
    Und Frau Berger sieht "die automatische Aktualisierung (nur Änderungen) wurde gestartet"

  Szenario: Spätere Anmeldungen am selben Tag fordern nichts an
    Angenommen es ist 02.03.2026 um 08:00
    Wenn sich Frau Berger anmeldet
    Und es 02.03.2026 um 16:30 ist und sich Frau Berger wieder anmeldet
    Dann sind für Frau Berger 1 Aktualisierungen angefordert

  Szenario: Der Tag endet um Mitternacht in Wien
    Angenommen es ist 02.03.2026 um 23:50
    Wenn sich Frau Berger anmeldet
    Und es 03.03.2026 um 00:10 ist und sich Frau Berger wieder anmeldet
    Dann sind für Frau Berger 2 Aktualisierungen angefordert

  Szenario: Jeder Benutzer hat seine eigene erste Anmeldung
    Angenommen es ist 02.03.2026 um 08:00
    Wenn sich Mag. Huber anmeldet
    Und sich Frau Berger anmeldet
    Dann sind für Mag. Huber 1 Aktualisierungen angefordert
    Und sind für Frau Berger 1 Aktualisierungen angefordert

  Szenariogrundriss: Je Rolle und Einstellung
    Angenommen es ist 02.03.2026 um 08:00
    Wenn sich <Name> anmeldet
    Dann sind für <Name> <Anzahl> Aktualisierungen angefordert

    Beispiele:
      | Name         | Anzahl |
      | Mag. Huber   | 1      |
      | Frau Berger  | 1      |
      | Herr Leitner | 0      |
      | Frau Novak   | 0      |
