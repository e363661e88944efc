"""The texts the five legal pages start with: what this platform really stores and does.

Placeholders in square brackets ([…]) are for the city's own names and addresses; the staff page lists the
pages that still contain one. A change here reaches a site only through the seed migration of a new database:
a running site keeps what Verwaltung wrote.
"""

PLACEHOLDER_MARK = "[bitte eintragen:"

IMPRESSUM = """\
## Anbieterin

Stadtverwaltung Kaiserslautern
Willy-Brandt-Platz 1
67657 Kaiserslautern

Die Stadt Kaiserslautern ist eine Körperschaft des öffentlichen Rechts. Sie wird vertreten durch
[bitte eintragen: Name der Oberbürgermeisterin oder des Oberbürgermeisters].

## Kontakt

Telefon: [bitte eintragen: Telefonnummer der Stelle für Bürgerbeteiligung]
E-Mail: [bitte eintragen: E-Mail-Adresse der Stelle für Bürgerbeteiligung]
Oder über unser [Kontaktformular](/kontakt/).

## Verantwortlich für den Inhalt

[bitte eintragen: Referat oder Stelle, Name, Anschrift] (nach § 18 Absatz 2 Medienstaatsvertrag)

## Umsatzsteuer-Identifikationsnummer

[bitte eintragen: USt-IdNr. nach § 27a Umsatzsteuergesetz, falls vorhanden]

## Beiträge von Bürgerinnen und Bürgern

Ideen, Kommentare und Antworten auf Umfragen geben die Meinung ihrer Verfasserinnen und Verfasser wieder,
nicht die der Stadt. Die Moderation prüft Beiträge nach den [Nutzungsbedingungen](/nutzungsbedingungen/).

## Kartendaten

Die Stadtteilgrenzen stammen von der Stadtverwaltung Kaiserslautern, das Straßen- und Adressverzeichnis von
OpenStreetMap (© OpenStreetMap-Mitwirkende, ODbL). Alle Quellen und Lizenzen stehen unter
[Datenquellen](/daten/).

## Software

KLmitWirkung ist freie Software (Open Source).
"""

DATENSCHUTZ = """\
Diese Erklärung sagt Ihnen nach Artikel 13 der Datenschutz-Grundverordnung (DSGVO), welche Daten KLmitWirkung
verarbeitet, wozu, wie lange und welche Rechte Sie haben.

## Verantwortliche Stelle

Stadtverwaltung Kaiserslautern, Willy-Brandt-Platz 1, 67657 Kaiserslautern,
E-Mail: [bitte eintragen: E-Mail-Adresse der Stelle für Bürgerbeteiligung]

## Datenschutzbeauftragte oder Datenschutzbeauftragter

[bitte eintragen: Name, Anschrift und E-Mail-Adresse der oder des behördlichen Datenschutzbeauftragten]

## Wozu wir Daten verarbeiten, und auf welcher Grundlage

Die Stadt beteiligt die Öffentlichkeit an Planungen und Vorhaben. Das ist eine Aufgabe im öffentlichen
Interesse (Art. 6 Abs. 1 Buchst. e DSGVO, bei förmlichen Verfahren zusammen mit §§ 3 und 4a Baugesetzbuch).
Freiwillige Angaben (zum Beispiel Ihr Wohn-Stadtteil) verarbeiten wir mit Ihrer Einwilligung
(Art. 6 Abs. 1 Buchst. a DSGVO), die Sie jederzeit in Ihrem Konto zurücknehmen können.

## Ohne Anmeldung

- **Server-Protokolle:** Bei jedem Aufruf verarbeitet der Server die IP-Adresse, Datum und Uhrzeit, die
  aufgerufene Adresse, den Statuscode und die Browser-Kennung, um die Seite auszuliefern und Angriffe abzuwehren
  (Art. 6 Abs. 1 Buchst. e DSGVO). Protokolle werden nach [bitte eintragen: Anzahl] Tagen gelöscht.
- **Schutz vor Missbrauch:** Damit niemand die Plattform mit Beiträgen überflutet, zählen wir Anfragen je
  Konto und je IP-Adresse. Die Zähler liegen nur im Arbeitsspeicher des Servers und verfallen nach
  spätestens einer Stunde von selbst.
- **Anonyme Umfragen:** Wer ohne Konto an einer Umfrage teilnimmt, bekommt ein Cookie „klmw_survey“ mit einer
  zufälligen Kennung. Sie sorgt dafür, dass Sie Ihre Antwort nicht doppelt abgeben und später ändern können.
  Die Kennung enthält keinen Namen; das Cookie gilt ein Jahr.
- **Karte und Adresssuche:** Die Suche nach Adressen läuft über unser eigenes Ortsverzeichnis. Es werden
  keine Daten an Dritte übertragen. Wenn Sie „Mein Standort“ wählen, bestimmt Ihr Browser den Ort; wir
  verwenden ihn nur, um die Karte dorthin zu bewegen, und speichern ihn nicht.

## Mit einem Konto

- **Konto:** E-Mail-Adresse, Passwort (nur als sicherer Hash gespeichert), auf Wunsch ein öffentlicher Name
  und Ihr Wohn-Stadtteil. Die E-Mail-Adresse wird nie veröffentlicht. Wir schreiben Ihnen nur zu Ihrem Konto,
  zu Ihren Beiträgen (zum Beispiel wenn die Stadt auf Ihre Idee antwortet) und zu Themen, die Sie abonniert
  haben.
- **Ideen und Kommentare:** Titel, Text, Ort auf der Karte, Kategorie, Zeitpunkt und Ihr öffentlicher Name
  (oder „anonym“) sind öffentlich, sobald die Moderation sie freigegeben hat. Der Ort einer Idee ist
  öffentlich; wählen Sie deshalb keinen Ort, der Sie verrät, zum Beispiel Ihre Wohnung.
- **Fotos:** Hochgeladene Fotos werden verkleinert und ohne Metadaten gespeichert. Dabei entfernen wir auch
  die GPS-Position der Kamera.
- **Umfragen:** Ihre Antworten sind einem Konto oder einer anonymen Kennung zugeordnet. Öffentlich zeigen wir
  nur zusammengefasste Ergebnisse. Kleine Zahlen werden unterdrückt oder leicht verändert, damit niemand
  auf Einzelne schließen kann. Genaue Orte aus Kartenfragen sehen nur berechtigte Mitarbeitende der Stadt.
- **Stellungnahmen in förmlichen Verfahren:** Stellungnahmen zu Bauleitplänen werden mit Namen und Anschrift
  abgewogen, wie es das Baugesetzbuch verlangt. Veröffentlicht wird nur der Inhalt ohne Ihren Namen.

## Cookies

Wir setzen nur Cookies, die für die Seite nötig sind (§ 25 Abs. 2 Nr. 2 TDDDG); deshalb fragen wir nicht
nach einer Einwilligung:

- **sessionid:** hält Sie angemeldet; gilt bis zur Abmeldung, höchstens zwei Wochen.
- **csrftoken:** schützt Formulare vor fremden Seiten; gilt ein Jahr.
- **django_language:** merkt sich die Sprache, die Sie gewählt haben.
- **klmw_survey:** nur bei anonymen Umfragen, siehe oben.

Es gibt keine Werbung, keine Analyse-Werkzeuge und keine Inhalte von anderen Servern.

## Wer die Daten sieht

Berechtigte Mitarbeitende der Stadtverwaltung (Moderation, Stadtplanung, Verwaltung), jeweils nur für ihre
Aufgabe. Der Betrieb erfolgt durch [bitte eintragen: Rechenzentrum oder Dienstleister im
Auftrag der Stadt nach Art. 28 DSGVO]. Eine Übermittlung in Länder außerhalb der EU findet nicht statt.

## Wie lange wir Daten speichern

- Konten bleiben bestehen, bis Sie sie löschen. Ein Konto, dessen E-Mail-Adresse nie bestätigt wurde,
  wird nach [bitte eintragen: Anzahl] Tagen gelöscht.
- Beiträge bleiben öffentlich, solange das Vorhaben dokumentiert wird. Wenn Sie Ihr Konto löschen, bleiben
  Ihre Ideen und Kommentare als „anonym“ stehen, damit Diskussionen verständlich bleiben. Ihre
  Umfrage-Antworten werden gelöscht.
- Nachrichten über das Kontaktformular löschen wir [bitte eintragen: Frist] nach der Antwort.

## Ihre Rechte

Sie haben das Recht auf Auskunft (Art. 15 DSGVO), Berichtigung (Art. 16), Löschung (Art. 17), Einschränkung
(Art. 18), Datenübertragbarkeit (Art. 20) und Widerspruch (Art. 21). In Ihrem Konto können Sie Ihre Daten
selbst herunterladen und Ihr Konto löschen. Sie können sich bei der Aufsichtsbehörde beschweren: dem
Landesbeauftragten für den Datenschutz und die Informationsfreiheit Rheinland-Pfalz, Hintere Bleiche 34,
55116 Mainz.
"""

BARRIEREFREIHEIT = """\
Die Stadt Kaiserslautern möchte, dass alle Menschen KLmitWirkung nutzen können. Diese Erklärung gilt für
diese Beteiligungsplattform. Grundlage sind das Behindertengleichstellungsrecht und die
Barrierefreie-Informationstechnik-Verordnung (BITV 2.0).

## Wie barrierefrei ist die Plattform?

Die Plattform ist **teilweise barrierefrei**. Wir prüfen jede Seite automatisch in Deutsch und Englisch,
auf dem Handy und am Computer: mit dem Prüfwerkzeug axe, mit der Tastatur und auf Zielgrößen (mindestens
24 × 24 Pixel). Alle Karten haben eine Liste als Alternative; Orte können auch mit der Tastatur oder über die
Adresssuche gewählt werden. Eine Prüfung durch eine anerkannte BITV-Prüfstelle steht noch aus.

## Was noch nicht barrierefrei ist

- Die technische Dokumentation der Schnittstelle (API, Swagger- und ReDoc-Seite) für Fachleute ist nicht
  vollständig barrierefrei.
- Karten-Ebenen aus Planungsdaten sind oft nur als Karte verständlich. Die Angaben jeder Fläche oder Linie
  stehen aber auch in Textform auf ihrer eigenen Seite.
- Hochgeladene PDF-Dokumente von Planungen sind nicht immer barrierefrei. Sie können eine zugängliche
  Fassung über das Kontaktformular anfordern.
- Videos in Deutscher Gebärdensprache gibt es noch nicht für alle Inhalte.

## Erstellung dieser Erklärung

Diese Erklärung wurde am [bitte eintragen: Datum] erstellt. Grundlage ist eine Selbstbewertung mit
automatischen Prüfungen und Tastatur-Tests.

## Barrieren melden: Feedback und Kontakt

Wenn Ihnen eine Barriere auffällt oder Sie Inhalte in einer anderen Form brauchen, schreiben Sie uns über das
[Kontaktformular](/kontakt/?thema=barrierefreiheit). Wählen Sie dort „Barriere melden“. Ihre Nachricht geht
an die Mitarbeitenden der Stadt, die die Plattform betreuen. Wir antworten Ihnen, spätestens nach sechs
Wochen.

## Schlichtungsverfahren

Wenn Sie keine zufriedenstellende Antwort bekommen, können Sie einen Antrag auf ein Schlichtungsverfahren
stellen, bei der Schlichtungsstelle nach § 16 Behindertengleichstellungsgesetz (BGG):

Schlichtungsstelle nach dem Behindertengleichstellungsgesetz
bei dem Beauftragten der Bundesregierung für die Belange von Menschen mit Behinderungen
Mauerstraße 53, 10117 Berlin
Telefon: 030 18 527-2805
E-Mail: info@schlichtungsstelle-bgg.de
Internet: [www.schlichtungsstelle-bgg.de](https://www.schlichtungsstelle-bgg.de)

Für Stellen des Landes und der Kommunen in Rheinland-Pfalz ist zusätzlich zuständig:
[bitte eintragen: Schlichtungs- oder Durchsetzungsstelle des Landes Rheinland-Pfalz mit Anschrift].
Das Verfahren ist kostenlos. Sie brauchen keinen Rechtsbeistand.
"""

NUTZUNGSBEDINGUNGEN = """\
KLmitWirkung ist der Ort, an dem Kaiserslauterinnen und Kaiserslauterer mit der Stadt über Planungen
sprechen. Damit das für alle gut funktioniert, gelten diese Regeln.

## Wer mitmachen kann

Lesen kann jede und jeder. Ideen, Kommentare und Unterstützungen brauchen ein Konto mit bestätigter
E-Mail-Adresse. Manche Umfragen gehen auch ohne Konto. Ein Konto pro Person.

## Netiquette: so gehen wir miteinander um

- Bleiben Sie sachlich und freundlich, auch wenn Sie anderer Meinung sind.
- Keine Beleidigungen, keine Drohungen, keine Diskriminierung, keine Hetze.
- Keine Werbung, keine Wahlwerbung, keine Kettenbriefe.
- Keine persönlichen Daten anderer Menschen (Namen, Adressen, Autokennzeichen, Fotos von Personen).
- Bleiben Sie beim Thema des Vorhabens oder der Umfrage.
- Laden Sie nur Fotos hoch, die Sie selbst gemacht haben oder verwenden dürfen.

## Moderation

- Ideen ohne Vorhaben werden **vor** der Veröffentlichung geprüft. Bei manchen Vorhaben erscheinen Beiträge
  sofort und werden danach geprüft. Auf der Seite des Vorhabens steht, welche Regel gilt.
- Die Moderation blendet Beiträge aus, die gegen diese Regeln verstoßen. Sie schreibt dazu, warum. Jede
  Entscheidung wird protokolliert.
- Mit „Melden“ können Sie jeden Beitrag der Moderation zeigen. Sie können auch das
  [Kontaktformular](/kontakt/?thema=inhalt) benutzen.
- Wer wiederholt gegen die Regeln verstößt, kann gesperrt werden.

## Was mit Ihren Beiträgen geschieht

Ihre Ideen, Kommentare und Antworten fließen in die Planung ein. Die Stadt muss nicht jeder Idee folgen,
aber sie antwortet öffentlich und nennt einen Status (eingereicht, in Prüfung, angenommen, abgelehnt,
umgesetzt). Sie räumen der Stadt das Recht ein, Ihre Beiträge für die Beteiligung und ihre Dokumentation
zu veröffentlichen.

## Haftung

Die Plattform ist kein förmlicher Antrag und keine Beschwerde. Fristen in förmlichen Verfahren gelten nur
für Stellungnahmen, die ausdrücklich als solche abgegeben werden.

Wie wir mit Ihren Daten umgehen, steht in der [Datenschutzerklärung](/datenschutz/).
"""

KONTAKT = """\
Sie haben eine Frage zur Plattform, möchten eine Barriere melden oder einen Beitrag zeigen, der gegen die
Regeln verstößt? Schreiben Sie uns. Die Nachricht geht an die Mitarbeitenden der Stadt, die KLmitWirkung
betreuen.

Stadtverwaltung Kaiserslautern
[bitte eintragen: Referat oder Stelle für Bürgerbeteiligung]
Willy-Brandt-Platz 1, 67657 Kaiserslautern
Telefon: [bitte eintragen: Telefonnummer]
"""

PAGES = {
    "impressum": ("Impressum", IMPRESSUM),
    "datenschutz": ("Datenschutzerklärung", DATENSCHUTZ),
    "barrierefreiheit": ("Erklärung zur Barrierefreiheit", BARRIEREFREIHEIT),
    "nutzungsbedingungen": ("Nutzungsbedingungen und Netiquette", NUTZUNGSBEDINGUNGEN),
    "kontakt": ("Kontakt", KONTAKT),
}

TITLES_EN = {
    "impressum": "Legal notice (Impressum)",
    "datenschutz": "Privacy policy",
    "barrierefreiheit": "Accessibility statement",
    "nutzungsbedingungen": "Terms of use and netiquette",
    "kontakt": "Contact",
}


def seed_legal_pages(model) -> None:
    """Creates the pages that are missing (the migration passes its historical model); keeps edited ones."""
    for kind, (title, body) in PAGES.items():
        model.objects.get_or_create(kind=kind, defaults={"title": title, "body": body, "title_en": TITLES_EN[kind]})
