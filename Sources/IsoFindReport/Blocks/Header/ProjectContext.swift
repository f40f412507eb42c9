import Foundation
import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `project_context`: the project data of the request, then the site's extent and sectors drawn
/// from the samples' coordinates.
struct ProjectContext: ReportBlock {
    let definition = BlockDefinition(
        key: .projectContext,
        name: Localized(fr: "Contexte du projet", en: "Project context"),
        description: Localized(
            fr: "Nom, objectif, contraintes, client et référence du projet, avec l’emprise du site et les secteurs déduits des échantillons.",
            en: "Project name, objective, constraints, client and reference, with the site extent and sectors derived from the samples."),
        category: .header, nature: .factual, estPages: 1, licence: .research, needs: [.project])

    static let project = (
        name: Localized(fr: "Projet", en: "Project"),
        objective: Localized(fr: "Objectif", en: "Objective"),
        constraints: Localized(fr: "Contraintes", en: "Constraints"),
        client: Localized(fr: "Client", en: "Client"),
        reference: Localized(fr: "Référence", en: "Reference"),
        source: Localized(fr: "Source : données de projet fournies avec la requête (project_data).",
                          en: "Source: project data provided with the request (project_data)."),
        nameOnlySource: Localized(fr: "Source : nom de projet fourni avec la requête (project).",
                                  en: "Source: project name provided with the request (project)."),
        missing: Localized(fr: "Aucune donnée de projet (project_data) n'a été fournie pour ce rapport : objectif, contraintes, client et référence ne sont pas renseignés.",
                           en: "No project data (project_data) was provided for this report: objective, constraints, client and reference are not given."),
        siteTitle: Localized(fr: "Site et secteurs", en: "Site and sectors"),
        extent: Localized(fr: "Emprise des prélèvements (rectangle englobant les coordonnées de %@ échantillon(s) sur %@) : latitude %@ à %@, longitude %@ à %@, soit environ %@ km (est–ouest) × %@ km (nord–sud).",
                          en: "Sampling extent (bounding box of the coordinates of %@ of %@ sample(s)): latitude %@ to %@, longitude %@ to %@, i.e. about %@ km (east–west) × %@ km (north–south)."),
        noCoordinates: Localized(fr: "Aucun échantillon de ce rapport n'a de coordonnées : l'emprise du site ne peut pas être donnée.",
                                 en: "No sample of this report has coordinates: the site extent cannot be given."),
        sector: Localized(fr: "Secteur", en: "Sector"),
        samples: Localized(fr: "Échantillons", en: "Samples"),
        matrices: Localized(fr: "Matrices", en: "Matrices"),
        extentNote: Localized(fr: "Source : coordonnées WGS 84 et secteurs des échantillons, base d'échantillons IsoFind (%@). Distances approchées (1° de latitude ≈ 111,32 km).",
                              en: "Source: WGS 84 coordinates and sectors of the samples, IsoFind samples database (%@). Approximate distances (1° of latitude ≈ 111.32 km).")
    )

    static func degrees(_ value: Double, positive: String, negative: String, _ context: BlockContext) -> String {
        NumberFormat.decimal(abs(value), fractionDigits: 4, context.format) + "° " + (value < 0 ? negative : positive)
    }

    func render(_ context: BlockContext) -> [any Drawable] {
        let project = Self.project
        let language = context.language
        let missing = Strings.notProvided[language]
        var story: [any Drawable] = []
        if let data = context.inputs.projectData {
            let constraints = (data.constraints ?? []).map { "• " + Markup.escape($0) }.joined(separator: "\n")
            func value(_ text: String?) -> String {
                guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return Markup.escape(missing) }
                return Markup.escape(text)
            }
            story.append(keyValueList([
                (project.name[language], value(context.inputs.projectName)),
                (project.objective[language], value(data.objective)),
                (project.constraints[language], constraints.isEmpty ? Markup.escape(missing) : constraints),
                (project.client[language], value(data.client)),
                (project.reference[language], value(data.reference)),
            ], labelWeight: 1, valueWeight: 3.2))
            story.append(caption(project.source[language]))
        } else {
            if let name = context.inputs.projectName {
                story.append(keyValueList([(project.name[language], Markup.escape(name))], labelWeight: 1, valueWeight: 3.2))
                story.append(caption(project.nameOnlySource[language]))
            }
            story.append(context.noData(project.missing))
        }
        story.append(Heading(markup: Markup.escape(project.siteTitle[language]), level: 2))
        guard !context.samples.isEmpty else { return story + [context.noSamples()] }
        let located = context.samples.compactMap(\.coordinates)
        if located.isEmpty {
            story.append(context.noData(project.noCoordinates))
        } else {
            let lats = located.map(\.latitude), lons = located.map(\.longitude)
            let (minLat, maxLat, minLon, maxLon) = (lats.min()!, lats.max()!, lons.min()!, lons.max()!)
            let kmPerDegree = 111.32
            let north = (maxLat - minLat) * kmPerDegree
            let east = (maxLon - minLon) * kmPerDegree * cos((minLat + maxLat) / 2 * Double.pi / 180)
            let km = { NumberFormat.decimal($0, fractionDigits: 1, context.format) }
            story.append(Paragraph(markup: Markup.escape(context.text(project.extent,
                context.integer(located.count), context.integer(context.samples.count),
                Self.degrees(minLat, positive: "N", negative: "S", context), Self.degrees(maxLat, positive: "N", negative: "S", context),
                Self.degrees(minLon, positive: "E", negative: language == .fr ? "O" : "W", context),
                Self.degrees(maxLon, positive: "E", negative: language == .fr ? "O" : "W", context),
                km(east), km(north)))))
        }
        var sectors = OrderedCounter()
        var matricesBySector: [String: OrderedCounter] = [:]
        for sample in context.samples {
            let sector = sample.sector.flatMap { $0.isEmpty ? nil : $0 } ?? missing
            sectors.add(sector)
            if let matrix = sample.matrix, !matrix.isEmpty {
                matricesBySector[sector, default: OrderedCounter()].add(context.matrix(matrix))
            }
        }
        let rows = sectors.keys.map { sector -> [String] in
            let matrices = matricesBySector[sector]?.byCountDescending.map { "\($0.0) (\(context.integer($0.1)))" }.joined(separator: ", ")
            return [Markup.escape(sector), context.integer(sectors.counts[sector]!), Markup.escape(matrices ?? missing)]
        }
        story.append(Table(columns: [
            TableColumn(project.sector[language], weight: 2.0),
            TableColumn(project.samples[language], weight: 0.8, alignment: .right),
            TableColumn(project.matrices[language], weight: 2.2),
        ], rows: rows))
        story.append(caption(context.text(project.extentNote, context.databaseName)))
        return story
    }
}
