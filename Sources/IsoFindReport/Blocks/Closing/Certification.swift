import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `certification`: how the signature is added to the report and checked, and what it proves;
/// in a preview, that previews are not signed.
struct Certification: ReportBlock {
    let definition = BlockDefinition(
        key: .certification,
        name: Localized(fr: "Certification", en: "Certification"),
        description: Localized(
            fr: "Signataire, empreinte du certificat, identifiant du rapport, date de signature et procédure de vérification\u{202F}; un aperçu indique qu’il n’est pas signé.",
            en: "Signer, certificate fingerprint, report ID, signing time and how to verify; a preview states that it is not signed."),
        category: .closing, nature: .honest, estPages: 1, licence: .research, needs: [])

    static let certification = (
        signed: Localized(
            fr: "Ce rapport porte une signature électronique de certification, intégrée au fichier PDF au moment de son enregistrement. Tout lecteur PDF l'affiche ; la moindre modification du fichier la rend invalide.",
            en: "This report carries an electronic certification signature, embedded in the PDF file when it was recorded. Any PDF reader displays it; the smallest change to the file invalidates it."),
        unsigned: Localized(
            fr: "Cette installation ne signe pas ses rapports : ce rapport ne porte aucune signature électronique, et rien ne permet de vérifier qu'il n'a pas été modifié.",
            en: "This installation does not sign its reports: this report carries no electronic signature, and nothing shows that it has not been changed."),
        reference: Localized(fr: "Référence du rapport", en: "Report reference"),
        organization: Localized(fr: "Organisation émettrice", en: "Issuing organisation"),
        signer: Localized(fr: "Signataire (certificat)", en: "Signer (certificate)"),
        fingerprint: Localized(fr: "Empreinte SHA-256 du certificat", en: "Certificate SHA-256 fingerprint"),
        algorithm: Localized(fr: "Algorithme", en: "Algorithm"),
        signedAt: Localized(fr: "Signé le", en: "Signed on"),
        generated: Localized(fr: "Généré le", en: "Generated on"),
        software: Localized(fr: "Logiciel", en: "Software"),
        verifyTitle: Localized(fr: "Comment vérifier", en: "How to verify"),
        verifyReader: Localized(fr: "le panneau « Signatures » de tout lecteur PDF ;", en: "the signature panel of any PDF reader;"),
        verifyPdfsig: Localized(fr: "la commande pdfsig rapport.pdf (poppler-utils) ;", en: "the command pdfsig report.pdf (poppler-utils);"),
        verifyCLI: Localized(fr: "la commande isofind-reports verify rapport.pdf ;", en: "the command isofind-reports verify report.pdf;"),
        verifyAPI: Localized(fr: "l'API : POST /api/reports/verify avec le PDF pour corps ; le certificat se télécharge sur GET /api/reports/signing-certificate.",
                             en: "the API: POST /api/reports/verify with the PDF as body; the certificate is served at GET /api/reports/signing-certificate."),
        provesTitle: Localized(fr: "Ce que la signature prouve", en: "What the signature proves"),
        proves: Localized(
            fr: "L'intégrité du document depuis sa signature (une seule virgule modifiée l'invalide) et son origine : l'installation qui détient la clé de signature.",
            en: "The document's integrity since signing (a single altered comma invalidates it) and its origin: the installation that holds the signing key."),
        notProvesTitle: Localized(fr: "Ce qu'elle ne prouve pas", en: "What it does not prove"),
        notProves: Localized(
            fr: "Ni l'exactitude scientifique des résultats, ni la compétence de l'auteur, ni une accréditation du laboratoire, ni l'exhaustivité des données.",
            en: "Neither the scientific accuracy of the results, nor the author's competence, nor any accreditation of the laboratory, nor the completeness of the data."),
        preview: Localized(
            fr: "Ce document est un aperçu : les aperçus ne sont jamais signés. Seul le rapport final, généré et enregistré, porte une signature électronique vérifiable.",
            en: "This document is a preview: previews are never signed. Only the final report, generated and recorded, carries a verifiable electronic signature.")
    )

    func render(_ context: BlockContext) -> [any Drawable] {
        let certification = Self.certification
        let language = context.language
        guard case .report(let id) = context.reference else {
            return [Notice(markup: Markup.escape(certification.preview[language]), kind: .info)]
        }
        let instant = DateFormat.instant(epochSeconds: context.generatedAt, context.format)
        var pairs: [(String, String)] = [
            (certification.reference[language], Strings.format(Strings.reportReference, language, integers: id)),
            (certification.organization[language], context.branding.organizationName),
        ]
        let notice: Localized
        if let signature = context.report.certification {
            notice = certification.signed
            pairs += [
                (certification.signer[language], signature.subject),
                (certification.fingerprint[language], signature.certificateSHA256),
                (certification.algorithm[language], signature.algorithm),
                (certification.signedAt[language], instant),
            ]
        } else {
            notice = certification.unsigned
            pairs.append((certification.generated[language], instant))
        }
        pairs.append((certification.software[language], "\(ReportRenderer.softwareName) \(context.sources.softwareVersion)"))
        var story: [any Drawable] = [
            Notice(markup: Markup.escape(notice[language]), kind: context.report.certification == nil ? .warning : .info),
            keyValueList(pairs.map { ($0.0, Markup.escape($0.1)) }, labelWeight: 1, valueWeight: 2),
        ]
        // Without a signature there is nothing to verify, and nothing it proves.
        guard context.report.certification != nil else { return story }
        story.append(subheading(certification.verifyTitle[language]))
        for line in [certification.verifyReader, certification.verifyPdfsig, certification.verifyCLI, certification.verifyAPI] {
            story.append(Paragraph(markup: "• " + Markup.escape(line[language]), spaceAfter: 3))
        }
        story.append(subheading(certification.provesTitle[language]))
        story.append(Paragraph(markup: Markup.escape(certification.proves[language])))
        story.append(subheading(certification.notProvesTitle[language]))
        story.append(Paragraph(markup: Markup.escape(certification.notProves[language])))
        return story
    }
}
