# language: de
Funktionalität: Nur der Administrator verwaltet Benutzer
  Eine Kanzlei hat Benutzer mit Rollen: der Administrator verwaltet Benutzer, Agent, Zugänge und
  Einstellungen; der Sachbearbeiter darf Buchhaltungszahlen aktualisieren und importieren; wer
  "Lesend" ist, sieht nur. Die Kanzlei behält immer mindestens einen aktiven Administrator.

  Grundlage:
    Angenommen eine Kanzlei mit den Mandanten 1001 und 1002 im Rechenzentrum und den Benutzern
      | Name         | Rolle          | automatisch aktualisieren |
      | Mag. Huber   | Administrator  | nein                      |
      | Frau Berger  | Sachbearbeiter | nein                      |
      | Frau Novak   | Lesend         | nein                      |

  Szenario: Der Administrator legt eine Sachbearbeiterin an, die sich mit ihrem Zugang anmeldet
    Wenn sich Mag. Huber anmeldet
    Und Mag. Huber auf der Seite "Benutzer" "Frau Gruber" als "Sachbearbeiter" anlegt
    Dann sieht Mag. Huber den Zugangsschlüssel von Frau Gruber genau einmal
    Und Frau Gruber kann sich mit diesem Schlüssel anmelden und Daten anfordern

  Szenario: Eine neue Rolle gilt sofort
    Wenn sich Frau Berger anmeldet
    Und sich Mag. Huber anmeldet
    Und Mag. Huber die Rolle von Frau Berger auf "Lesend" ändert
    Dann darf Frau Berger keine Daten mehr anfordern

  Szenario: Ein deaktivierter Benutzer ist sofort abgemeldet
    Wenn sich Frau Berger anmeldet
    Und sich Mag. Huber anmeldet
    Und Mag. Huber den Benutzer "Frau Berger" deaktiviert
    Dann ist Frau Berger abgemeldet und ihr Zugangsschlüssel wird abgewiesen

  Szenario: Ein neuer Zugang ersetzt den alten
    Wenn sich Mag. Huber anmeldet
    Und Mag. Huber für Frau Novak einen neuen Zugang erstellt
    Dann wird der bisherige Zugangsschlüssel von Frau Novak abgewiesen
    Und Frau Novak kann sich mit dem neuen Schlüssel anmelden

  Szenario: Die Kanzlei behält einen aktiven Administrator
    Wenn sich Mag. Huber anmeldet
    Und Mag. Huber seine eigene Rolle auf "Lesend" ändern will
    Dann sieht Mag. Huber "Die Kanzlei braucht mindestens einen aktiven Administrator."
    Und Mag. Huber ist weiterhin Administrator

  Szenariogrundriss: Andere Rollen verwalten keine Benutzer
    Wenn sich <Name> anmeldet
    Dann kann <Name> die Seite "Benutzer" nicht öffnen
    Und <Name> kann niemanden anlegen, keine Rolle ändern und niemanden deaktivieren

    Beispiele:
      | Name        |
      | Frau Berger |
      | Frau Novak  |
