"""German, French, Spanish and Swedish translations of instrument version 1.

The English source is V1 in surveys/instrument.py; this module mirrors its
texts language by language ("de", "fr", "es", "sv"): per dimension its name,
poles, development tip and first action; per dimension its three items as
(team, observer, self) wordings in V1's order; and the two open questions.
The reverse-keyed flags are not repeated here: they belong to V1.

Team wordings speak of the rater's own manager with one gender-neutral term
per language (Führungskraft, manager, responsable, chef); observer wordings
keep {name}, which is replaced by the manager's full name; self wordings are
in the first person.

Call validate() to check the translations against V1.
"""

from __future__ import annotations

from .instrument import V1

V1_TRANSLATIONS = {
    "de": {
        "dimensions": {
            "dialogue": {
                "name": "Dialog",
                "lead_pole": "Dialog und Feedback in beide Richtungen",
                "manage_pole": "Einseitige Anweisungen",
                "development_tip": (
                    "Beginnen Sie jedes Einzelgespräch mit einer Frage und lassen Sie das "
                    "Teammitglied zuerst sprechen. Bevor Sie entscheiden, wie ein Key Account "
                    "bearbeitet wird, holen Sie die Meinung von zwei Teammitgliedern ein und sagen "
                    "Sie anschließend, was Sie daraus übernommen haben. Bitten Sie jeden Monat um "
                    "ein Feedback zu Ihrem eigenen Coaching."
                ),
                "first_action": (
                    "Fragen Sie im nächsten Einzelgespräch das Teammitglied, wie es seinen größten "
                    "Kunden angehen würde, bevor Sie selbst etwas dazu sagen."
                ),
            },
            "development": {
                "name": "Entwicklung",
                "lead_pole": "Entwickelt die Fähigkeiten jedes Teammitglieds durch Coaching",
                "manage_pole": "Richtet Mitarbeitende auf ihre Zielvorgaben aus",
                "development_tip": (
                    "Wählen Sie für jedes Teammitglied eine Verkaufsfähigkeit für das nächste "
                    "Quartal aus und vereinbaren Sie, wie Sie diese gemeinsam üben. Begleiten Sie "
                    "alle zwei Wochen ein Kundengespräch rein beobachtend und besprechen Sie "
                    "anschließend die Fähigkeit statt des Ergebnisses. Werten Sie verlorene "
                    "Aufträge aus, um daraus zu lernen, nicht um Schuldige zu suchen."
                ),
                "first_action": (
                    "Wählen Sie diese Woche mit jedem Teammitglied eine Verkaufsfähigkeit aus und "
                    "vereinbaren Sie ein Kundengespräch, in dem Sie diese nur beobachten."
                ),
            },
            "innovation": {
                "name": "Innovation",
                "lead_pole": "Gibt Freiraum, zu experimentieren und Risiken einzugehen",
                "manage_pole": "Hält an Routinen und Abläufen fest",
                "development_tip": (
                    "Reservieren Sie einen kleinen Teil der Zeit des Teams für das Ausprobieren "
                    "neuer Ansätze und bitten Sie jedes Teammitglied, pro Quartal ein kleines "
                    "Experiment durchzuführen. Sprechen Sie über Misserfolge ebenso offen wie über "
                    "Erfolge, und fangen Sie mit Ihren eigenen Versuchen an."
                ),
                "first_action": (
                    "Bitten Sie jedes Teammitglied um ein kleines Experiment, das es diesen Monat "
                    "bei einem Kunden ausprobiert, und stellen Sie sich offen dahinter."
                ),
            },
            "vision": {
                "name": "Vision",
                "lead_pole": "Gibt eine langfristige Richtung vor und vermittelt sie",
                "manage_pole": "Verwaltet das Tagesgeschäft",
                "development_tip": (
                    "Halten Sie in wenigen Sätzen fest, wo das Team in einem Jahr stehen soll und "
                    "warum das für die Kunden wichtig ist. Besprechen Sie dies mit dem Team und "
                    "verknüpfen Sie anschließend die Quartalsziele und den Plan jedes "
                    "Teammitglieds damit."
                ),
                "first_action": (
                    "Halten Sie in fünf Sätzen fest, wo das Team in einem Jahr stehen soll, und "
                    "besprechen Sie diese beim nächsten Teammeeting."
                ),
            },
            "initiative": {
                "name": "Initiative",
                "lead_pole": "Handelt vorausschauend",
                "manage_pole": "Reagiert auf Ereignisse",
                "development_tip": (
                    "Führen Sie jede Woche eine kurze, vorausschauende Pipeline-Besprechung durch, "
                    "in der Sie fragen, was im nächsten Monat schiefgehen könnte. Wenn Sie etwas "
                    "überrascht, ermitteln Sie die Ursache, bevor Sie über Ihre Reaktion "
                    "entscheiden, und teilen Sie dem Team mit, was Sie daraus gelernt haben."
                ),
                "first_action": (
                    "Ergänzen Sie die Pipeline-Besprechung dieser Woche um zehn Minuten zur Frage, "
                    "was im nächsten Monat schiefgehen könnte."
                ),
            },
            "individuals": {
                "name": "Individuelle Führung",
                "lead_pole": "Führt Menschen als Individuen",
                "manage_pole": "Verwaltet sie als Ressourcen und Zahlen",
                "development_tip": (
                    "Notieren Sie für jedes Teammitglied zwei Stärken, eine Sache, in der es "
                    "besser werden möchte, und was es motiviert; gleichen Sie dies mit ihm ab. "
                    "Passen Sie Ihre Unterstützung an jede einzelne Person an, statt jedes "
                    "Einzelgespräch gleich zu führen."
                ),
                "first_action": (
                    "Notieren Sie für jedes Teammitglied zwei Stärken und ein Entwicklungsziel und "
                    "gleichen Sie diese anschließend mit dem jeweiligen Teammitglied ab."
                ),
            },
            "values": {
                "name": "Werte",
                "lead_pole": "Entscheidet nach gemeinsamen Werten",
                "manage_pole": "Entscheidet allein nach Regeln",
                "development_tip": (
                    "Vereinbaren Sie mit dem Team drei Werte, die Ihre Art zu verkaufen leiten "
                    "sollen. Wenn Sie eine Entscheidung treffen, erklären Sie, welchem Wert sie "
                    "dient. Wenn Regel und Wert auseinanderlaufen, besprechen Sie den Fall offen, "
                    "statt sich auf die Regel zu berufen."
                ),
                "first_action": (
                    "Wenn Sie das nächste Mal eine Entscheidung bekannt geben, sagen Sie, welchem "
                    "gemeinsamen Wert sie dient."
                ),
            },
            "outcomes": {
                "name": "Ergebnisse",
                "lead_pole": "Richtet sich an Ergebnissen aus und verbessert den Prozess",
                "manage_pole": "Folgt dem Prozess um seiner selbst willen",
                "development_tip": (
                    "Listen Sie die Schritte Ihres Vertriebsprozesses auf und fragen Sie bei "
                    "jedem, welchem Ergebnis er dient. Laden Sie das Team ein, jedes Quartal einen "
                    "Schritt vorzuschlagen, der vereinfacht oder gestrichen werden kann, und "
                    "testen Sie den besten Vorschlag."
                ),
                "first_action": (
                    "Fragen Sie das Team, welcher Schritt im Vertriebsprozess den Kunden am "
                    "wenigsten nützt, und lassen Sie ihn probeweise weg."
                ),
            },
            "commitment": {
                "name": "Commitment",
                "lead_pole": "Wirbt um Commitment",
                "manage_pole": "Besteht auf Befolgung von Anweisungen",
                "development_tip": (
                    "Legen Sie Ziele gemeinsam mit jedem Teammitglied fest, statt sie vorzugeben: "
                    "Fragen Sie, was die Person erreichen möchte und wozu sie sich verpflichtet. "
                    "Fassen Sie bei diesen Zusagen nach und würdigen Sie neben Ergebnissen auch "
                    "Einsatz, der über das Minimum hinausgeht."
                ),
                "first_action": (
                    "Fragen Sie im nächsten Zielgespräch das Teammitglied, wozu es sich "
                    "verpflichtet, bevor Sie eine Zahl vorschlagen."
                ),
            },
            "empowerment": {
                "name": "Empowerment",
                "lead_pole": "Ermutigt, vertraut und befähigt",
                "manage_pole": "Setzt unter Druck und betreibt Mikromanagement",
                "development_tip": (
                    "Legen Sie fest, welche Entscheidungen jedes Teammitglied treffen kann, ohne "
                    "Sie zu fragen, und erweitern Sie diese Liste, wenn das Vertrauen wächst. "
                    "Ersetzen Sie Statuskontrollen durch ein vereinbartes wöchentliches Update. "
                    "Beginnen Sie nach einer schweren Woche mit Ermutigung, bevor es um Zahlen "
                    "geht."
                ),
                "first_action": (
                    "Listen Sie drei Entscheidungen auf, die jedes Teammitglied treffen darf, ohne "
                    "Sie zu fragen, und teilen Sie sie dem Team noch heute mit."
                ),
            },
        },
        "items": {
            "dialogue": [
                (
                    (
                        "Vor Entscheidungen darüber, wie wir bei einem Kunden vorgehen, fragt "
                        "meine Führungskraft nach meiner Meinung."
                    ),
                    (
                        "Vor Entscheidungen darüber, wie bei einem Kunden vorgegangen wird, holt "
                        "{name} die Meinung des Teams ein."
                    ),
                    (
                        "Vor Entscheidungen darüber, wie wir bei einem Kunden vorgehen, hole ich "
                        "die Meinung meiner Mitarbeitenden ein."
                    ),
                ),
                (
                    (
                        "In Gesprächen über meine Arbeit verbringt meine Führungskraft mindestens "
                        "so viel Zeit mit Zuhören wie mit Reden."
                    ),
                    (
                        "In Gesprächen mit anderen über deren Arbeit verbringt {name} mindestens "
                        "so viel Zeit mit Zuhören wie mit Reden."
                    ),
                    (
                        "Wenn ich mit Teammitgliedern über ihre Arbeit spreche, verbringe ich "
                        "mindestens so viel Zeit mit Zuhören wie mit Reden."
                    ),
                ),
                (
                    (
                        "In Gesprächen mit meiner Führungskraft bekomme ich vor allem gesagt, was "
                        "ich als Nächstes tun soll."
                    ),
                    (
                        "In Gesprächen mit dem Team gibt {name} vor allem Anweisungen, was als "
                        "Nächstes zu tun ist."
                    ),
                    (
                        "In Gesprächen mit meinen Mitarbeitenden sage ich ihnen vor allem, was sie "
                        "als Nächstes tun sollen."
                    ),
                ),
            ],
            "development": [
                (
                    (
                        "Meine Führungskraft coacht mich bei konkreten Verkaufsfähigkeiten, nicht "
                        "nur bei meinen Zahlen."
                    ),
                    (
                        "{name} coacht die Mitarbeitenden bei konkreten Verkaufsfähigkeiten, nicht "
                        "nur bei ihren Zahlen."
                    ),
                    (
                        "Ich coache jedes Teammitglied bei konkreten Verkaufsfähigkeiten, nicht "
                        "nur bei seinen Zahlen."
                    ),
                ),
                (
                    (
                        "Nach einem verlorenen Auftrag hilft mir meine Führungskraft "
                        "herauszufinden, was ich künftig anders machen sollte."
                    ),
                    (
                        "Nach einem verlorenen Auftrag hilft {name} dem betreffenden Teammitglied "
                        "herauszufinden, was es künftig anders machen sollte."
                    ),
                    (
                        "Nach einem verlorenen Auftrag helfe ich dem betreffenden Teammitglied "
                        "herauszufinden, was es künftig anders machen sollte."
                    ),
                ),
                (
                    (
                        "Solange ich mein Ziel erreiche, interessiert sich meine Führungskraft "
                        "kaum dafür, wie ich mich weiterentwickeln könnte."
                    ),
                    (
                        "Solange ein Teammitglied sein Ziel erreicht, interessiert sich {name} "
                        "kaum dafür, wie es sich weiterentwickeln könnte."
                    ),
                    (
                        "Solange ein Teammitglied sein Ziel erreicht, interessiere ich mich kaum "
                        "dafür, wie es sich weiterentwickeln könnte."
                    ),
                ),
            ],
            "innovation": [
                (
                    (
                        "Meine Führungskraft lässt mich bei einem Kunden einen neuen Ansatz "
                        "ausprobieren, auch wenn er vielleicht nicht funktioniert."
                    ),
                    (
                        "{name} lässt Mitarbeitende bei einem Kunden einen neuen Ansatz "
                        "ausprobieren, auch wenn er vielleicht nicht funktioniert."
                    ),
                    (
                        "Ich lasse Mitarbeitende bei einem Kunden einen neuen Ansatz ausprobieren, "
                        "auch wenn er vielleicht nicht funktioniert."
                    ),
                ),
                (
                    (
                        "Meine Führungskraft betrachtet ein gescheitertes Experiment als "
                        "Lernerfahrung und nicht als Fehler, der bestraft werden muss."
                    ),
                    (
                        "{name} betrachtet ein gescheitertes Experiment als Lernerfahrung und "
                        "nicht als Fehler, der bestraft werden muss."
                    ),
                    (
                        "Ich betrachte ein gescheitertes Experiment eines Teammitglieds als "
                        "Lernerfahrung und nicht als Fehler, der bestraft werden muss."
                    ),
                ),
                (
                    (
                        "Meine Führungskraft erwartet, dass jede Verkaufschance exakt nach dem "
                        "Standardvorgehen bearbeitet wird."
                    ),
                    (
                        "{name} erwartet, dass jede Verkaufschance exakt nach dem Standardvorgehen "
                        "bearbeitet wird."
                    ),
                    (
                        "Ich erwarte, dass jede Verkaufschance exakt nach dem Standardvorgehen "
                        "bearbeitet wird."
                    ),
                ),
            ],
            "vision": [
                (
                    (
                        "Meine Führungskraft hat erklärt, wohin unser Team im nächsten Jahr und "
                        "darüber hinaus steuert."
                    ),
                    (
                        "{name} hat erklärt, wohin das eigene Team im nächsten Jahr und darüber "
                        "hinaus steuert."
                    ),
                    (
                        "Ich habe meinem Team erklärt, wohin wir im nächsten Jahr und darüber "
                        "hinaus steuern."
                    ),
                ),
                (
                    (
                        "Ich sehe, wie meine tägliche Arbeit zu den übergeordneten Zielen "
                        "beiträgt, von denen meine Führungskraft spricht."
                    ),
                    (
                        "{name} spricht über übergeordnete Ziele und verknüpft die tägliche Arbeit "
                        "des Teams damit."
                    ),
                    (
                        "Meine Mitarbeitenden sehen, wie ihre tägliche Arbeit zu den "
                        "übergeordneten Zielen beiträgt, von denen ich spreche."
                    ),
                ),
                (
                    (
                        "Meine Führungskraft blickt selten über die Zahlen des laufenden Monats "
                        "hinaus."
                    ),
                    "{name} blickt selten über die Zahlen des laufenden Monats hinaus.",
                    "Ich blicke selten über die Zahlen des laufenden Monats hinaus.",
                ),
            ],
            "initiative": [
                (
                    (
                        "Meine Führungskraft erkennt Probleme in der Pipeline, bevor daraus "
                        "verfehlte Zahlen werden."
                    ),
                    (
                        "{name} erkennt Probleme in der Pipeline, bevor daraus verfehlte Zahlen "
                        "werden."
                    ),
                    (
                        "Ich erkenne Probleme in der Pipeline meines Teams, bevor daraus verfehlte "
                        "Zahlen werden."
                    ),
                ),
                (
                    (
                        "Wenn etwas Unerwartetes passiert, sucht meine Führungskraft zuerst nach "
                        "der Ursache und handelt erst dann."
                    ),
                    (
                        "Wenn etwas Unerwartetes passiert, sucht {name} zuerst nach der Ursache "
                        "und handelt erst dann."
                    ),
                    (
                        "Wenn etwas Unerwartetes passiert, suche ich zuerst nach der Ursache und "
                        "handle erst dann."
                    ),
                ),
                (
                    (
                        "Meine Führungskraft kümmert sich meist erst dann um Probleme, wenn sie "
                        "dringend geworden sind."
                    ),
                    (
                        "{name} kümmert sich meist erst dann um Probleme, wenn sie dringend "
                        "geworden sind."
                    ),
                    (
                        "Ich kümmere mich meist erst dann um Probleme, wenn sie dringend geworden "
                        "sind."
                    ),
                ),
            ],
            "individuals": [
                (
                    (
                        "Meine Führungskraft kennt meine besonderen Stärken und Schwächen und "
                        "arbeitet gezielt damit."
                    ),
                    (
                        "{name} kennt die besonderen Stärken und Schwächen jedes Teammitglieds und "
                        "arbeitet gezielt damit."
                    ),
                    (
                        "Ich kenne die besonderen Stärken und Schwächen jedes Teammitglieds und "
                        "arbeite gezielt damit."
                    ),
                ),
                (
                    (
                        "Meine Führungskraft richtet die Unterstützung, die ich bekomme, nach dem "
                        "aus, was ich tatsächlich brauche."
                    ),
                    (
                        "{name} richtet die Unterstützung für jede Person nach dem aus, was diese "
                        "Person tatsächlich braucht."
                    ),
                    (
                        "Ich richte meine Unterstützung für jedes Teammitglied nach dem aus, was "
                        "es tatsächlich braucht."
                    ),
                ),
                (
                    "Meine Führungskraft sieht mich vor allem als Zahl in einem Vertriebsbericht.",
                    (
                        "{name} sieht die Mitarbeitenden vor allem als Zahlen in einem "
                        "Vertriebsbericht."
                    ),
                    "Ich sehe meine Mitarbeitenden vor allem als Zahlen in einem Vertriebsbericht.",
                ),
            ],
            "values": [
                (
                    (
                        "Meine Führungskraft erklärt das Prinzip hinter einer Entscheidung, nicht "
                        "nur die geltende Regel."
                    ),
                    (
                        "{name} erklärt das Prinzip hinter einer Entscheidung, nicht nur die "
                        "geltende Regel."
                    ),
                    (
                        "Ich erkläre das Prinzip hinter einer Entscheidung, nicht nur die geltende "
                        "Regel."
                    ),
                ),
                (
                    (
                        "Wenn eine Regel nicht zur Situation passt, wägt meine Führungskraft ab, "
                        "was für den Kunden und das Team richtig ist."
                    ),
                    (
                        "Wenn eine Regel nicht zur Situation passt, wägt {name} ab, was für den "
                        "Kunden und das Team richtig ist."
                    ),
                    (
                        "Wenn eine Regel nicht zur Situation passt, wäge ich ab, was für den "
                        "Kunden und das Team richtig ist."
                    ),
                ),
                (
                    "Bei einem Problem prüft meine Führungskraft als Erstes, was die Regeln sagen.",
                    "Bei einem Problem prüft {name} als Erstes, was die Regeln sagen.",
                    "Bei einem Problem prüfe ich als Erstes, was die Regeln sagen.",
                ),
            ],
            "outcomes": [
                (
                    (
                        "Meine Führungskraft beurteilt unsere Arbeit danach, was sie für die "
                        "Kunden und das Unternehmen bewirkt."
                    ),
                    (
                        "{name} beurteilt die Arbeit des eigenen Teams danach, was sie für die "
                        "Kunden und das Unternehmen bewirkt."
                    ),
                    (
                        "Ich beurteile die Arbeit meines Teams danach, was sie für die Kunden und "
                        "das Unternehmen bewirkt."
                    ),
                ),
                (
                    (
                        "Meine Führungskraft ist bereit, einen Vertriebsprozess zu ändern, der "
                        "guten Ergebnissen im Weg steht."
                    ),
                    (
                        "{name} ist bereit, einen Vertriebsprozess zu ändern, der guten "
                        "Ergebnissen im Weg steht."
                    ),
                    (
                        "Ich bin bereit, einen Vertriebsprozess zu ändern, der guten Ergebnissen "
                        "im Weg steht."
                    ),
                ),
                (
                    (
                        "Meine Führungskraft besteht auf dem vorgeschriebenen Ablauf, auch wenn er "
                        "offensichtlich nichts bringt."
                    ),
                    (
                        "{name} besteht auf dem vorgeschriebenen Ablauf, auch wenn er "
                        "offensichtlich nichts bringt."
                    ),
                    (
                        "Ich bestehe auf dem vorgeschriebenen Ablauf, auch wenn er offensichtlich "
                        "nichts bringt."
                    ),
                ),
            ],
            "commitment": [
                (
                    (
                        "Meine Führungskraft vereinbart Ziele so mit mir, dass ich sie als meine "
                        "eigenen empfinde."
                    ),
                    (
                        "{name} vereinbart Ziele so mit jedem Teammitglied, dass es sie als seine "
                        "eigenen empfindet."
                    ),
                    (
                        "Ich vereinbare Ziele so mit jedem Teammitglied, dass es sie als seine "
                        "eigenen empfindet."
                    ),
                ),
                (
                    (
                        "Meine Führungskraft appelliert an das, was ich erreichen will, nicht nur "
                        "an das, was von mir verlangt wird."
                    ),
                    (
                        "{name} appelliert an das, was Mitarbeitende erreichen wollen, nicht nur "
                        "an das, was von ihnen verlangt wird."
                    ),
                    (
                        "Ich appelliere an das, was meine Mitarbeitenden erreichen wollen, nicht "
                        "nur an das, was von ihnen verlangt wird."
                    ),
                ),
                (
                    (
                        "Für meine Führungskraft ist es wichtiger, dass ich tue, was mir gesagt "
                        "wird, als dass ich mich über das Geforderte hinaus einsetze."
                    ),
                    (
                        "Für {name} ist es wichtiger, dass Mitarbeitende tun, was ihnen gesagt "
                        "wird, als dass sie sich über das Geforderte hinaus einsetzen."
                    ),
                    (
                        "Für mich ist es wichtiger, dass meine Mitarbeitenden tun, was ihnen "
                        "gesagt wird, als dass sie sich über das Geforderte hinaus einsetzen."
                    ),
                ),
            ],
            "empowerment": [
                (
                    (
                        "Meine Führungskraft traut mir zu, Entscheidungen über meine eigenen "
                        "Kunden zu treffen."
                    ),
                    (
                        "{name} traut den Mitarbeitenden zu, Entscheidungen über ihre eigenen "
                        "Kunden zu treffen."
                    ),
                    (
                        "Ich traue meinen Mitarbeitenden zu, Entscheidungen über ihre eigenen "
                        "Kunden zu treffen."
                    ),
                ),
                (
                    (
                        "Meine Führungskraft ermutigt mich, besonders nach einer Reihe verlorener "
                        "Aufträge."
                    ),
                    (
                        "{name} ermutigt das eigene Team, besonders nach einer Reihe verlorener "
                        "Aufträge."
                    ),
                    (
                        "Ich ermutige meine Mitarbeitenden, besonders nach einer Reihe verlorener "
                        "Aufträge."
                    ),
                ),
                (
                    "Meine Führungskraft kontrolliert meine Arbeit stärker im Detail als nötig.",
                    (
                        "{name} kontrolliert die Arbeit der Mitarbeitenden stärker im Detail als "
                        "nötig."
                    ),
                    (
                        "Ich kontrolliere die Arbeit meiner Mitarbeitenden stärker im Detail als "
                        "nötig."
                    ),
                ),
            ],
        },
        "open_questions": {
            "keep": (
                "Was sollte Ihre Führungskraft weiterhin tun?",
                "Was sollte {name} weiterhin tun?",
                "Was sollten Sie als Führungskraft Ihres Teams weiterhin tun?",
            ),
            "start": (
                "Was sollte Ihre Führungskraft künftig zusätzlich tun oder anders machen?",
                "Was sollte {name} künftig zusätzlich tun oder anders machen?",
                "Was sollten Sie künftig zusätzlich tun oder anders machen?",
            ),
        },
    },
    "fr": {
        "dimensions": {
            "dialogue": {
                "name": "Dialogue",
                "lead_pole": "Dialogue et feedback dans les deux sens",
                "manage_pole": "Instructions à sens unique",
                "development_tip": (
                    "Commencez chaque entretien individuel par une question et laissez l’autre "
                    "s’exprimer en premier. Avant de décider comment travailler un compte clé, "
                    "demandez l’avis de deux membres de l’équipe et dites-leur ensuite ce que vous "
                    "en avez retenu. Chaque mois, demandez un retour sur votre propre coaching."
                ),
                "first_action": (
                    "Lors de votre prochain entretien individuel, demandez à la personne comment "
                    "elle aborderait son plus gros compte, avant de donner vous-même votre avis."
                ),
            },
            "development": {
                "name": "Développement",
                "lead_pole": (
                    "Développe les compétences de chaque membre de l’équipe par le coaching"
                ),
                "manage_pole": "Dirige l’équipe vers ses objectifs chiffrés",
                "development_tip": (
                    "Choisissez une compétence commerciale par membre de l’équipe pour le prochain "
                    "trimestre et convenez ensemble de la façon de la travailler. Tous les quinze "
                    "jours, assistez à un rendez-vous client en simple observation, puis faites un "
                    "débrief sur la compétence plutôt que sur le résultat. Analysez les affaires "
                    "perdues pour en tirer des leçons, sans chercher de coupable."
                ),
                "first_action": (
                    "Cette semaine, choisissez une compétence commerciale avec chaque membre de "
                    "l’équipe et planifiez un rendez-vous client où vous vous contenterez de "
                    "l’observer."
                ),
            },
            "innovation": {
                "name": "Innovation",
                "lead_pole": "Laisse la liberté d’expérimenter et de prendre des risques",
                "manage_pole": "S’en tient à la routine et aux procédures",
                "development_tip": (
                    "Réservez une petite part du temps de l’équipe à l’essai de nouvelles "
                    "approches et demandez à chaque membre de l’équipe de mener une petite "
                    "expérimentation par trimestre. Partagez ce qui a échoué aussi ouvertement que "
                    "ce qui a fonctionné, en commençant par vos propres tentatives."
                ),
                "first_action": (
                    "Demandez à chaque membre de l’équipe une petite expérimentation à tenter avec "
                    "un client ce mois-ci, et soutenez-la ouvertement."
                ),
            },
            "vision": {
                "name": "Vision",
                "lead_pole": "Fixe et partage une direction à long terme",
                "manage_pole": "Gère le quotidien",
                "development_tip": (
                    "Écrivez en quelques phrases où l’équipe devrait en être dans un an et "
                    "pourquoi c’est important pour les clients. Discutez-en avec l’équipe, puis "
                    "rattachez-y les objectifs de chaque trimestre et le plan de chaque membre de "
                    "l’équipe."
                ),
                "first_action": (
                    "Rédigez en cinq phrases où l’équipe devrait en être dans un an, et "
                    "discutez-en lors de la prochaine réunion d’équipe."
                ),
            },
            "initiative": {
                "name": "Anticipation",
                "lead_pole": "Anticipe les événements",
                "manage_pole": "Réagit aux événements",
                "development_tip": (
                    "Organisez chaque semaine une courte revue prospective du pipeline, centrée "
                    "sur ce qui pourrait mal tourner le mois prochain. Quand quelque chose vous "
                    "surprend, cherchez-en la cause avant de choisir comment réagir, et dites à "
                    "l’équipe ce que vous en avez appris."
                ),
                "first_action": (
                    "Ajoutez à la revue du pipeline de cette semaine dix minutes sur ce qui "
                    "pourrait mal tourner le mois prochain."
                ),
            },
            "individuals": {
                "name": "Approche individuelle",
                "lead_pole": "Dirige les personnes en tant qu’individus",
                "manage_pole": "Les gère comme des ressources et des chiffres",
                "development_tip": (
                    "Pour chaque membre de l’équipe, notez deux points forts, un point sur lequel "
                    "cette personne souhaite progresser et ce qui la motive\u00a0; vérifiez-le "
                    "avec elle. Adaptez votre soutien à chaque personne au lieu de mener tous les "
                    "entretiens individuels de la même façon."
                ),
                "first_action": (
                    "Notez deux points forts et un objectif de progression pour chaque membre de "
                    "l’équipe, puis vérifiez-les avec la personne concernée."
                ),
            },
            "values": {
                "name": "Valeurs",
                "lead_pole": "Décide selon des valeurs partagées",
                "manage_pole": "Décide selon les seules règles",
                "development_tip": (
                    "Convenez avec l’équipe de trois valeurs qui doivent guider votre façon de "
                    "vendre. Quand vous tranchez, expliquez à quelle valeur votre décision répond. "
                    "Lorsqu’une règle et une valeur divergent, discutez ouvertement du cas au lieu "
                    "d’invoquer la règle."
                ),
                "first_action": (
                    "La prochaine fois que vous annoncerez une décision, dites à quelle valeur "
                    "commune elle répond."
                ),
            },
            "outcomes": {
                "name": "Résultats",
                "lead_pole": "Se concentre sur les résultats et améliore le processus",
                "manage_pole": "Suit le processus pour lui-même",
                "development_tip": (
                    "Listez les étapes de votre processus de vente et demandez-vous, pour chacune, "
                    "à quel résultat elle sert. Invitez l’équipe à proposer chaque trimestre une "
                    "étape à simplifier ou à supprimer, et testez la meilleure proposition."
                ),
                "first_action": (
                    "Demandez à l’équipe quelle étape du processus de vente est la moins utile aux "
                    "clients, et supprimez-la à titre d’essai."
                ),
            },
            "commitment": {
                "name": "Engagement",
                "lead_pole": "Sollicite l’engagement",
                "manage_pole": "Exige l’obéissance aux consignes",
                "development_tip": (
                    "Fixez les objectifs avec chaque personne plutôt qu’à sa place\u00a0: "
                    "demandez-lui ce qu’elle veut atteindre et à quoi elle est prête à s’engager. "
                    "Assurez le suivi de ses engagements, et reconnaissez l’effort qui va au-delà "
                    "du minimum autant que les résultats."
                ),
                "first_action": (
                    "Lors de votre prochain entretien d’objectifs, demandez à la personne à quoi "
                    "elle s’engage avant de proposer un chiffre."
                ),
            },
            "empowerment": {
                "name": "Responsabilisation",
                "lead_pole": "Encourage, fait confiance et responsabilise",
                "manage_pole": "Met la pression et microgère",
                "development_tip": (
                    "Définissez les décisions que chaque membre de l’équipe peut prendre sans vous "
                    "consulter, et élargissez cette liste à mesure que la confiance grandit. "
                    "Remplacez les contrôles d’avancement par un point hebdomadaire convenu. Après "
                    "une semaine difficile, commencez par encourager avant de parler chiffres."
                ),
                "first_action": (
                    "Listez trois décisions que chaque membre de l’équipe peut prendre sans vous "
                    "consulter, et communiquez-les dès aujourd’hui."
                ),
            },
        },
        "items": {
            "dialogue": [
                (
                    (
                        "Mon manager me demande mon avis avant de décider de notre approche d’un "
                        "compte."
                    ),
                    (
                        "{name} demande l’avis de son équipe avant de décider de l’approche d’un "
                        "compte."
                    ),
                    (
                        "Je demande l’avis des membres de mon équipe avant de décider de notre "
                        "approche d’un compte."
                    ),
                ),
                (
                    (
                        "Quand nous parlons de mon travail, mon manager passe au moins autant de "
                        "temps à écouter qu’à parler."
                    ),
                    (
                        "Dans les échanges sur le travail de quelqu’un, {name} passe au moins "
                        "autant de temps à écouter qu’à parler."
                    ),
                    (
                        "Quand je parle avec un membre de mon équipe de son travail, je passe au "
                        "moins autant de temps à écouter qu’à parler."
                    ),
                ),
                (
                    (
                        "Mes échanges avec mon manager se résument surtout à des consignes sur ce "
                        "que je dois faire ensuite."
                    ),
                    (
                        "Dans ses échanges avec son équipe, {name} donne surtout des consignes sur "
                        "ce qu’il faut faire ensuite."
                    ),
                    (
                        "Dans mes échanges avec les membres de mon équipe, je leur dis surtout "
                        "quoi faire ensuite."
                    ),
                ),
            ],
            "development": [
                (
                    (
                        "Mon manager me coache sur des compétences commerciales précises, pas "
                        "seulement sur mes chiffres."
                    ),
                    (
                        "{name} coache son équipe sur des compétences commerciales précises, pas "
                        "seulement sur les chiffres."
                    ),
                    (
                        "Je coache chaque membre de mon équipe sur des compétences commerciales "
                        "précises, pas seulement sur ses chiffres."
                    ),
                ),
                (
                    (
                        "Après une affaire perdue, mon manager m’aide à déterminer ce que je dois "
                        "faire autrement."
                    ),
                    (
                        "Après une affaire perdue, {name} aide la personne concernée à déterminer "
                        "ce qu’elle doit faire autrement."
                    ),
                    (
                        "Après une affaire perdue, j’aide la personne concernée à déterminer ce "
                        "qu’elle doit faire autrement."
                    ),
                ),
                (
                    (
                        "Tant que j’atteins mon objectif, mon manager s’intéresse peu à mes "
                        "possibilités de progression."
                    ),
                    (
                        "Tant qu’un membre de l’équipe atteint son objectif, {name} s’intéresse "
                        "peu à ses possibilités de progression."
                    ),
                    (
                        "Tant qu’un membre de mon équipe atteint son objectif, je m’intéresse peu "
                        "à ses possibilités de progression."
                    ),
                ),
            ],
            "innovation": [
                (
                    (
                        "Mon manager me laisse essayer une nouvelle approche avec un client, même "
                        "si elle risque de ne pas fonctionner."
                    ),
                    (
                        "{name} laisse son équipe essayer une nouvelle approche avec un client, "
                        "même si cette approche risque de ne pas fonctionner."
                    ),
                    (
                        "Je laisse les membres de mon équipe essayer une nouvelle approche avec un "
                        "client, même si elle risque de ne pas fonctionner."
                    ),
                ),
                (
                    (
                        "Mon manager considère une expérimentation ratée comme une leçon plutôt "
                        "que comme une faute à sanctionner."
                    ),
                    (
                        "{name} considère une expérimentation ratée comme une leçon plutôt que "
                        "comme une faute à sanctionner."
                    ),
                    (
                        "Je considère l’expérimentation ratée d’un membre de mon équipe comme une "
                        "leçon plutôt que comme une faute à sanctionner."
                    ),
                ),
                (
                    (
                        "Mon manager attend que chaque affaire soit traitée exactement selon la "
                        "procédure standard."
                    ),
                    (
                        "{name} attend que chaque affaire soit traitée exactement selon la "
                        "procédure standard."
                    ),
                    (
                        "J’attends que chaque affaire soit traitée exactement selon la procédure "
                        "standard."
                    ),
                ),
            ],
            "vision": [
                (
                    (
                        "Mon manager a expliqué vers où notre équipe se dirige pour l’année à "
                        "venir et au-delà."
                    ),
                    (
                        "{name} a expliqué vers où son équipe se dirige pour l’année à venir et "
                        "au-delà."
                    ),
                    (
                        "J’ai expliqué à mon équipe vers où nous nous dirigeons pour l’année à "
                        "venir et au-delà."
                    ),
                ),
                (
                    (
                        "Je vois comment mon travail quotidien contribue aux grands objectifs dont "
                        "parle mon manager."
                    ),
                    (
                        "{name} évoque de grands objectifs et y relie le travail quotidien de "
                        "l’équipe."
                    ),
                    (
                        "Les membres de mon équipe voient comment leur travail quotidien contribue "
                        "aux grands objectifs dont je parle."
                    ),
                ),
                (
                    "Mon manager regarde rarement au-delà des chiffres du mois en cours.",
                    "{name} regarde rarement au-delà des chiffres du mois en cours.",
                    "Je regarde rarement au-delà des chiffres du mois en cours.",
                ),
            ],
            "initiative": [
                (
                    (
                        "Mon manager repère les problèmes dans le pipeline avant qu’ils ne se "
                        "traduisent par des objectifs non atteints."
                    ),
                    (
                        "{name} repère les problèmes dans le pipeline avant qu’ils ne se "
                        "traduisent par des objectifs non atteints."
                    ),
                    (
                        "Je repère les problèmes dans le pipeline de mon équipe avant qu’ils ne se "
                        "traduisent par des objectifs non atteints."
                    ),
                ),
                (
                    "Quand un imprévu survient, mon manager en cherche la cause avant d’agir.",
                    "Quand un imprévu survient, {name} en cherche la cause avant d’agir.",
                    "Quand un imprévu survient, j’en cherche la cause avant d’agir.",
                ),
                (
                    (
                        "Mon manager traite surtout les problèmes une fois qu’ils sont devenus "
                        "urgents."
                    ),
                    "{name} traite surtout les problèmes une fois qu’ils sont devenus urgents.",
                    "Je traite surtout les problèmes une fois qu’ils sont devenus urgents.",
                ),
            ],
            "individuals": [
                (
                    (
                        "Mon manager connaît mes forces et mes faiblesses particulières et en "
                        "tient compte."
                    ),
                    (
                        "{name} connaît les forces et les faiblesses particulières de chaque "
                        "membre de l’équipe et en tient compte."
                    ),
                    (
                        "Je connais les forces et les faiblesses particulières de chaque membre de "
                        "mon équipe et j’en tiens compte."
                    ),
                ),
                (
                    "Mon manager adapte son soutien à ce dont j’ai réellement besoin.",
                    (
                        "{name} adapte son soutien à chaque personne en fonction de ce dont elle a "
                        "réellement besoin."
                    ),
                    (
                        "J’adapte mon soutien à chaque personne de mon équipe en fonction de ce "
                        "dont elle a réellement besoin."
                    ),
                ),
                (
                    "Mon manager me considère surtout comme un chiffre dans un rapport de ventes.",
                    (
                        "{name} considère les membres de son équipe surtout comme des chiffres "
                        "dans un rapport de ventes."
                    ),
                    (
                        "Je considère les membres de mon équipe surtout comme des chiffres dans un "
                        "rapport de ventes."
                    ),
                ),
            ],
            "values": [
                (
                    (
                        "Mon manager explique le principe qui sous-tend une décision, pas "
                        "seulement la règle applicable."
                    ),
                    (
                        "{name} explique le principe qui sous-tend une décision, pas seulement la "
                        "règle applicable."
                    ),
                    (
                        "J’explique le principe qui sous-tend une décision, pas seulement la règle "
                        "applicable."
                    ),
                ),
                (
                    (
                        "Quand une règle ne convient pas à la situation, mon manager évalue ce qui "
                        "est juste pour le client et pour l’équipe."
                    ),
                    (
                        "Quand une règle ne convient pas à la situation, {name} évalue ce qui est "
                        "juste pour le client et pour l’équipe."
                    ),
                    (
                        "Quand une règle ne convient pas à la situation, j’évalue ce qui est juste "
                        "pour le client et pour l’équipe."
                    ),
                ),
                (
                    (
                        "Face à un problème, mon manager a pour premier réflexe de vérifier ce que "
                        "disent les règles."
                    ),
                    (
                        "Face à un problème, {name} a pour premier réflexe de vérifier ce que "
                        "disent les règles."
                    ),
                    (
                        "Face à un problème, mon premier réflexe est de vérifier ce que disent les "
                        "règles."
                    ),
                ),
            ],
            "outcomes": [
                (
                    (
                        "Mon manager juge notre travail à l’aune de ses résultats pour les clients "
                        "et pour l’entreprise."
                    ),
                    (
                        "{name} juge le travail de son équipe à l’aune de ses résultats pour les "
                        "clients et pour l’entreprise."
                    ),
                    (
                        "Je juge le travail de mon équipe à l’aune de ses résultats pour les "
                        "clients et pour l’entreprise."
                    ),
                ),
                (
                    (
                        "Mon manager accepte de modifier un processus de vente qui fait obstacle "
                        "aux résultats."
                    ),
                    (
                        "{name} accepte de modifier un processus de vente qui fait obstacle aux "
                        "résultats."
                    ),
                    "J’accepte de modifier un processus de vente qui fait obstacle aux résultats.",
                ),
                (
                    (
                        "Mon manager impose la procédure même lorsqu’elle n’est manifestement "
                        "d’aucune utilité."
                    ),
                    (
                        "{name} impose la procédure même lorsqu’elle n’est manifestement d’aucune "
                        "utilité."
                    ),
                    "J’impose la procédure même lorsqu’elle n’est manifestement d’aucune utilité.",
                ),
            ],
            "commitment": [
                (
                    (
                        "Mon manager fixe mes objectifs avec moi, de façon à ce que je me les "
                        "approprie."
                    ),
                    (
                        "{name} fixe les objectifs avec chaque membre de l’équipe, de façon à ce "
                        "que chaque personne se les approprie."
                    ),
                    (
                        "Je fixe les objectifs avec chaque membre de mon équipe, de façon à ce que "
                        "chaque personne se les approprie."
                    ),
                ),
                (
                    (
                        "Mon manager fait appel à ce que je veux accomplir, pas seulement à ce que "
                        "l’on attend de moi."
                    ),
                    (
                        "{name} fait appel à ce que les personnes veulent accomplir, pas seulement "
                        "à ce que l’on attend d’elles."
                    ),
                    (
                        "Je fais appel à ce que les personnes de mon équipe veulent accomplir, pas "
                        "seulement à ce que l’on attend d’elles."
                    ),
                ),
                (
                    (
                        "Mon manager attache plus d’importance à ce que j’exécute les consignes "
                        "qu’à ce que j’aille au-delà de ce qui est demandé."
                    ),
                    (
                        "{name} attache plus d’importance à ce que les personnes exécutent les "
                        "consignes qu’à ce qu’elles aillent au-delà de ce qui est demandé."
                    ),
                    (
                        "J’attache plus d’importance à ce que les personnes de mon équipe "
                        "exécutent les consignes qu’à ce qu’elles aillent au-delà de ce qui est "
                        "demandé."
                    ),
                ),
            ],
            "empowerment": [
                (
                    (
                        "Mon manager me fait confiance pour prendre des décisions concernant mes "
                        "propres comptes."
                    ),
                    (
                        "{name} fait confiance aux membres de son équipe pour prendre des "
                        "décisions concernant leurs propres comptes."
                    ),
                    (
                        "Je fais confiance aux membres de mon équipe pour prendre des décisions "
                        "concernant leurs propres comptes."
                    ),
                ),
                (
                    "Mon manager m’encourage, surtout après une série d’affaires perdues.",
                    "{name} encourage son équipe, surtout après une série d’affaires perdues.",
                    (
                        "J’encourage les membres de mon équipe, surtout après une série d’affaires "
                        "perdues."
                    ),
                ),
                (
                    "Mon manager contrôle les détails de mon travail plus que nécessaire.",
                    (
                        "{name} contrôle les détails du travail des membres de son équipe plus que "
                        "nécessaire."
                    ),
                    (
                        "Je contrôle les détails du travail des membres de mon équipe plus que "
                        "nécessaire."
                    ),
                ),
            ],
        },
        "open_questions": {
            "keep": (
                "Que devrait continuer à faire votre manager\u00a0?",
                "Que devrait continuer à faire {name}\u00a0?",
                "Que devriez-vous continuer à faire à la tête de votre équipe\u00a0?",
            ),
            "start": (
                "Que devrait commencer à faire votre manager, ou faire autrement\u00a0?",
                "Que devrait commencer à faire {name}, ou faire autrement\u00a0?",
                "Que devriez-vous commencer à faire, ou faire autrement\u00a0?",
            ),
        },
    },
    "es": {
        "dimensions": {
            "dialogue": {
                "name": "Diálogo",
                "lead_pole": "Diálogo y feedback en ambos sentidos",
                "manage_pole": "Instrucciones unidireccionales",
                "development_tip": (
                    "Abrir cada reunión individual con una pregunta y dejar que la otra persona "
                    "hable primero. Antes de decidir cómo trabajar una cuenta clave, pedir su "
                    "opinión a dos integrantes del equipo y explicarles después qué se ha "
                    "aprovechado de ella. Pedir cada mes una valoración sobre el propio coaching."
                ),
                "first_action": (
                    "En la próxima reunión individual, preguntar a la persona cómo abordaría su "
                    "cuenta más importante antes de dar la propia opinión."
                ),
            },
            "development": {
                "name": "Desarrollo",
                "lead_pole": (
                    "Desarrolla las habilidades de cada integrante del equipo mediante el coaching"
                ),
                "manage_pole": "Dirige al equipo hacia sus objetivos",
                "development_tip": (
                    "Elegir una habilidad de venta por integrante del equipo para el próximo "
                    "trimestre y acordar cómo practicarla en común. Cada dos semanas, acompañar "
                    "una llamada o visita comercial solo para observar y comentar después la "
                    "habilidad, no el resultado. Revisar las ventas perdidas para extraer "
                    "aprendizajes, no para buscar culpables."
                ),
                "first_action": (
                    "Esta semana, elegir con cada integrante del equipo una habilidad de venta y "
                    "programar una llamada o visita comercial solo para observarla."
                ),
            },
            "innovation": {
                "name": "Innovación",
                "lead_pole": "Da libertad para experimentar y asumir riesgos",
                "manage_pole": "Se aferra a la rutina y los procedimientos",
                "development_tip": (
                    "Reservar una pequeña parte del tiempo del equipo para probar enfoques nuevos "
                    "y pedir a cada integrante que realice un pequeño experimento por trimestre. "
                    "Compartir lo que falló con la misma franqueza que lo que funcionó, empezando "
                    "por los propios intentos."
                ),
                "first_action": (
                    "Pedir a cada integrante del equipo un pequeño experimento que probar con un "
                    "cliente este mes y respaldarlo abiertamente."
                ),
            },
            "vision": {
                "name": "Visión",
                "lead_pole": "Define y comparte una dirección a largo plazo",
                "manage_pole": "Gestiona el día a día",
                "development_tip": (
                    "Escribir en pocas frases dónde debería estar el equipo dentro de un año y por "
                    "qué eso importa a los clientes. Comentarlo con el equipo y después vincular "
                    "con ello los objetivos de cada trimestre y el plan de cada integrante."
                ),
                "first_action": (
                    "Escribir cinco frases sobre dónde debería estar el equipo dentro de un año y "
                    "comentarlas en la próxima reunión de equipo."
                ),
            },
            "initiative": {
                "name": "Iniciativa",
                "lead_pole": "Se anticipa a los acontecimientos",
                "manage_pole": "Reacciona ante los acontecimientos",
                "development_tip": (
                    "Hacer cada semana una breve revisión de la cartera de oportunidades, con la "
                    "vista puesta en el futuro, que pregunte qué podría salir mal el mes que "
                    "viene. Cuando algo sorprenda, buscar su causa antes de decidir cómo responder "
                    "y contar al equipo lo aprendido."
                ),
                "first_action": (
                    "Añadir a la revisión de la cartera de oportunidades de esta semana diez "
                    "minutos sobre qué podría salir mal el mes que viene."
                ),
            },
            "individuals": {
                "name": "Trato individual",
                "lead_pole": "Lidera a las personas como individuos",
                "manage_pole": "Las gestiona como recursos y cifras",
                "development_tip": (
                    "Anotar, para cada integrante del equipo, dos fortalezas, un aspecto que "
                    "quiera mejorar y qué le motiva, y contrastarlo con esa persona. Adaptar el "
                    "apoyo a cada persona en lugar de llevar todas las reuniones individuales de "
                    "la misma manera."
                ),
                "first_action": (
                    "Anotar dos fortalezas y un objetivo de desarrollo para cada integrante del "
                    "equipo y contrastarlos después con esa persona."
                ),
            },
            "values": {
                "name": "Valores",
                "lead_pole": "Decide según valores compartidos",
                "manage_pole": "Decide solo según las normas",
                "development_tip": (
                    "Acordar con el equipo tres valores que deban guiar la forma de vender. Al "
                    "tomar una decisión, explicar a qué valor responde. Cuando una norma y un "
                    "valor apunten en direcciones distintas, debatir el caso abiertamente en lugar "
                    "de citar la norma."
                ),
                "first_action": (
                    "Al anunciar la próxima decisión, explicar a qué valor compartido responde."
                ),
            },
            "outcomes": {
                "name": "Resultados",
                "lead_pole": "Se centra en los resultados y mejora el proceso",
                "manage_pole": "Sigue el proceso como un fin en sí mismo",
                "development_tip": (
                    "Enumerar los pasos del proceso de ventas y preguntarse, en cada uno, a qué "
                    "resultado sirve. Invitar al equipo a proponer cada trimestre un paso que "
                    "simplificar o eliminar, y probar la mejor propuesta."
                ),
                "first_action": (
                    "Preguntar al equipo qué paso del proceso de ventas ayuda menos a los clientes "
                    "y probar a eliminarlo."
                ),
            },
            "commitment": {
                "name": "Compromiso",
                "lead_pole": "Pide compromiso",
                "manage_pole": "Exige obediencia",
                "development_tip": (
                    "Fijar los objetivos con cada integrante del equipo en lugar de imponérselos: "
                    "preguntarle qué quiere conseguir y con qué se compromete. Hacer seguimiento "
                    "de esos compromisos y reconocer tanto los resultados como el esfuerzo que va "
                    "más allá del mínimo."
                ),
                "first_action": (
                    "En la próxima conversación sobre objetivos, preguntar a la persona con qué se "
                    "compromete antes de proponer una cifra."
                ),
            },
            "empowerment": {
                "name": "Empoderamiento",
                "lead_pole": "Anima, confía y empodera",
                "manage_pole": "Presiona y controla cada detalle",
                "development_tip": (
                    "Definir las decisiones que cada integrante del equipo puede tomar sin "
                    "consultar y ampliar esa lista a medida que crezca la confianza. Sustituir los "
                    "controles de estado por una actualización semanal acordada. Después de una "
                    "semana difícil, empezar por dar ánimo antes de hablar de cifras."
                ),
                "first_action": (
                    "Hacer una lista de tres decisiones que cada integrante del equipo puede tomar "
                    "sin consultar y comunicárselas hoy mismo."
                ),
            },
        },
        "items": {
            "dialogue": [
                (
                    "Mi responsable me pide mi opinión antes de decidir cómo abordamos una cuenta.",
                    "{name} pide la opinión de su equipo antes de decidir cómo abordar una cuenta.",
                    (
                        "Pido la opinión de las personas de mi equipo antes de decidir cómo "
                        "abordamos una cuenta."
                    ),
                ),
                (
                    (
                        "Cuando hablamos de mi trabajo, mi responsable escucha al menos tanto como "
                        "habla."
                    ),
                    (
                        "En las conversaciones sobre el trabajo de otra persona, {name} escucha al "
                        "menos tanto como habla."
                    ),
                    (
                        "Cuando hablo con una persona de mi equipo sobre su trabajo, escucho al "
                        "menos tanto como hablo."
                    ),
                ),
                (
                    (
                        "Las conversaciones con mi responsable consisten sobre todo en que me diga "
                        "qué hacer a continuación."
                    ),
                    (
                        "Las conversaciones de {name} con su equipo consisten sobre todo en "
                        "instrucciones sobre qué hacer a continuación."
                    ),
                    (
                        "Mis conversaciones con mi equipo consisten sobre todo en decirles qué "
                        "hacer a continuación."
                    ),
                ),
            ],
            "development": [
                (
                    (
                        "Mi responsable me da coaching sobre habilidades de venta concretas, no "
                        "solo sobre mis cifras."
                    ),
                    (
                        "{name} da coaching a su equipo sobre habilidades de venta concretas, no "
                        "solo sobre sus cifras."
                    ),
                    (
                        "Doy coaching a cada integrante de mi equipo sobre habilidades de venta "
                        "concretas, no solo sobre sus cifras."
                    ),
                ),
                (
                    (
                        "Después de una venta perdida, mi responsable me ayuda a averiguar qué "
                        "hacer de otra manera."
                    ),
                    (
                        "Después de una venta perdida, {name} ayuda a la persona implicada a "
                        "averiguar qué hacer de otra manera."
                    ),
                    (
                        "Después de una venta perdida, ayudo a la persona implicada a averiguar "
                        "qué hacer de otra manera."
                    ),
                ),
                (
                    (
                        "Mientras cumpla mi objetivo, a mi responsable le interesa poco mi "
                        "desarrollo profesional."
                    ),
                    (
                        "Mientras una persona del equipo cumpla su objetivo, a {name} le interesa "
                        "poco su desarrollo profesional."
                    ),
                    (
                        "Mientras una persona de mi equipo cumpla su objetivo, me interesa poco su "
                        "desarrollo profesional."
                    ),
                ),
            ],
            "innovation": [
                (
                    (
                        "Mi responsable me deja probar un enfoque nuevo con un cliente aunque "
                        "quizá no funcione."
                    ),
                    (
                        "{name} deja que la gente pruebe un enfoque nuevo con un cliente aunque "
                        "quizá no funcione."
                    ),
                    (
                        "Dejo que las personas de mi equipo prueben un enfoque nuevo con un "
                        "cliente aunque quizá no funcione."
                    ),
                ),
                (
                    (
                        "Mi responsable trata un experimento fallido como un aprendizaje y no como "
                        "un error que haya que castigar."
                    ),
                    (
                        "{name} trata un experimento fallido como un aprendizaje y no como un "
                        "error que haya que castigar."
                    ),
                    (
                        "Trato el experimento fallido de una persona de mi equipo como un "
                        "aprendizaje y no como un error que haya que castigar."
                    ),
                ),
                (
                    (
                        "Mi responsable espera que cada oportunidad de venta se trabaje "
                        "exactamente según el procedimiento estándar."
                    ),
                    (
                        "{name} espera que cada oportunidad de venta se trabaje exactamente según "
                        "el procedimiento estándar."
                    ),
                    (
                        "Espero que cada oportunidad de venta se trabaje exactamente según el "
                        "procedimiento estándar."
                    ),
                ),
            ],
            "vision": [
                (
                    (
                        "Mi responsable ha explicado hacia dónde se dirige nuestro equipo de cara "
                        "al próximo año y más allá."
                    ),
                    (
                        "{name} ha explicado hacia dónde se dirige su equipo de cara al próximo "
                        "año y más allá."
                    ),
                    (
                        "He explicado a mi equipo hacia dónde nos dirigimos de cara al próximo año "
                        "y más allá."
                    ),
                ),
                (
                    (
                        "Veo cómo mi trabajo diario contribuye a los grandes objetivos de los que "
                        "habla mi responsable."
                    ),
                    (
                        "{name} relaciona el trabajo diario del equipo con los grandes objetivos "
                        "de los que habla."
                    ),
                    (
                        "Las personas de mi equipo ven cómo su trabajo diario contribuye a los "
                        "grandes objetivos de los que hablo."
                    ),
                ),
                (
                    "La atención de mi responsable rara vez va más allá de las cifras de este mes.",
                    "La atención de {name} rara vez va más allá de las cifras de este mes.",
                    "Mi atención rara vez va más allá de las cifras de este mes.",
                ),
            ],
            "initiative": [
                (
                    (
                        "Mi responsable detecta problemas en la cartera de oportunidades antes de "
                        "que se conviertan en objetivos incumplidos."
                    ),
                    (
                        "{name} detecta problemas en la cartera de oportunidades antes de que se "
                        "conviertan en objetivos incumplidos."
                    ),
                    (
                        "Detecto problemas en la cartera de oportunidades de mi equipo antes de "
                        "que se conviertan en objetivos incumplidos."
                    ),
                ),
                (
                    "Cuando ocurre algo inesperado, mi responsable busca su causa antes de actuar.",
                    "Cuando ocurre algo inesperado, {name} busca su causa antes de actuar.",
                    "Cuando ocurre algo inesperado, busco su causa antes de actuar.",
                ),
                (
                    (
                        "Mi responsable se ocupa de los problemas sobre todo cuando ya se han "
                        "vuelto urgentes."
                    ),
                    "{name} se ocupa de los problemas sobre todo cuando ya se han vuelto urgentes.",
                    "Me ocupo de los problemas sobre todo cuando ya se han vuelto urgentes.",
                ),
            ],
            "individuals": [
                (
                    (
                        "Mi responsable conoce mis fortalezas y debilidades particulares y trabaja "
                        "con ellas."
                    ),
                    (
                        "{name} conoce las fortalezas y debilidades particulares de cada "
                        "integrante del equipo y trabaja con ellas."
                    ),
                    (
                        "Conozco las fortalezas y debilidades particulares de cada integrante de "
                        "mi equipo y trabajo con ellas."
                    ),
                ),
                (
                    "Mi responsable adapta el apoyo que me da a lo que realmente necesito.",
                    (
                        "{name} adapta el apoyo que da a cada persona a lo que esa persona "
                        "realmente necesita."
                    ),
                    (
                        "Adapto el apoyo que doy a cada integrante de mi equipo a lo que realmente "
                        "necesita."
                    ),
                ),
                (
                    "Mi responsable me ve sobre todo como una cifra en un informe de ventas.",
                    (
                        "{name} ve a las personas de su equipo sobre todo como cifras en un "
                        "informe de ventas."
                    ),
                    (
                        "Veo a las personas de mi equipo sobre todo como cifras en un informe de "
                        "ventas."
                    ),
                ),
            ],
            "values": [
                (
                    (
                        "Mi responsable explica el principio que hay detrás de una decisión, no "
                        "solo la norma aplicable."
                    ),
                    (
                        "{name} explica el principio que hay detrás de una decisión, no solo la "
                        "norma aplicable."
                    ),
                    (
                        "Explico el principio que hay detrás de una decisión, no solo la norma "
                        "aplicable."
                    ),
                ),
                (
                    (
                        "Cuando una norma no encaja con la situación, mi responsable sopesa qué es "
                        "lo correcto para el cliente y para el equipo."
                    ),
                    (
                        "Cuando una norma no encaja con la situación, {name} sopesa qué es lo "
                        "correcto para el cliente y para el equipo."
                    ),
                    (
                        "Cuando una norma no encaja con la situación, sopeso qué es lo correcto "
                        "para el cliente y para el equipo."
                    ),
                ),
                (
                    (
                        "Ante un problema, lo primero que hace mi responsable es comprobar qué "
                        "dicen las normas."
                    ),
                    (
                        "Ante un problema, lo primero que hace {name} es comprobar qué dicen las "
                        "normas."
                    ),
                    "Ante un problema, lo primero que hago es comprobar qué dicen las normas.",
                ),
            ],
            "outcomes": [
                (
                    (
                        "Mi responsable valora nuestro trabajo por lo que consigue para los "
                        "clientes y para la empresa."
                    ),
                    (
                        "{name} valora el trabajo de su equipo por lo que consigue para los "
                        "clientes y para la empresa."
                    ),
                    (
                        "Valoro el trabajo de mi equipo por lo que consigue para los clientes y "
                        "para la empresa."
                    ),
                ),
                (
                    (
                        "Mi responsable acepta cambiar un proceso de ventas que entorpece los "
                        "resultados."
                    ),
                    "{name} acepta cambiar un proceso de ventas que entorpece los resultados.",
                    "Acepto cambiar un proceso de ventas que entorpece los resultados.",
                ),
                (
                    (
                        "Mi responsable insiste en seguir el procedimiento incluso cuando está "
                        "claro que no ayuda."
                    ),
                    (
                        "{name} insiste en seguir el procedimiento incluso cuando está claro que "
                        "no ayuda."
                    ),
                    "Insisto en seguir el procedimiento incluso cuando está claro que no ayuda.",
                ),
            ],
            "commitment": [
                (
                    (
                        "Mi responsable acuerda los objetivos conmigo de manera que los siento "
                        "como míos."
                    ),
                    (
                        "{name} acuerda los objetivos con cada integrante del equipo de manera que "
                        "esa persona los sienta como propios."
                    ),
                    (
                        "Acuerdo los objetivos con cada integrante de mi equipo de manera que los "
                        "sienta como propios."
                    ),
                ),
                (
                    "Mi responsable apela a lo que quiero conseguir, no solo a lo que se me exige.",
                    (
                        "{name} apela a lo que las personas quieren conseguir, no solo a lo que se "
                        "les exige."
                    ),
                    (
                        "Apelo a lo que las personas de mi equipo quieren conseguir, no solo a lo "
                        "que se les exige."
                    ),
                ),
                (
                    (
                        "Para mi responsable, que yo haga lo que se me dice importa más que el "
                        "hecho de que vaya más allá de lo exigido."
                    ),
                    (
                        "Para {name}, que las personas hagan lo que se les dice importa más que el "
                        "hecho de que vayan más allá de lo exigido."
                    ),
                    (
                        "Para mí, que las personas de mi equipo hagan lo que se les dice importa "
                        "más que el hecho de que vayan más allá de lo exigido."
                    ),
                ),
            ],
            "empowerment": [
                (
                    "Mi responsable confía en mí para tomar decisiones sobre mis propias cuentas.",
                    (
                        "{name} confía en las personas de su equipo para tomar decisiones sobre "
                        "sus propias cuentas."
                    ),
                    (
                        "Confío en las personas de mi equipo para tomar decisiones sobre sus "
                        "propias cuentas."
                    ),
                ),
                (
                    "Mi responsable me anima, sobre todo después de una racha de ventas perdidas.",
                    "{name} anima a su equipo, sobre todo después de una racha de ventas perdidas.",
                    (
                        "Animo a las personas de mi equipo, sobre todo después de una racha de "
                        "ventas perdidas."
                    ),
                ),
                (
                    "Mi responsable revisa los detalles de mi trabajo más de lo necesario.",
                    "{name} revisa los detalles del trabajo de su equipo más de lo necesario.",
                    "Reviso los detalles del trabajo de mi equipo más de lo necesario.",
                ),
            ],
        },
        "open_questions": {
            "keep": (
                "¿Qué debería seguir haciendo su responsable?",
                "¿Qué debería seguir haciendo {name}?",
                "¿Qué debería seguir haciendo como líder del equipo?",
            ),
            "start": (
                "¿Qué debería empezar a hacer su responsable, o hacer de otra manera?",
                "¿Qué debería empezar a hacer {name}, o hacer de otra manera?",
                "¿Qué debería empezar a hacer, o hacer de otra manera?",
            ),
        },
    },
    "sv": {
        "dimensions": {
            "dialogue": {
                "name": "Dialog",
                "lead_pole": "Dialog och återkoppling åt båda hållen",
                "manage_pole": "Envägsinstruktioner",
                "development_tip": (
                    "Inled varje enskilt samtal med en fråga och låt säljaren prata först. Innan "
                    "du bestämmer hur en nyckelkund ska bearbetas, be två säljare om deras syn och "
                    "berätta efteråt vad du tog med dig. Be varje månad om återkoppling på ditt "
                    "eget coachande."
                ),
                "first_action": (
                    "Fråga i nästa enskilda samtal hur säljaren skulle angripa sin största kund, "
                    "innan du själv säger något."
                ),
            },
            "development": {
                "name": "Utveckling",
                "lead_pole": "Utvecklar varje säljares förmågor genom coachning",
                "manage_pole": "Styr säljarna mot deras mål",
                "development_tip": (
                    "Välj en säljfärdighet per säljare för nästa kvartal och kom överens om hur ni "
                    "ska öva på den tillsammans. Följ med på ett kundsamtal varannan vecka som "
                    "observatör och gå sedan igenom färdigheten snarare än utfallet. Gå igenom "
                    "förlorade affärer för att dra lärdomar, inte för att leta syndabockar."
                ),
                "first_action": (
                    "Välj en säljfärdighet tillsammans med varje säljare den här veckan och boka "
                    "ett kundsamtal där du bara observerar den."
                ),
            },
            "innovation": {
                "name": "Innovation",
                "lead_pole": "Ger frihet att experimentera och ta risker",
                "manage_pole": "Håller fast vid rutiner och procedurer",
                "development_tip": (
                    "Avsätt en liten del av teamets tid till att prova nya arbetssätt och be varje "
                    "säljare genomföra ett litet experiment per kvartal. Berätta lika öppet om det "
                    "som misslyckades som om det som fungerade, och börja med dina egna försök."
                ),
                "first_action": (
                    "Be varje säljare om ett litet experiment att prova med en kund den här "
                    "månaden, och ställ dig öppet bakom det."
                ),
            },
            "vision": {
                "name": "Vision",
                "lead_pole": "Sätter och förmedlar en långsiktig riktning",
                "manage_pole": "Sköter det dagliga",
                "development_tip": (
                    "Skriv ner i några meningar var teamet bör befinna sig om ett år och varför "
                    "det spelar roll för kunderna. Gå igenom det med teamet och koppla sedan varje "
                    "kvartals mål och varje säljares plan till det."
                ),
                "first_action": (
                    "Skriv fem meningar om var teamet bör befinna sig om ett år och gå igenom dem "
                    "på nästa teammöte."
                ),
            },
            "initiative": {
                "name": "Initiativ",
                "lead_pole": "Agerar i förväg",
                "manage_pole": "Reagerar på händelser",
                "development_tip": (
                    "Håll varje vecka en kort, framåtblickande genomgång av pipelinen där ni "
                    "frågar er vad som kan gå fel nästa månad. När något överraskar dig, ta reda "
                    "på orsaken innan du väljer hur du ska agera, och berätta för teamet vad du "
                    "lärde dig."
                ),
                "first_action": (
                    "Lägg till tio minuter om vad som kan gå fel nästa månad i veckans "
                    "pipelinegenomgång."
                ),
            },
            "individuals": {
                "name": "Individer",
                "lead_pole": "Leder människor som individer",
                "manage_pole": "Hanterar dem som resurser och siffror",
                "development_tip": (
                    "Notera för varje säljare två styrkor, något som säljaren vill bli bättre på "
                    "och vad som motiverar just den personen; stäm sedan av det med säljaren. "
                    "Anpassa ditt stöd efter varje person i stället för att hålla alla enskilda "
                    "samtal på samma sätt."
                ),
                "first_action": (
                    "Skriv ner två styrkor och ett utvecklingsmål för varje säljare och stäm sedan "
                    "av dem med säljaren i fråga."
                ),
            },
            "values": {
                "name": "Värderingar",
                "lead_pole": "Beslutar utifrån gemensamma värderingar",
                "manage_pole": "Beslutar enbart utifrån regler",
                "development_tip": (
                    "Kom överens med teamet om tre värderingar som ska vägleda hur ni säljer. När "
                    "du fattar ett beslut, förklara vilken värdering det tjänar. När en regel och "
                    "en värdering drar åt olika håll, diskutera fallet öppet i stället för att "
                    "hänvisa till regeln."
                ),
                "first_action": (
                    "Nästa gång du meddelar ett beslut, säg vilken gemensam värdering det tjänar."
                ),
            },
            "outcomes": {
                "name": "Resultat",
                "lead_pole": "Fokuserar på resultat och förbättrar processen",
                "manage_pole": "Följer processen för processens egen skull",
                "development_tip": (
                    "Lista stegen i er säljprocess och fråga för varje steg vilket resultat det "
                    "tjänar. Bjud in teamet att varje kvartal föreslå ett steg att förenkla eller "
                    "ta bort, och pröva det bästa förslaget."
                ),
                "first_action": (
                    "Fråga teamet vilket steg i säljprocessen som hjälper kunderna minst, och "
                    "testa att ta bort det."
                ),
            },
            "commitment": {
                "name": "Engagemang",
                "lead_pole": "Ber om engagemang",
                "manage_pole": "Kräver lydnad",
                "development_tip": (
                    "Sätt mål tillsammans med säljarna i stället för åt dem: fråga vad de vill "
                    "uppnå och vad de är beredda att åta sig. Följ upp åtagandena och uppmärksamma "
                    "både resultat och insatser utöver det minsta som krävs."
                ),
                "first_action": (
                    "Fråga i nästa målsamtal vad säljaren är beredd att åta sig innan du själv "
                    "föreslår en siffra."
                ),
            },
            "empowerment": {
                "name": "Egenmakt",
                "lead_pole": "Uppmuntrar, litar på och ger befogenheter",
                "manage_pole": "Pressar och detaljstyr",
                "development_tip": (
                    "Bestäm vilka beslut varje säljare får fatta utan att fråga dig, och utöka "
                    "listan i takt med att förtroendet växer. Ersätt statuskontroller med en "
                    "överenskommen veckouppdatering. Börja med uppmuntran efter en tuff vecka, "
                    "innan ni går in på siffrorna."
                ),
                "first_action": (
                    "Lista tre beslut som varje säljare får fatta utan att fråga dig, och berätta "
                    "det för dem i dag."
                ),
            },
        },
        "items": {
            "dialogue": [
                (
                    (
                        "Min chef frågar vad jag tycker innan beslut fattas om hur vi ska bearbeta "
                        "en kund."
                    ),
                    (
                        "{name} tar in teamets synpunkter innan beslut fattas om hur en kund ska "
                        "bearbetas."
                    ),
                    (
                        "Jag tar in mina säljares synpunkter innan jag bestämmer hur vi ska "
                        "bearbeta en kund."
                    ),
                ),
                (
                    (
                        "När vi pratar om mitt arbete lägger min chef minst lika mycket tid på att "
                        "lyssna som på att prata."
                    ),
                    (
                        "I samtal om någons arbete lägger {name} minst lika mycket tid på att "
                        "lyssna som på att prata."
                    ),
                    (
                        "I samtal med säljarna om deras arbete lägger jag minst lika mycket tid på "
                        "att lyssna som på att prata."
                    ),
                ),
                (
                    (
                        "Samtalen med min chef handlar mest om att jag får höra vad jag ska göra "
                        "härnäst."
                    ),
                    (
                        "I samtal med teamet ger {name} mest instruktioner om vad som ska göras "
                        "härnäst."
                    ),
                    (
                        "Mina samtal med säljarna handlar mest om att jag säger åt dem vad de ska "
                        "göra härnäst."
                    ),
                ),
            ],
            "development": [
                (
                    (
                        "Min chef coachar mig i konkreta säljfärdigheter, inte bara utifrån mina "
                        "siffror."
                    ),
                    (
                        "{name} coachar sina säljare i konkreta säljfärdigheter, inte bara utifrån "
                        "deras siffror."
                    ),
                    (
                        "Jag coachar varje säljare i konkreta säljfärdigheter, inte bara utifrån "
                        "siffrorna."
                    ),
                ),
                (
                    (
                        "Efter en förlorad affär hjälper min chef mig att komma fram till vad jag "
                        "ska göra annorlunda."
                    ),
                    (
                        "Efter en förlorad affär hjälper {name} säljaren att komma fram till vad "
                        "som ska göras annorlunda."
                    ),
                    (
                        "Efter en förlorad affär hjälper jag säljaren att komma fram till vad som "
                        "ska göras annorlunda."
                    ),
                ),
                (
                    (
                        "Så länge jag når mitt mål bryr sig min chef inte mycket om hur jag skulle "
                        "kunna utvecklas."
                    ),
                    (
                        "Så länge en säljare når sitt mål bryr sig {name} inte mycket om hur "
                        "säljaren skulle kunna utvecklas."
                    ),
                    (
                        "Så länge en säljare når sitt mål bryr jag mig inte mycket om hur säljaren "
                        "skulle kunna utvecklas."
                    ),
                ),
            ],
            "innovation": [
                (
                    (
                        "Min chef låter mig prova ett nytt arbetssätt med en kund även om det "
                        "kanske inte fungerar."
                    ),
                    (
                        "{name} låter andra prova ett nytt arbetssätt med en kund även om det "
                        "kanske inte fungerar."
                    ),
                    (
                        "Jag låter säljarna prova ett nytt arbetssätt med en kund även om det "
                        "kanske inte fungerar."
                    ),
                ),
                (
                    (
                        "Min chef ser ett misslyckat experiment som en lärdom snarare än som ett "
                        "misstag som ska straffas."
                    ),
                    (
                        "{name} ser ett misslyckat experiment som en lärdom snarare än som ett "
                        "misstag som ska straffas."
                    ),
                    (
                        "Jag ser en säljares misslyckade experiment som en lärdom snarare än som "
                        "ett misstag som ska straffas."
                    ),
                ),
                (
                    (
                        "Min chef förväntar sig att varje affär hanteras exakt enligt "
                        "standardupplägget."
                    ),
                    "{name} förväntar sig att varje affär hanteras exakt enligt standardupplägget.",
                    "Jag förväntar mig att varje affär hanteras exakt enligt standardupplägget.",
                ),
            ],
            "vision": [
                (
                    (
                        "Min chef har förklarat vart vårt team är på väg under det kommande året "
                        "och längre fram."
                    ),
                    (
                        "{name} har förklarat vart teamet är på väg under det kommande året och "
                        "längre fram."
                    ),
                    (
                        "Jag har förklarat för mitt team vart vi är på väg under det kommande året "
                        "och längre fram."
                    ),
                ),
                (
                    (
                        "Jag ser hur mitt dagliga arbete bidrar till de större mål som min chef "
                        "talar om."
                    ),
                    "{name} talar om större mål och kopplar teamets dagliga arbete till dem.",
                    (
                        "Mina säljare ser hur deras dagliga arbete bidrar till de större mål som "
                        "jag talar om."
                    ),
                ),
                (
                    "Min chef ser sällan längre än till den här månadens siffror.",
                    "{name} ser sällan längre än till den här månadens siffror.",
                    "Jag ser sällan längre än till den här månadens siffror.",
                ),
            ],
            "initiative": [
                (
                    "Min chef upptäcker problem i pipelinen innan de leder till missade mål.",
                    "{name} upptäcker problem i pipelinen innan de leder till missade mål.",
                    "Jag upptäcker problem i mitt teams pipeline innan de leder till missade mål.",
                ),
                (
                    "När något oväntat händer letar min chef först efter orsaken och agerar sedan.",
                    "När något oväntat händer letar {name} först efter orsaken och agerar sedan.",
                    "När något oväntat händer letar jag först efter orsaken och agerar sedan.",
                ),
                (
                    "Min chef tar oftast tag i problem först när de har blivit akuta.",
                    "{name} tar oftast tag i problem först när de har blivit akuta.",
                    "Jag tar oftast tag i problem först när de har blivit akuta.",
                ),
            ],
            "individuals": [
                (
                    (
                        "Min chef känner till mina särskilda styrkor och svagheter och arbetar "
                        "utifrån dem."
                    ),
                    (
                        "{name} känner till varje teammedlems särskilda styrkor och svagheter och "
                        "arbetar utifrån dem."
                    ),
                    (
                        "Jag känner till varje säljares särskilda styrkor och svagheter och "
                        "arbetar utifrån dem."
                    ),
                ),
                (
                    "Min chef anpassar det stöd jag får efter vad jag faktiskt behöver.",
                    (
                        "{name} anpassar stödet till varje person efter vad just den personen "
                        "faktiskt behöver."
                    ),
                    "Jag anpassar stödet till varje säljare efter vad säljaren faktiskt behöver.",
                ),
                (
                    "Min chef ser mig främst som en siffra i en försäljningsrapport.",
                    "{name} ser sina säljare främst som siffror i en försäljningsrapport.",
                    "Jag ser mina säljare främst som siffror i en försäljningsrapport.",
                ),
            ],
            "values": [
                (
                    (
                        "Min chef förklarar principen bakom ett beslut, inte bara vilken regel som "
                        "gäller."
                    ),
                    (
                        "{name} förklarar principen bakom ett beslut, inte bara vilken regel som "
                        "gäller."
                    ),
                    "Jag förklarar principen bakom ett beslut, inte bara vilken regel som gäller.",
                ),
                (
                    (
                        "När en regel inte passar situationen väger min chef av vad som är rätt "
                        "för kunden och teamet."
                    ),
                    (
                        "När en regel inte passar situationen väger {name} av vad som är rätt för "
                        "kunden och teamet."
                    ),
                    (
                        "När en regel inte passar situationen väger jag av vad som är rätt för "
                        "kunden och teamet."
                    ),
                ),
                (
                    "Vid ett problem kontrollerar min chef först av allt vad reglerna säger.",
                    "Vid ett problem kontrollerar {name} först av allt vad reglerna säger.",
                    "Vid ett problem kontrollerar jag först av allt vad reglerna säger.",
                ),
            ],
            "outcomes": [
                (
                    "Min chef bedömer vårt arbete utifrån vad det ger kunderna och verksamheten.",
                    "{name} bedömer teamets arbete utifrån vad det ger kunderna och verksamheten.",
                    "Jag bedömer mitt teams arbete utifrån vad det ger kunderna och verksamheten.",
                ),
                (
                    "Min chef är villig att ändra en säljprocess som står i vägen för resultat.",
                    "{name} är villig att ändra en säljprocess som står i vägen för resultat.",
                    "Jag är villig att ändra en säljprocess som står i vägen för resultat.",
                ),
                (
                    (
                        "Min chef insisterar på att följa rutinerna även när de uppenbart inte "
                        "hjälper."
                    ),
                    "{name} insisterar på att följa rutinerna även när de uppenbart inte hjälper.",
                    "Jag insisterar på att följa rutinerna även när de uppenbart inte hjälper.",
                ),
            ],
            "commitment": [
                (
                    "Min chef kommer överens med mig om mål så att jag känner att de är mina egna.",
                    (
                        "{name} kommer överens med varje säljare om målen så att de känns som "
                        "säljarens egna."
                    ),
                    (
                        "Jag kommer överens med varje säljare om målen så att de känns som "
                        "säljarens egna."
                    ),
                ),
                (
                    (
                        "Min chef utgår från vad jag vill uppnå, inte bara från vad jag är skyldig "
                        "att göra."
                    ),
                    (
                        "{name} utgår från vad människor vill uppnå, inte bara från vad de är "
                        "skyldiga att göra."
                    ),
                    (
                        "Jag utgår från vad mina säljare vill uppnå, inte bara från vad de är "
                        "skyldiga att göra."
                    ),
                ),
                (
                    (
                        "För min chef är det viktigare att jag gör som jag blir tillsagd än att "
                        "jag gör det lilla extra."
                    ),
                    (
                        "För {name} är det viktigare att människor gör som de blir tillsagda än "
                        "att de gör det lilla extra."
                    ),
                    (
                        "För mig är det viktigare att säljarna gör som de blir tillsagda än att de "
                        "gör det lilla extra."
                    ),
                ),
            ],
            "empowerment": [
                (
                    "Min chef litar på att jag fattar beslut om mina egna kunder.",
                    "{name} litar på att säljarna fattar beslut om sina egna kunder.",
                    "Jag litar på att säljarna fattar beslut om sina egna kunder.",
                ),
                (
                    "Min chef uppmuntrar mig, särskilt efter en rad förlorade affärer.",
                    "{name} uppmuntrar sitt team, särskilt efter en rad förlorade affärer.",
                    "Jag uppmuntrar mina säljare, särskilt efter en rad förlorade affärer.",
                ),
                (
                    "Min chef kontrollerar detaljerna i mitt arbete mer än nödvändigt.",
                    "{name} kontrollerar detaljerna i sina säljares arbete mer än nödvändigt.",
                    "Jag kontrollerar detaljerna i mina säljares arbete mer än nödvändigt.",
                ),
            ],
        },
        "open_questions": {
            "keep": (
                "Vad bör din chef fortsätta att göra?",
                "Vad bör {name} fortsätta att göra?",
                "Vad bör du fortsätta att göra som ledare för ditt team?",
            ),
            "start": (
                "Vad bör din chef börja göra, eller göra annorlunda?",
                "Vad bör {name} börja göra, eller göra annorlunda?",
                "Vad bör du börja göra, eller göra annorlunda?",
            ),
        },
    },
}

LANGUAGES = ("de", "fr", "es", "sv")
NAME = "{name}"
_SECTIONS = {"dimensions", "items", "open_questions"}
_DIMENSION_FIELDS = ("name", "lead_pole", "manage_pole", "development_tip", "first_action")
_PERSPECTIVES = ("team", "observer", "self")


def _differ(what: str, found, expected, source: str = "V1") -> str:
    missing = sorted(set(expected) - set(found))
    extra = sorted(set(found) - set(expected))
    return f"{what} differ from {source}: missing {missing or 'none'}, unexpected {extra or 'none'}"


def _check_text(where: str, text: object, source: str) -> None:
    assert isinstance(text, str) and text.strip(), f"{where}: missing or empty text"
    expected, found = source.count(NAME), text.count(NAME)
    assert found == expected, (
        f"{where}: {NAME} appears {found} time(s) but {expected} time(s) in the English source"
    )
    rest = text.replace(NAME, "")
    assert "{" not in rest and "}" not in rest, f"{where}: a brace other than {NAME}"


def validate() -> None:
    """Check that every language translates every text of V1 and keeps the
    {name} placeholder exactly where V1 has it (once in each observer
    wording, nowhere else). Raises AssertionError naming the first fault."""
    dimensions = {d["key"]: d for d in V1["dimensions"]}
    questions = {q["key"]: q for q in V1["open_questions"]}
    assert set(V1_TRANSLATIONS) == set(LANGUAGES), _differ(
        "languages", V1_TRANSLATIONS, LANGUAGES, "LANGUAGES"
    )
    for lang, tr in V1_TRANSLATIONS.items():
        assert set(tr) == _SECTIONS, _differ(f"{lang}: sections", tr, _SECTIONS)
        assert set(tr["dimensions"]) == set(dimensions), _differ(
            f"{lang}: dimensions", tr["dimensions"], dimensions
        )
        assert set(tr["items"]) == set(dimensions), _differ(
            f"{lang}: item groups", tr["items"], dimensions
        )
        assert set(tr["open_questions"]) == set(questions), _differ(
            f"{lang}: open questions", tr["open_questions"], questions
        )
        for key, source in dimensions.items():
            fields = tr["dimensions"][key]
            assert set(fields) == set(_DIMENSION_FIELDS), _differ(
                f"{lang}: fields of dimension {key!r}", fields, _DIMENSION_FIELDS
            )
            for field in _DIMENSION_FIELDS:
                _check_text(f"{lang}: dimension {key!r} {field}", fields[field], source[field])
            items = tr["items"][key]
            assert len(items) == len(source["items"]), (
                f"{lang}: dimension {key!r} has {len(items)} items, V1 has {len(source['items'])}"
            )
            for position, (wordings, source_item) in enumerate(
                zip(items, source["items"], strict=True), start=1
            ):
                assert len(wordings) == len(_PERSPECTIVES), (
                    f"{lang}: item {key!r} #{position} needs {len(_PERSPECTIVES)} wordings "
                    f"(team, observer, self), has {len(wordings)}"
                )
                for side, text, source_text in zip(
                    _PERSPECTIVES, wordings, source_item[:3], strict=True
                ):
                    _check_text(f"{lang}: item {key!r} #{position} {side}", text, source_text)
        for key, source in questions.items():
            wordings = tr["open_questions"][key]
            assert len(wordings) == len(_PERSPECTIVES), (
                f"{lang}: open question {key!r} needs {len(_PERSPECTIVES)} wordings "
                f"(team, observer, self), has {len(wordings)}"
            )
            for side, text in zip(_PERSPECTIVES, wordings, strict=True):
                _check_text(f"{lang}: open question {key!r} {side}", text, source[f"text_{side}"])
