import IsoFindCharts
import IsoFindDocument
import IsoFindDomain
import IsoFindFormat
import IsoFindLayout
import IsoFindRender

/// `sample_map`: the samples' positions in a plotted frame (graticule, scale bar, north arrow),
/// over an offline MBTiles basemap when the request gave one, then the map snapshots of the request.
struct SampleMap: ReportBlock {
    let definition = BlockDefinition(
        key: .sampleMap,
        name: Localized(fr: "Carte des échantillons", en: "Sample map"),
        description: Localized(
            fr: "Position des échantillons sur un fond MBTiles hors ligne, ou dans un cadre avec graticule et barre d’échelle, suivie des captures de carte.",
            en: "Sample positions over an offline MBTiles basemap, or in a frame with graticule and scale bar, followed by any map snapshots."),
        category: .samples, nature: .factual, estPages: 1, licence: .research, needs: [.samplesWithCoordinates])

    static let noCoordinates = Localized(
        fr: "Aucun échantillon de ce rapport n'a de coordonnées : la carte ne peut pas être tracée.",
        en: "No sample of this report has coordinates: the map cannot be drawn.")
    static let withoutCoordinates = Localized(fr: "%@ échantillon(s) sans coordonnées : %@.",
                                              en: "%@ sample(s) without coordinates: %@.")
    static let frameCaption = Localized(
        fr: "Source : base d'échantillons IsoFind (%@), %@ échantillon(s) positionné(s). Coordonnées WGS 84, projection équirectangulaire (longitudes corrigées du cosinus de la latitude) ; les noms qui se chevaucheraient sont omis.",
        en: "Source: IsoFind samples database (%@), %@ sample(s) placed. WGS 84 coordinates, equirectangular projection (longitudes scaled by the cosine of latitude); names that would overlap are omitted.")
    static let basemapCaption = Localized(
        fr: "Source : base d'échantillons IsoFind (%@), %@ échantillon(s) positionné(s). Coordonnées WGS 84, projection Web Mercator ; les noms qui se chevaucheraient sont omis. Fond de carte : %@ (MBTiles, zoom %@).",
        en: "Source: IsoFind samples database (%@), %@ sample(s) placed. WGS 84 coordinates, Web Mercator projection; names that would overlap are omitted. Basemap: %@ (MBTiles, zoom %@).")
    static let snapshotCaption = Localized(fr: "Capture de carte %@ fournie avec la requête (snapshots.map).",
                                           en: "Map snapshot %@ provided with the request (snapshots.map).")
    static let snapshotSource = Localized(fr: "Source : capture fournie avec la requête.", en: "Source: snapshot provided with the request.")
    static let snapshotUnreadable = Localized(fr: "La capture de carte %@ fournie avec la requête n'a pas pu être lue ; elle est omise.",
                                              en: "Map snapshot %@ provided with the request could not be read; it is left out.")

    func render(_ context: BlockContext) -> [any Drawable] {
        let language = context.language
        if context.samples.isEmpty { return [context.noSamples()] + snapshots(context) }
        var story: [any Drawable] = []
        let placed = context.samples.compactMap { sample -> MapFrame.Point? in
            guard let c = sample.coordinates, abs(c.latitude) <= 90, abs(c.longitude) <= 180 else { return nil }
            return MapFrame.Point(latitude: c.latitude, longitude: c.longitude, name: sample.name, role: sample.classification)
        }
        let placedNames = Set(placed.map(\.name))
        let unplaced = context.samples.filter { !placedNames.contains($0.name) }.map(\.name)
        if placed.isEmpty {
            story.append(context.noData(Self.noCoordinates))
        } else {
            let present = Set(placed.map(\.role))
            let legend = Legend(items: [SampleRole.source, .receptor, .unknown].filter(present.contains).map { role in
                let style = MapFrame.style(role)
                return LegendItem(name: Strings.rolePluralCapitalized(role, language), swatch: .marker(style.shape, style.color, filled: style.filled))
            }, language: context.format)
            let text: String
            if let basemap = context.basemap {
                text = Strings.format(Self.basemapCaption, language, context.databaseName,
                                      NumberFormat.integer(placed.count, context.format), basemap.attribution ?? "MBTiles",
                                      NumberFormat.integer(basemap.zoom, context.format))
            } else {
                text = Strings.format(Self.frameCaption, language, context.databaseName, NumberFormat.integer(placed.count, context.format))
            }
            let map = KeepTogether([MapFrame(points: placed, language: context.format, basemap: context.basemap), legend, Space(4)])
            story.append(Captioned(map, caption: caption(text)))
        }
        if !unplaced.isEmpty {
            story.append(Paragraph(markup: Markup.escape(Strings.format(Self.withoutCoordinates, language,
                                                                        NumberFormat.integer(unplaced.count, context.format),
                                                                        unplaced.joined(separator: ", "))),
                                   font: Theme.small))
        }
        return story + snapshots(context)
    }

    /// The `snapshots.map` images as figures, in order; an unreadable one is said and warned.
    func snapshots(_ context: BlockContext) -> [any Drawable] {
        guard let list = context.inputs.snapshots?.map, !list.isEmpty else { return [] }
        let language = context.language
        var story: [any Drawable] = []
        for (index, snapshot) in list.enumerated() {
            let number = NumberFormat.integer(index + 1, context.format)
            do {
                let decoded = snapshot.image
                let image = decoded.kind == .png ? try RasterImage(png: decoded.bytes) : try RasterImage(jpeg: decoded.bytes)
                let given = snapshot.caption.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
                let text = given.map { $0 + " — " + Self.snapshotSource[language] } ?? Strings.format(Self.snapshotCaption, language, number)
                story.append(Figure(.raster(image), caption: Markup.escape(text), maxHeight: 420))
            } catch {
                let message = Strings.format(Self.snapshotUnreadable, language, number)
                context.warn(message)
                story.append(Notice(markup: Markup.escape(message), kind: .warning))
            }
        }
        return story
    }
}
