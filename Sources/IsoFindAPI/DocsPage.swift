import IsoFindJSON
/// `/docs`: a self-contained HTML reference written from the route table (no scripts, no CDN:
/// laboratories often run the service offline). The machine-readable contract is
/// `/api/reports/openapi.json`.
enum DocsPage {
    static func html(routes: [Route], version: String) -> String {
        var tags: [String] = []
        for route in routes where !tags.contains(route.doc.tag) { tags.append(route.doc.tag) }
        var body = ""
        for tag in tags {
            body += "<h2>\(escape(tag))</h2>\n<table>\n<tr><th>Method</th><th>Path</th><th>Summary</th><th>Access</th></tr>\n"
            for route in routes where route.doc.tag == tag {
                let statuses = route.doc.responses.map { String($0.status) }.joined(separator: ", ")
                body += "<tr><td><code>\(route.method)</code></td><td><code>\(escape(route.pattern))</code></td>"
                body += "<td>\(escape(route.doc.summary))"
                if !route.doc.description.isEmpty { body += "<br><small>\(escape(route.doc.description))</small>" }
                body += "<br><small>Success: \(statuses)</small></td><td>\(escape(route.access.summary))</td></tr>\n"
            }
            body += "</table>\n"
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>IsoFind Reports API \(version)</title>
            <style>body{font-family:sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}
            table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}
            code{font-size:.95em}small{color:#555}</style></head><body>
            <h1>IsoFind Reports API <small>\(version)</small></h1>
            <p>Machine-readable contract: <a href="/api/reports/openapi.json">/api/reports/openapi.json</a> (OpenAPI 3.1).
            Errors are <code>{"detail": "..."}</code>, or for invalid requests (422) a list of
            <code>{"loc", "msg", "type"}</code> items. Send a service token as <code>Authorization: Bearer TOKEN</code>
            or <code>X-IsoFind-Token: TOKEN</code>.</p>
            \(body)</body></html>
            """
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
