import IsoFindDocument
import IsoFindDomain
import IsoFindFormat
import IsoFindLayout
import IsoFindRender

/// `cover_page`: title, project, organisation and logo, date, report id or PREVIEW, language and
/// licence holder. No running header on this page; the next block starts a new page.
struct CoverPage: ReportBlock {
    let definition = BlockDefinition(
        key: .coverPage,
        name: Localized(fr: "Page de garde", en: "Cover page"),
        description: Localized(
            fr: "Titre, projet, nom et logo de l’organisation, date, identifiant du rapport (ou mention APERÇU), langue et titulaire de la licence.",
            en: "Title, project, organisation name and logo, date, report ID (or a PREVIEW mark), language and licence holder."),
        category: .header, nature: .none, estPages: 1, licence: .research, needs: [])

    /// The cover draws its own title (the document's first outline entry).
    var drawsOwnHeading: Bool { true }

    static let labels = (
        organization: Localized(fr: "Émis par", en: "Issued by"),
        date: Localized(fr: "Date", en: "Date"),
        reference: Localized(fr: "Référence", en: "Reference"),
        language: Localized(fr: "Langue", en: "Language"),
        languageName: Localized(fr: "français", en: "English"),
        licence: Localized(fr: "Titulaire de la licence", en: "Licence holder"),
        project: Localized(fr: "Projet", en: "Project"),
        client: Localized(fr: "Client", en: "Client"),
        projectReference: Localized(fr: "Référence du projet", en: "Project reference"),
        badges: Localized(
            fr: "Chaque partie porte un badge selon la nature de son contenu : F (factuel) données telles que mesurées ou fournies ; A (analytique) calculs et graphiques tirés des données ; I (interprété) hypothèses compatibles avec les données, jamais des preuves ; H (honnêteté) limites, réserves et avertissements.",
            en: "Each part carries a badge for the nature of its content: F (factual) data as measured or provided; A (analytical) calculations and plots derived from the data; I (interpreted) hypotheses consistent with the data, never proofs; H (honest) limits, reservations and warnings.")
    )

    func render(_ context: BlockContext) -> [any Drawable] {
        let labels = Self.labels
        let language = context.language
        var story: [any Drawable] = []
        if let content = context.logo {
            story.append(Figure(content, maxHeight: 60))
        }
        story.append(Space(90))
        // The title is the cover's outline entry (the document's first bookmark).
        let cover = Anchor(id: BlockKey.coverPage.rawValue, title: context.name(of: .coverPage) ?? context.title)
        story.append(Paragraph(markup: Markup.escape(context.title), font: FontSpec(size: 26, weight: .bold), color: Theme.accent,
                               spaceAfter: 14, anchor: cover))
        let project = context.inputs.projectName
        // The project as a subtitle, unless the title already names it.
        if let project, !project.isEmpty, !context.title.contains(project) {
            story.append(Paragraph(markup: Markup.escape(project), font: FontSpec(size: 14), color: Theme.text, spaceAfter: 40))
        } else {
            story.append(Space(40))
        }
        let reference = ReportRenderer.referenceText(context.report)
        var pairs = [
            (labels.organization[language], Markup.escape(context.branding.organizationName)),
            (labels.date[language], Markup.escape(DateFormat.day(epochSeconds: context.generatedAt, context.format))),
            (labels.reference[language], Markup.escape(reference)),
            (labels.language[language], labels.languageName[language]),
        ]
        if let client = context.inputs.projectData?.client, !client.isEmpty {
            pairs.insert((labels.client[language], Markup.escape(client)), at: 1)
        }
        if let projectReference = context.inputs.projectData?.reference, !projectReference.isEmpty {
            pairs.insert((labels.projectReference[language], Markup.escape(projectReference)), at: pairs.count - 3)
        }
        if let holder = context.inputs.licenceData?.holder, !holder.isEmpty {
            pairs.append((labels.licence[language], Markup.escape(holder)))
        }
        story.append(keyValueList(pairs))
        if context.reference == .preview {
            story.append(Notice(markup: Markup.escape(Strings.previewNotSigned[language]), kind: .warning))
        }
        story.append(Space(24))
        story.append(Paragraph(markup: Markup.escape(labels.badges[language]), font: Theme.caption, color: Theme.muted))
        story.append(NewPage())
        return story
    }
}
