import IsoFindDocument
import IsoFindDomain
import IsoFindFormat
import IsoFindLayout
import IsoFindRender

/// Turns a list of block keys into a story: each block's heading (with its FAIH badge and its
/// anchor for the outline and the contents), then what the block renders. The cover and the
/// table of contents are structural and have no heading of their own.
public enum ReportComposer {
    /// What each built-in block renders, by key.
    static let renderers: [String: @Sendable (ReportContext) -> [any Drawable]] = [
        "sample_inventory": SampleBlocks.inventory,
        "isotope_signatures": SampleBlocks.isotopeSignatures,
        "limitations": ClosingBlocks.limitations,
        "scoring_matches": ResultsBlocks.scoringMatches,
        "auto_context": ResultsBlocks.autoContextBlock,
        "nexus_processes": ResultsBlocks.nexusProcesses,
        "nexus_chain": ResultsBlocks.nexusChain,
        "interpretation": ResultsBlocks.interpretationBlock,
        "sim_csia": ResultsBlocks.simCSIA,
        "sim_redox": ResultsBlocks.simRedox,
        "sim_plume": ResultsBlocks.simPlume,
        "scenario_comparison": ResultsBlocks.scenarioComparison,
        "cross_sections": ResultsBlocks.crossSections,
        "certification": ResultsBlocks.certificationBlock,
        "project_context": MethodsBlocks.projectContext,
        "executive_summary": MethodsBlocks.executiveSummary,
        "analytical_methods": MethodsBlocks.analyticalMethods,
        "quality_control": MethodsBlocks.qualityControl,
        "pollutant_inventory": MethodsBlocks.pollutantInventory,
        "regulatory_compliance": MethodsBlocks.regulatoryCompliance,
        "glossary": MethodsBlocks.glossary,
        "data_provenance": MethodsBlocks.dataProvenance,
        "matrix_relevance": MethodsBlocks.matrixRelevance,
        "delta_delta_plot": GeochemBlocks.deltaDeltaPlot,
        "descriptive_statistics": GeochemBlocks.descriptiveStatistics,
        "elemental_data": GeochemBlocks.elementalData,
        "physicochemistry": GeochemBlocks.physicochemistry,
        "vertical_profiles": GeochemBlocks.verticalProfiles,
        "annex_raw_data": GeochemBlocks.annexRawData,
        "sample_map": MapBlock.render,
    ]

    public static func isImplemented(_ key: String) -> Bool {
        key == "cover_page" || key == "table_of_contents" || renderers[key] != nil
    }

    /// Blocks that report the warnings of the others; they are built after them, so that their
    /// lists are complete (the story is built once, in one layout pass).
    static let summarisingBlocks: Set<String> = ["executive_summary", "limitations"]

    public static func story(blocks: [String], context: ReportContext, pageNumbers: PageNumbers) -> [any Drawable] {
        var parts = [[any Drawable]](repeating: [], count: blocks.count)
        for summarising in [false, true] {
            for (position, key) in blocks.enumerated() where summarisingBlocks.contains(key) == summarising {
                parts[position] = block(key, at: position, of: blocks, context: context, pageNumbers: pageNumbers)
            }
        }
        context.orderWarnings(by: blocks)
        return parts.flatMap { $0 }
    }

    static func block(_ key: String, at position: Int, of blocks: [String], context: ReportContext,
                      pageNumbers: PageNumbers) -> [any Drawable] {
        guard let definition = BlockCatalogue.builtin(key) else { return [] }
        let language = context.language
        if context.mode == .concis, definition.expert {
            context.warn(Strings.expertInConcise[language], block: key)
        }
        switch key {
        case "cover_page":
            return CoverPage.render(context)
        case "table_of_contents":
            let entries = blocks[(position + 1)...].compactMap { later -> Anchor? in
                guard later != "cover_page", later != "table_of_contents", let block = BlockCatalogue.builtin(later) else { return nil }
                return anchor(block, language)
            }
            return [Heading(markup: Markup.escape(Strings.contents[language]),
                            anchor: Anchor(id: "table_of_contents", title: Strings.contents[language])),
                    TableOfContents(entries: entries, numbers: pageNumbers)]
        default:
            return [Heading(markup: Markup.escape(definition.name[language]), badge: definition.nature.badge,
                            anchor: anchor(definition, language))]
                + bind(renderers[key]?(context) ?? [], heading: Markup.escape(definition.name[language]), language: language)
        }
    }

    /// A block's story made ready for pagination: each table says, when it continues on a new
    /// page, which heading it belongs to; each caption is bound to what it describes.
    static func bind(_ story: [any Drawable], heading: String, language: Language) -> [any Drawable] {
        var current = heading
        for drawable in story {
            if let subheading = drawable as? Heading {
                current = subheading.markup
            } else if let table = drawable as? Table, table.continuation == nil {
                table.continuation = Strings.format(Strings.continued, language, current)
            }
        }
        return Captioned.attach(story)
    }

    static func anchor(_ block: BlockDefinition, _ language: Language) -> Anchor {
        Anchor(id: block.key, title: block.name[language])
    }
}

/// Renders a report: the story, the page furniture and the document metadata.
public enum ReportRenderer {
    public static let softwareName = "IsoFind Reports"

    public static func render(blocks: [String], context: ReportContext, softwareVersion: String) throws -> DocumentRenderer.Output {
        let language = context.language
        let reference: String
        switch context.reference {
        case .report(let id): reference = Strings.format(Strings.reportReference, language, integers: id)
        case .preview: reference = Strings.preview[language]
        }
        let furniture = PageFurniture(
            organization: context.branding.organizationName, title: context.title, reference: reference,
            date: DateFormat.day(epochSeconds: context.generatedAt, context.format),
            pageLabel: { Strings.format(Strings.page, language, integers: $0, $1) },
            logo: try context.branding.logo.map(figureContent),
            watermark: context.reference == .preview ? Strings.preview[language] : nil,
            hasCover: blocks.first == "cover_page")
        let metadata = PDFMetadata(
            title: context.title, author: context.branding.organizationName,
            subject: reference, keywords: blocks.joined(separator: ", "),
            creator: "\(softwareName) \(softwareVersion)", createdEpochSeconds: context.generatedAt)
        return try DocumentRenderer.render(metadata: metadata, furniture: furniture) { numbers in
            ReportComposer.story(blocks: blocks, context: context, pageNumbers: numbers)
        }
    }

    static func figureContent(_ logo: ReportContext.LogoData) throws -> Figure.Content {
        switch logo.kind {
        case .png: return .raster(try RasterImage(png: logo.bytes))
        case .jpeg: return .raster(try RasterImage(jpeg: logo.bytes))
        case .svg: return .vector(try SVGImage(data: logo.bytes))
        }
    }
}
