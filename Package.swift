// swift-tools-version:6.0
// IsoFind Reports: a FastCGI responder behind nginx that turns isotope-forensics data into PDF reports.
import PackageDescription

let package = Package(
    name: "isofind-reports",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "isofind-reports", targets: ["IsoFindReportsCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // C bindings: one system-library target per library, each a modulemap plus a small shim.
        .systemLibrary(name: "CFcgi", path: "Sources/CFcgi", pkgConfig: "fcgi", providers: [.apt(["libfcgi-dev"])]),
        .systemLibrary(name: "CCairo", path: "Sources/CCairo", pkgConfig: "pangocairo",
                       providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),
        .systemLibrary(name: "CRsvg", path: "Sources/CRsvg", pkgConfig: "librsvg-2.0", providers: [.apt(["librsvg2-dev"])]),
        .systemLibrary(name: "CPython", path: "Sources/CPython", pkgConfig: "python3-embed", providers: [.apt(["python3-dev"])]),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSandbox", path: "Sources/CSandbox", pkgConfig: "libseccomp", providers: [.apt(["libseccomp-dev"])]),

        // JSON: values, the strict parser, the writer, and the schemas that both validate input
        // (every problem, FastAPI style) and document it; the number and NUL rules. No I/O.
        .target(name: "IsoFindJSON"),
        // Domain model: block keys, templates, request dicts, matrix rules, licences, roles. No I/O.
        .target(name: "IsoFindDomain", dependencies: ["IsoFindJSON"]),
        // Formatting: numbers, measurements, dates and isotope notation in French and English.
        .target(name: "IsoFindFormat"),
        // PDF canvas on Cairo + Pango (+ librsvg): pages, text layout, paths, images, outline, links.
        .target(name: "IsoFindRender", dependencies: ["CCairo", "CRsvg"]),
        // Layout core: flowables, pagination, table row splitting, contents page numbers. No Cairo.
        .target(name: "IsoFindLayout"),
        // Document flowables drawn on the canvas: paragraphs, headings, tables, notices, images,
        // and the renderer of pages (header, footer, outline, table of contents).
        .target(name: "IsoFindDocument", dependencies: ["IsoFindRender", "IsoFindLayout", "IsoFindFormat"]),
        // Vector charts as flowables: bar chart, scatter plot with error bars, line plot, process chain.
        .target(name: "IsoFindCharts", dependencies: ["IsoFindDocument", "IsoFindRender", "IsoFindLayout", "IsoFindFormat"]),
        // The report: the block registry (each block its definition and how it renders), the
        // gathered context, the composer and renderer; custom blocks' story items.
        .target(name: "IsoFindReport", dependencies: [
            "IsoFindDomain", "IsoFindJSON", "IsoFindFormat", "IsoFindDocument", "IsoFindCharts", "IsoFindLayout", "IsoFindRender",
        ]),
        // Store: the service's own SQLite database (GRDB), its folders of files (reports, logo)
        // and the read-only IsoFind databases.
        .target(name: "IsoFindStore", dependencies: [
            "IsoFindDomain",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Signing: keys and certificates, the PDF certification signature (an incremental update
        // over a detached CMS, OpenSSL) and its verification. Knows nothing of reports or HTTP.
        .target(name: "IsoFindSigning", dependencies: ["COpenSSL"]),
        // Generation: one typed request, and the pipeline that owns a generation end to end
        // (validate, gather, run custom blocks, render, sign, archive, record). No HTTP.
        // Joinable POSIX threads with a chosen stack: the FastCGI request threads and the render pool.
        .target(name: "IsoFindThreads"),
        .target(name: "IsoFindGeneration", dependencies: [
            "IsoFindThreads", "IsoFindDomain", "IsoFindJSON", "IsoFindReport", "IsoFindStore", "IsoFindPython", "IsoFindSigning",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Metrics: the series' names and labels, one Prometheus registry per process (swift-metrics'
        // factory over it) and its text for GET /metrics. The global MetricsSystem is never bootstrapped.
        .target(name: "IsoFindMetrics", dependencies: [
            .product(name: "CoreMetrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        // Python: the embedded interpreter (compile checks), the sandboxed worker process and the
        // responder's pool of workers, with the harness the workers run. Knows nothing of reports.
        .target(name: "IsoFindPython", dependencies: [
            "CPython", "CSandbox", "IsoFindJSON", "IsoFindMetrics", .product(name: "Metrics", package: "swift-metrics"),
        ], resources: [
            .embedInCode("Harness/harness.py"), .embedInCode("Harness/contract.py"), .embedInCode("Harness/reportlab_subset.py"),
        ]),
        // HTTP API: requests, router, middleware, controllers, auth decisions, OpenAPI, GET /metrics. No FastCGI.
        .target(name: "IsoFindAPI", dependencies: [
            "IsoFindDomain", "IsoFindJSON", "IsoFindStore", "IsoFindReport", "IsoFindGeneration", "IsoFindSigning",
            "IsoFindRender", "IsoFindMetrics", .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // FastCGI server: libfcgi worker threads, signals, the bridge to IsoFindAPI.
        .target(name: "IsoFindFastCGI", dependencies: [
            "CFcgi", "IsoFindAPI", "IsoFindThreads",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Demo data: realistic samples and Nexus sessions databases.
        .target(name: "IsoFindDemoData", dependencies: [
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // The `isofind-reports` command.
        .executableTarget(name: "IsoFindReportsCLI", dependencies: [
            "IsoFindAPI", "IsoFindDomain", "IsoFindFastCGI", "IsoFindGeneration", "IsoFindStore", "IsoFindDemoData", "IsoFindPython",
            "IsoFindReport", "IsoFindSigning", "IsoFindJSON", "IsoFindMetrics", .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "Sources/isofind-reports"),

        .testTarget(name: "IsoFindJSONTests", dependencies: ["IsoFindJSON"]),
        .testTarget(name: "IsoFindDomainTests", dependencies: ["IsoFindDomain", "IsoFindJSON"]),
        .testTarget(name: "IsoFindLayoutTests", dependencies: ["IsoFindLayout"]),
        .testTarget(name: "IsoFindFormatTests", dependencies: ["IsoFindFormat"]),
        // poppler-utils for the tests that read their PDFs back.
        .target(name: "PDFTestSupport", path: "Tests/PDFTestSupport"),
        .testTarget(name: "IsoFindRenderTests", dependencies: ["IsoFindRender", "CCairo", "PDFTestSupport"]),
        .testTarget(name: "IsoFindReportTests", dependencies: [
            "IsoFindReport", "IsoFindDomain", "IsoFindJSON", "IsoFindLayout", "IsoFindStore", "IsoFindDemoData", "PDFTestSupport",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "IsoFindChartsTests", dependencies: ["IsoFindCharts", "IsoFindDocument", "IsoFindRender", "IsoFindLayout", "IsoFindFormat",
                                                                  "PDFTestSupport"]),
        .testTarget(name: "IsoFindDocumentTests", dependencies: ["IsoFindDocument", "IsoFindRender", "IsoFindLayout", "PDFTestSupport"]),
        .testTarget(name: "IsoFindStoreTests", dependencies: ["IsoFindStore", "IsoFindDemoData"]),
        .testTarget(name: "IsoFindDemoDataTests", dependencies: [
            "IsoFindDemoData", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "IsoFindGenerationTests", dependencies: [
            "IsoFindGeneration", "IsoFindReport", "IsoFindStore", "IsoFindDomain", "IsoFindJSON", "IsoFindDemoData", "IsoFindSigning",
            "PDFTestSupport", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "IsoFindSigningTests", dependencies: ["IsoFindSigning", "CCairo", "PDFTestSupport"]),
        .testTarget(name: "IsoFindPythonTests", dependencies: ["IsoFindPython", "IsoFindJSON", "IsoFindMetrics"]),
        .testTarget(name: "IsoFindMetricsTests", dependencies: ["IsoFindMetrics", .product(name: "Metrics", package: "swift-metrics")]),
        .testTarget(name: "IsoFindFastCGITests", dependencies: ["IsoFindFastCGI", "IsoFindAPI"]),
        .testTarget(name: "IsoFindAPITests", dependencies: [
            "IsoFindAPI", "IsoFindMetrics", "IsoFindGeneration", "IsoFindJSON", "IsoFindStore", "IsoFindDemoData", "IsoFindReport",
        ]),
    ]
)
