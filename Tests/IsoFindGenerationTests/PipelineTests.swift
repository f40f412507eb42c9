import Crypto
import Foundation
import IsoFindDomain
import IsoFindGeneration
import IsoFindReport
import IsoFindSigning
@testable import IsoFindStore
import PDFTestSupport
import Testing

/// The generation pipeline driven without HTTP: a real store, the demo databases and real PDFs,
/// with the seams (samples, sessions, custom-block runner, signer) replaced where a test needs it.
@Suite struct PipelineTests {
    @Test func aPreviewIsRenderedNeitherSignedNorRecorded() throws {
        let signer = RecordingSigner()
        let pipeline = try Pipeline(signer: signer)
        let preview = try pipeline.preview(#"{"blocks": ["cover_page", "sample_inventory", "limitations"], "language": "en", "title": "Audit"}"#)
        let text = try Poppler.text(preview.bytes)
        #expect(text.contains("Audit") && text.contains("PREVIEW"))
        #expect(preview.pages >= 2)
        #expect(preview.sampleIDs.count == demo.summary.samples)
        #expect(signer.calls == 0)
        #expect(try pipeline.store.reports(limit: 10, offset: 0).total == 0)
        #expect(pipeline.reportFiles.isEmpty)
    }

    @Test func aFinalReportRecordsWhatTheSignerReturned() throws {
        let pipeline = try Pipeline(signer: CommentSigner())
        let generated = try pipeline.generate(#"{"template_id": 4, "language": "fr"}"#)
        let record = generated.record
        let file = try Data(contentsOf: URL(fileURLWithPath: pipeline.archive.path(of: record.fileName)))
        // The record describes the signed file, written once under its final name.
        #expect(String(decoding: file.suffix(30), as: UTF8.self).contains("%signed report \(record.id)"))
        #expect(record.fileSize == file.count)
        #expect(record.sha256 == SHA256.hash(data: file).map { String(format: "%02x", $0) }.joined())
        #expect(record.signature == CommentSigner.signature)
        #expect(try pipeline.store.report(id: record.id) == record)
        #expect(pipeline.reportFiles == [record.fileName])
        #expect(record.templateID == 4 && record.blocks.first == "cover_page" && record.language == .fr)
        #expect(record.createdAt == "2026-12-01T09:00:00Z")
        #expect(try Poppler.text(Array(file)).contains("Rapport n° \(record.id)"))
    }

    @Test func aFinalReportIsCertifiedWithTheInstallationKeyAndSaysSo() throws {
        let identity = try SigningIdentity.selfSigned(organization: "Laboratoire Cévenol d'Isotopie")
        let pipeline = try Pipeline(signer: CertifyingSigner(identity: identity))
        let record = try pipeline.generate(#"{"template_id": 1, "language": "en"}"#).record
        let file = Array(try Data(contentsOf: URL(fileURLWithPath: pipeline.archive.path(of: record.fileName))))
        #expect(record.signature == ReportSignature(algorithm: "ECDSA P-256 with SHA-256", signer: identity.certificate.subject,
                                                    certificateSHA256: identity.certificate.sha256, signedAt: record.createdAt))
        #expect(record.sha256 == SHA256.hash(data: file).map { String(format: "%02x", $0) }.joined())
        let verdict = SignatureVerifier(anchors: TrustAnchors([identity.certificate])).verify(file)
        #expect(verdict == .init(valid: true, reportID: record.id, signer: identity.certificate.subject, signedAt: record.createdAt,
                                 certificateSHA256: identity.certificate.sha256, trusted: true, reason: nil))
        // The certification block prints what the signature holds, before it was made.
        let text = try Poppler.text(file, ["-raw"]).replacingOccurrences(of: "\n", with: " ")
        let printsFingerprint = text.replacingOccurrences(of: " ", with: "").contains(identity.certificate.sha256)
        let printsSubject = text.contains(identity.certificate.subject)
        let saysSigned = text.contains("carries an electronic certification signature")
        #expect(printsFingerprint && printsSubject && saysSigned)
    }

    @Test func aPreviewOfAnInstallationThatSignsIsNeitherSignedNorSaysItIs() throws {
        let pipeline = try Pipeline(signer: CertifyingSigner(identity: try SigningIdentity.selfSigned(organization: "Lab")))
        let preview = try pipeline.preview(#"{"template_id": 1, "language": "en"}"#)
        #expect(SignatureVerifier(anchors: TrustAnchors([])).verify(preview.bytes).reason == "the PDF has no signature (it has no form fields)")
        let saysUnsigned = try Poppler.text(preview.bytes, ["-raw"]).replacingOccurrences(of: "\n", with: " ").contains("previews are never signed")
        #expect(saysUnsigned)
    }

    @Test func aRecordThatCannotBeWrittenLeavesNoFile() throws {
        let pipeline = try Pipeline()
        try pipeline.store.writer.write { db in
            try db.execute(sql: "CREATE TRIGGER full BEFORE INSERT ON reports BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
        }
        #expect {
            try pipeline.generate(#"{"template_id": 1}"#)
        } throws: { error in
            guard case .failed(let summary, let reason) = error as? GenerationError else { return false }
            return summary == "The report could not be recorded" && reason.contains("database or disk is full")
        }
        #expect(pipeline.reportFiles.isEmpty)
    }

    @Test func aReportsFolderThatCannotBeWrittenRecordsNothing() throws {
        let pipeline = try Pipeline()
        try FileManager.default.removeItem(atPath: pipeline.archive.folder)
        #expect {
            try pipeline.generate(#"{"template_id": 1}"#)
        } throws: { error in
            guard case .failed(let summary, _) = error as? GenerationError else { return false }
            return summary == "The report could not be written"
        }
        #expect(try pipeline.store.reports(limit: 10, offset: 0).total == 0)
    }

    @Test func aPreviewRequestIsNeverMadeAFinalReport() throws {
        let pipeline = try Pipeline()
        #expect {
            try pipeline.generate(#"{"template_id": 1, "is_preview": true}"#)
        } throws: { error in
            (error as? GenerationError)?.locations == ["body.is_preview"]
        }
        #expect(try pipeline.store.reports(limit: 10, offset: 0).total == 0)
        #expect(pipeline.reportFiles.isEmpty)
    }

    @Test func unreadableBrandingAndMatrixRulesDegradeTheReport() throws {
        let pipeline = try Pipeline()
        _ = try pipeline.store.saveBranding(organizationName: "Laboratoire Rhône", logoFile: nil, logoSourcePath: nil)
        try pipeline.store.writer.write { db in
            try db.execute(sql: "DROP TABLE branding; DROP TABLE matrix_rules; DROP TABLE matrix_groups")
        }
        let preview = try pipeline.preview(#"{"blocks": ["matrix_relevance", "data_provenance", "limitations"], "language": "en"}"#)
        #expect(preview.warnings.contains { $0.hasPrefix("The organisation's branding could not be read (") })
        #expect(preview.warnings.contains { $0.hasPrefix("The matrix rules could not be read (") })
        let text = try Poppler.text(preview.bytes, [])
        #expect(text.contains("IsoFind") && !text.contains("Laboratoire Rhône"))
        #expect(text.contains("Matrix rules: could not be read"))
    }

    @Test func aLogoThatCannotBeDrawnIsLeftOutWithAWarning() throws {
        let pipeline = try Pipeline()
        // Structurally an SVG document (it passed the upload check), but librsvg refuses it.
        let name = "logo-0000000000000000000000000000000000000000000000000000000000000000.svg"
        try Data("<svg xmlns=\"http://www.w3.org/2000/svg\"><g></svg>".utf8)
            .write(to: pipeline.folder.appendingPathComponent("branding/\(name)"))
        _ = try pipeline.store.saveBranding(organizationName: "Hydro Lab", logoFile: name, logoSourcePath: "/somewhere/logo.svg")
        let preview = try pipeline.preview(#"{"blocks": ["cover_page", "limitations"], "language": "en"}"#)
        let warning = try #require(preview.warnings.first { $0.hasPrefix("The organisation's logo could not be read (") })
        #expect(!warning.contains(pipeline.folder.path))
        #expect(try Poppler.text(preview.bytes, []).contains("Hydro Lab"))
    }

    @Test func reasonsNeverShowTheServersFolders() throws {
        let pipeline = try Pipeline(samples: UnreadableSamples(message: "The samples database at /var/lib/isofind-reports/isofind.db cannot be opened: unable to open database file"))
        let preview = try pipeline.preview(#"{"blocks": ["sample_inventory"], "language": "en"}"#)
        let warning = try #require(preview.warnings.first { $0.hasPrefix("The samples database could not be read") })
        #expect(warning.contains("The samples database at isofind.db cannot be opened: unable to open database file"))
        #expect(!warning.contains("/var/lib"))
    }

    @Test func aSigningFailureRecordsNothingAndLeavesNoFile() throws {
        let pipeline = try Pipeline(signer: BrokenSigner())
        #expect {
            try pipeline.generate(#"{"template_id": 1}"#)
        } throws: { error in
            guard case .signingFailed(let reason) = error as? GenerationError else { return false }
            return reason == "the signing key cannot be read"
        }
        #expect(try pipeline.store.reports(limit: 10, offset: 0).total == 0)
        #expect(pipeline.reportFiles.isEmpty)
    }

    @Test func anUnreadableSamplesDatabaseDegradesTheReport() throws {
        let pipeline = try Pipeline(samples: UnreadableSamples())
        let preview = try pipeline.preview(#"{"blocks": ["sample_inventory", "limitations"], "sample_ids": [1, 2], "language": "en"}"#)
        let warning = "The samples database could not be read (database disk image is malformed): no sample can be shown."
        #expect(preview.warnings.contains(warning))
        #expect(preview.sampleIDs.isEmpty)
        let text = try Poppler.text(preview.bytes, [])
        // Said in the limitations, and by the block that has no samples to show.
        #expect(text.contains("could not be read (database disk image is malformed)"))
        #expect(!text.contains("No sample matches this report's selection."))
    }

    @Test func anUnreadableSessionsDatabaseDegradesTheNexusBlocks() throws {
        let pipeline = try Pipeline(sessions: UnreadableSessions())
        let preview = try pipeline.preview(#"{"blocks": ["nexus_processes", "sample_inventory", "limitations"], "nexus_session_id": 3, "language": "en"}"#)
        #expect(preview.warnings.contains("The requested Nexus session could not be read (database is locked)."))
        // The session would have chosen the samples: none rather than every sample of the database.
        #expect(preview.sampleIDs.isEmpty)
        let text = try Poppler.text(preview.bytes, [])
        #expect(text.contains("could not be read (database is locked)"))
    }

    @Test func aCustomBlockWithoutARunnerIsAnErrorBoxNamingItsKey() throws {
        let pipeline = try Pipeline()
        try pipeline.addCustomBlock(key: "lab_summary", name: "Lab summary")
        let preview = try pipeline.preview(#"{"blocks": ["cover_page", "lab_summary", "limitations"], "language": "en"}"#)
        let warning = try #require(preview.warnings.first { $0.hasPrefix("lab_summary: ") })
        #expect(warning.contains("NotEnabled") && warning.contains("custom Python blocks are not enabled"))
        let text = try Poppler.text(preview.bytes, [])
        #expect(text.contains("Lab summary"))
        #expect(text.contains("This custom block could not be produced"))
    }

    @Test func aRunnersStoryIsLaidOutUnderTheBlocksHeading() throws {
        let runner = StoryRunner(.story([
            .heading(text: "Lead budget", level: 2),
            .paragraph(text: "<b>Total</b> load: 42 kg & <i>rising</i> <script>", style: .normal),
            .table(rows: [["Well", "Pb (µg/L)"], ["P11", "12.5"], ["P12", "3.1"]], header: true, columnWidths: nil),
            .keyValue([.init("Method", "ICP-MS")]),
            .note(text: "Values are provisional.", kind: .warning),
        ], warnings: ["two wells were dry"]))
        let pipeline = try Pipeline(runner: runner)
        try pipeline.addCustomBlock(key: "lead_budget", name: "Lead budget report", code: "story.append(...)")
        let preview = try pipeline.preview(#"{"blocks": ["lead_budget", "limitations"], "language": "en"}"#)
        let text = try Poppler.text(preview.bytes, [])
        for expected in ["Lead budget report", "Lead budget", "Total load: 42 kg & rising <script>", "P11", "12.5", "ICP-MS",
                         "Values are provisional.", "two wells were dry"] {
            #expect(text.contains(expected), "\(expected)")
        }
        #expect(preview.warnings.contains("lead_budget: two wells were dry"))
        let job = try #require(runner.received.first)
        #expect(runner.received.count == 1)
        #expect(job.key.rawValue == "lead_budget" && job.code == "story.append(...)" && job.samples == demo.summary.samples)
    }

    @Test func customKeysAreRenderedOrRefusedNeverDropped() throws {
        let pipeline = try Pipeline()
        try pipeline.addCustomBlock(key: "retired_block", name: "Retired", active: false)
        // An inactive or unknown custom key is a 422 that names it, at its place.
        #expect {
            try pipeline.preview(#"{"blocks": ["cover_page", "retired_block", "no_such_block"]}"#)
        } throws: { error in
            guard case .invalid(let issues) = error as? GenerationError else { return false }
            return issues.map(\.msg) == ["unknown block key 'retired_block'", "unknown block key 'no_such_block'"]
                && (error as? GenerationError)?.locations == ["body.blocks.1", "body.blocks.2"]
        }
        // A template that names a deleted custom block fails on the template.
        let template = try pipeline.store.insertTemplate(
            NewTemplate(name: "Old", description: "", blocks: ["cover_page", "gone_block"], language: .en, mode: .concis),
            createdBy: "test")
        #expect {
            try pipeline.preview(#"{"template_id": \#(template.id)}"#)
        } throws: { error in
            (error as? GenerationError)?.locations == ["body.template_id"]
        }
    }

    @Test func refusalsFollowTheContractsOrder() throws {
        let pipeline = try Pipeline(licence: .research)
        func refusal(_ json: String) -> GenerationError? {
            do { _ = try pipeline.preview(json); return nil } catch { return error as? GenerationError }
        }
        #expect(refusal(#"{"template_id": 99999}"#) == .notFound("Template 99999 not found."))
        #expect(refusal(#"{"blocks": ["sim_csia"]}"#)?.locations == ["body.simulation_result"])
        if case .licence(let message)? = refusal(#"{"blocks": ["sim_csia"], "simulation_result": {"type": "csia"}}"#) {
            #expect(message.contains("sim_csia") && message.contains("pro licence") && message.contains("research licence"))
        } else {
            Issue.record("the licence refusal was expected")
        }
        #expect(refusal(#"{"blocks": ["cover_page"], "nexus_session_id": 999999}"#) == .notFound("Nexus session 999999 not found."))
        #expect(refusal(#"{"blocks": ["cover_page"], "sample_ids": [1, 99999]}"#)?.locations == ["body.sample_ids.1"])
        #expect(refusal(#"{"blocks": ["cover_page"], "mbtiles_path": "../outside.mbtiles"}"#)?.locations == ["body.mbtiles_path"])
    }

    @Test func bothTemplateAndBlocksUsesTheTemplateWithANote() throws {
        let preview = try Pipeline().preview(#"{"template_id": 4, "blocks": ["glossary"], "language": "en"}"#)
        #expect(preview.warnings.first == "Both template_id and blocks were given: the template's blocks were used and blocks was ignored.")
    }
}
