import Foundation
import HTTPTypes

/// Checks an answer against the document: its status is one the route documents, and a JSON body matches the
/// documented schema. The tests run every answer through it, so the document cannot drift from the server.
public enum DocumentConformance {
    /// The problems found; empty when the answer is what the document says. Paths no route matches are not checked.
    public static func check(method: HTTPRequest.Method, path: String, status: Int, contentType: String?, body: Data) -> [String] {
        guard let route = route(method: method, path: path) else { return [] }
        let documented = route.responses.map { ($0.status, $0.schema, $0.contentType) }
            + OpenAPIDocument.errorResponses(route).map { ($0.0, Optional(OpenAPIDocument.problemSchema), "application/problem+json") }
        guard let (_, schema, documentedType) = documented.first(where: { $0.0 == status }) else {
            return ["status \(status) is not documented for \(route.operation)"]
        }
        guard let schema else { return body.isEmpty ? [] : ["a body where none is documented"] }
        if let contentType, !contentType.hasPrefix(documentedType) {
            return ["content type \(contentType), documented \(documentedType)"]
        }
        guard documentedType.contains("json") else { return [] }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: body) else { return ["the body is not JSON"] }
        var validator = SchemaValidator(components: RouteTable.components.merging(["Problem": OpenAPIDocument.problemSchema]) { a, _ in a })
        validator.check(value, against: schema, at: "")
        return validator.problems.map { "\($0.pointer): \($0.detail)" }
    }

    /// The declared route an actual request path belongs to.
    public static func route(method: HTTPRequest.Method, path: String) -> APIRoute? {
        RouteTable.all.filter { $0.method == method && matches($0, path: path) }
            .max { $0.path.split(separator: ":").count > $1.path.split(separator: ":").count }
    }

    /// Whether a concrete path is one of the route's (any method). Where two match, `route` takes the one with fewer
    /// parameters, as the router does: `/v1/audiences/preview` is not `/v1/audiences/:name`.
    static func matches(_ route: APIRoute, path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let pattern = route.path.split(separator: "/", omittingEmptySubsequences: false)
        guard pattern.count == parts.count else { return false }
        return zip(pattern, parts).allSatisfy { expected, actual in expected.hasPrefix(":") || expected == actual }
    }
}
