import IsoFindDomain
import Testing
@testable import IsoFindAPI

@Suite struct AuthorizationTests {
    @Test func readsBothHeaderForms() {
        #expect(Authorization.presentedToken(headers: [:]) == .none)
        #expect(Authorization.presentedToken(headers: ["authorization": "Bearer abc"]) == .token("abc"))
        #expect(Authorization.presentedToken(headers: ["authorization": "bearer  abc "]) == .token("abc"))
        #expect(Authorization.presentedToken(headers: ["x-isofind-token": "xyz"]) == .token("xyz"))
        #expect(Authorization.presentedToken(headers: ["authorization": "Bearer a", "x-isofind-token": "a"]) == .token("a"))
    }

    @Test func refusesAmbiguousOrForeignSchemes() {
        guard case .malformed = Authorization.presentedToken(headers: ["authorization": "Basic dXNlcjpw"]) else {
            Issue.record("Basic must be refused")
            return
        }
        guard case .malformed = Authorization.presentedToken(headers: ["authorization": "Bearer a", "x-isofind-token": "b"]) else {
            Issue.record("two different tokens must be refused")
            return
        }
    }

    @Test func refusesARepeatedTokenHeader() {
        // A header sent twice arrives with its copies joined by a comma; no token holds one.
        for headers in [["x-isofind-token": "garbage, ifr_valid"], ["x-isofind-token": ", ifr_valid"],
                        ["x-isofind-token": "ifr_valid, ifr_valid"], ["authorization": "Bearer a, Bearer a"]] {
            #expect(Authorization.presentedToken(headers: headers) == .malformed(Authorization.repeatedHeader), "\(headers)")
        }
    }

    @Test func rolesNest() {
        let reader = Identity(subject: "r", role: .reader)
        let editor = Identity(subject: "e", role: .editor)
        let admin = Identity(subject: "a", role: .admin)
        #expect(Authorization.decide(required: nil, identity: .anonymous) == .allow(.anonymous))
        if case .unauthorized = Authorization.decide(required: .reader, identity: .anonymous) {} else { Issue.record("401 expected") }
        #expect(Authorization.decide(required: .reader, identity: reader) == .allow(reader))
        if case .forbidden = Authorization.decide(required: .editor, identity: reader) {} else { Issue.record("403 expected") }
        #expect(Authorization.decide(required: .editor, identity: admin) == .allow(admin))
        if case .forbidden = Authorization.decide(required: .admin, identity: editor) {} else { Issue.record("403 expected") }
    }

    @Test func normalisesPathsLikeNginx() {
        #expect(Authorization.normalizedPath("/api/reports/templates/../list?x=1") == "/api/reports/list")
        #expect(Authorization.normalizedPath("/api/reports/%6cist") == "/api/reports/list")
        #expect(Authorization.normalizedPath("//api//reports/./templates/") == "/api/reports/templates")
    }
}
