import Foundation
import HTTPTypes
import Hummingbird
import Regulars
import RegularsServer
import RegularsStore
import RegularsTestSupport
import Testing

/// Walks the real router: every route it serves is declared in the route table, none but the open ones answers
/// without a key, and each role gets exactly the permissions it holds — no more, no fewer.
@Suite("Route permissions")
struct RoutePermissionTests {
    @Test func theRouterServesExactlyTheDeclaredRoutes() async throws {
        try await withServer { server in
        let router = buildRouter(server.services)
        let served = Set(router.routes.map { "\($0.method) \($0.path)" })
        let declared = Set(RouteTable.all.map { "\($0.method) \(RouterPath($0.path))" })
        #expect(served == declared)
        #expect(served.count == RouteTable.all.count, "two declarations share a method and path")
        let open = RouteTable.all.filter { $0.permission == .open }.map(\.path).sorted()
        // Only the health check, the document and what messages link to (short links, the open pixel) need no key.
        #expect(open == ["/c/:token", "/health", "/o/:token", "/openapi.json"])
        let operations = RouteTable.all.map(\.operation)
        #expect(Set(operations).count == operations.count, "operation ids must be unique")
        }
    }

    @Test func noRouteAnswersWithoutAKeyAndEachRoleGetsExactlyItsPermissions() async throws {
        try await withServer { server in
            let routes = buildRouter(server.services).routes
            for served in routes {
                let route = try #require(RouteTable.all.first { $0.method == served.method && RouterPath($0.path).description == served.path.description })
                let uri = Self.concretePath(route.path)
                let body = route.requestBody == nil ? nil : "{}"
                let anonymous = try await server.send(route.method, uri, as: nil, json: body)
                if route.permission == .open {
                    #expect(anonymous.status != .unauthorized && anonymous.status != .forbidden, "\(route.operation) is open")
                } else {
                    #expect(anonymous.status == .unauthorized, "\(route.operation) answered \(anonymous.status) without a key")
                }
                var wrongKey = HTTPFields()
                wrongKey[.authorization] = "Bearer rk_0000000000000000000000000000000000000000"
                if route.permission != .open {
                    let forged = try await server.client.execute(uri: uri, method: route.method, headers: wrongKey)
                    #expect(forged.status == .unauthorized, "\(route.operation) with an unknown key")
                }
                for role in APIRole.allCases {
                    let response = try await server.send(route.method, uri, as: role, json: body)
                    let allowed = role.permissions.contains(route.permission)
                    if allowed {
                        #expect(response.status != .unauthorized && response.status != .forbidden,
                                "\(role) should reach \(route.operation) but got \(response.status)")
                    } else {
                        #expect(response.status == .forbidden, "\(role) reached \(route.operation): \(response.status)")
                    }
                    #expect(response.status.code < 500, "\(route.operation) as \(role) → \(response.status): \(response.text)")
                }
            }
        }
    }

    @Test func rolesHoldWhatTheIssueSays() {
        #expect(APIRole.admin.permissions == [.open, .read, .write, .admin])
        #expect(APIRole.operator.permissions == [.open, .read, .write])
        #expect(APIRole.analyst.permissions == [.open, .read])
        #expect(!APIRole.analyst.seesPersonalData && APIRole.operator.seesPersonalData)
    }

    /// A path with its parameters filled with a value no record has (so no walk step revokes a key or erases anyone).
    static func concretePath(_ pattern: String) -> String {
        pattern.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix(":") ? "999999" : String(part)
        }.joined(separator: "/")
    }
}
