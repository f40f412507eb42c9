import Foundation
import IsoFindDomain
import IsoFindReport
import IsoFindStore

/// A rendered report and what the client is told about it.
public struct RenderedReport: Sendable {
    public let bytes: [UInt8]
    public let pages: Int
    public let warnings: [String]
    /// The samples the report used.
    public let sampleIDs: [Int]
}

extension ReportsModule {
    /// The generation time: `SOURCE_DATE_EPOCH` when set (reproducible output for tests and
    /// audits), else now.
    static func generationTime(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int64 {
        if let text = environment["SOURCE_DATE_EPOCH"], let epoch = Int64(text) { return epoch }
        return Int64(Date().timeIntervalSince1970)
    }

    /// Validates a `ReportGenerateRequest` body exactly as the HTTP API does (schema, then the
    /// rules of `api.md` in their order) and renders it.
    public func render(requestBody body: [UInt8], reference: ReportContext.Reference) throws -> RenderedReport {
        let context = RouteContext(request: Request(method: "POST", path: "/", body: body), pathParameters: [:])
        let fields = try context.body(GenerationSchema.request)
        return try render(try GenerationPlan.make(fields, body: body, module: self), reference: reference,
                          generatedAt: Self.generationTime())
    }

    /// `generatedAt` is read once by the caller, so the PDF's date and the record's agree.
    func render(_ plan: GenerationPlan, reference: ReportContext.Reference, generatedAt: Int64) throws -> RenderedReport {
        var warnings = plan.warnings
        let samples: [Sample]
        do {
            samples = try self.samples.samples(plan.selection)
        } catch let error as StoreError {
            // The report still renders; every sample block says it has no data, and the client is told why.
            warnings.append("The samples database could not be read: \(error.description)")
            samples = []
        }
        let context = ReportContext(
            language: plan.language, title: plan.title, mode: plan.mode, samples: samples, inputs: plan.inputs,
            branding: brandingForReports(), matrices: try store.matrixConfiguration(), reference: reference,
            generatedAt: generatedAt, licence: configuration.licence,
            sources: .init(samplesDatabase: configuration.samplesDB, nexusSessionID: plan.nexusSessionID,
                           softwareVersion: ReportsAPI.version))
        if let path = plan.mbtilesPath, plan.blocks.contains("sample_map") {
            let (basemap, warning) = basemap(path: path, samples: samples)
            context.basemap = basemap
            if let warning { warnings.append(warning) }
        }
        let output = try ReportRenderer.render(blocks: plan.blocks, context: context, softwareVersion: ReportsAPI.version)
        warnings += context.warnings.map { warning in
            warning.block.map { "\($0): \(warning.message)" } ?? warning.message
        }
        if output.overflowCount > 0 {
            warnings.append("\(output.overflowCount) element(s) were taller than a page and are shown clipped.")
        }
        return RenderedReport(bytes: output.bytes, pages: output.pageCount, warnings: warnings, sampleIDs: samples.map(\.id))
    }
}
