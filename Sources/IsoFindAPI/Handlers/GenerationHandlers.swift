import IsoFindGeneration
import IsoFindJSON

extension ReportsModule {
    /// `POST /preview`: the PDF itself, never stored, never signed, marked PREVIEW on every page.
    func preview(_ context: RouteContext) throws -> Response {
        let rendered = try generator.preview(try GenerateRequest(body: context.request.body), logger: context.logger)
        var response = Response(status: 200, headers: [
            ("Content-Type", "application/pdf"),
            ("Content-Disposition", "inline; filename=\"preview.pdf\""),
            ("X-Report-Pages", String(rendered.pages)),
            ("X-Report-Warnings", String(rendered.warnings.count)),
            ("Cache-Control", "no-store"),
        ], body: rendered.bytes)
        response.logFields = [("pages", String(rendered.pages))]
        return response
    }
}
