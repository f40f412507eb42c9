import Foundation
import IsoFindDocument
import IsoFindDomain
import IsoFindFormat
import IsoFindRender

/// `cross_sections`: the section images of the request, numbered, with their captions.
struct CrossSections: ReportBlock {
    let definition = BlockDefinition(
        key: .crossSections,
        name: Localized(fr: "Coupes", en: "Cross-sections"),
        description: Localized(
            fr: "Les images de coupe fournies dans snapshots.section, avec leurs légendes.",
            en: "The section images supplied in snapshots.section, with their captions."),
        category: .geochem, nature: .factual, estPages: 2, licence: .researchPlus, needs: [.sectionSnapshots])

    static let noSection = Localized(fr: "Aucune image de coupe (snapshots.section) n'a été fournie pour ce rapport.",
                                     en: "No cross-section image (snapshots.section) was provided for this report.")
    static let badSection = Localized(fr: "L'image de coupe %@ n'a pas pu être lue (%@).",
                                      en: "Cross-section image %@ could not be read (%@).")

    static let section = (
        number: Localized(fr: "Coupe %@", en: "Section %@"),
        source: Localized(fr: "Source : image fournie avec la requête (snapshots.section).", en: "Source: image provided with the request (snapshots.section).")
    )

    func render(_ context: BlockContext) -> [any Drawable] {
        let section = Self.section
        let snapshots = context.inputs.snapshots?.section ?? []
        guard !snapshots.isEmpty else { return [context.noData(Self.noSection)] }
        let language = context.language
        var story: [any Drawable] = []
        for (index, snapshot) in snapshots.enumerated() {
            let title = Strings.format(section.number, language, NumberFormat.integer(index + 1, context.format))
            do {
                let decoded = snapshot.image
                let image = decoded.kind == .png ? try RasterImage(png: decoded.bytes) : try RasterImage(jpeg: decoded.bytes)
                var caption = "<b>\(Markup.escape(title))</b>"
                if let text = snapshot.caption?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
                    caption += " — " + Markup.escape(text)
                }
                caption += ". " + Markup.escape(section.source[language])
                story.append(Figure(.raster(image), caption: caption, maxHeight: 330))
            } catch {
                let message = Strings.format(Self.badSection, language, title, String(describing: error))
                context.warn(message)
                story.append(Notice(markup: Markup.escape(message), kind: .error))
            }
        }
        return story
    }
}
