import Foundation
import Hummingbird
import NIOCore
import Regulars
import RegularsStore

/// Turns whatever a route threw into a problem answer: bad input is a 4xx with its place, a store that cannot
/// answer is a 503, and only what is left — a fault of the server — is a 500.
enum ErrorMapping {
    static func problem(for error: any Error) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as PromotionError:
            switch error {
            case .invalidDefinition(let place, let detail):
                return .invalid([FieldProblem(pointer: APIDecoding.pointer(fromDottedPath: place), detail: detail)],
                                detail: error.description)
            case .refused(let reason):
                return .refused(reason)
            case .invalidCart(let detail):
                return .invalid(at: "", "cart: \(detail)")
            }
        case let error as StoreError:
            switch error {
            case .notFound(let what): return .notFound("not found: \(what)")
            case .invalid(let what): return .refused(what)
            }
        case let error as DecodingError:
            return .invalid([APIDecoding.problem(error)])
        case is NIOTooManyBytesError:
            return tooLarge
        case let error as HTTPResponseError:
            switch error.status {
            case .notFound: return .notFound("no such route")
            case .contentTooLarge: return tooLarge
            default: return Problem(error.status, detail: "\(error)")
            }
        default:
            switch StoreFailure.classify(error) {
            case .unavailable(let detail):
                return Problem(.serviceUnavailable, type: "urn:regulars:problem:store-unavailable", title: "Store unavailable",
                               detail: detail)
            case .conflict(let detail):
                return .conflict(detail)
            case nil:
                return Problem(.internalServerError, type: "urn:regulars:problem:internal", title: "Internal error",
                               detail: "the server failed; the error is in its log")
            }
        }
    }

    static var tooLarge: Problem {
        Problem(.contentTooLarge, type: "urn:regulars:problem:too-large", title: "Content too large",
                detail: "the body is larger than \(APIContext.bodyLimit / 1024 / 1024) MiB; send large batches in parts of at most 1,000 records")
    }
}

/// Answers every error as `application/problem+json`, unknown routes included.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = APIContext

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            var problem = ErrorMapping.problem(for: error)
            if error is HTTPError, problem.statusCode == 404 {
                // The router found no route for this method: if the path exists with others, say which.
                let methods = RouteTable.all.filter { DocumentConformance.matches($0, path: request.uri.path) }.map(\.method.rawValue)
                if !methods.isEmpty {
                    problem = Problem(.methodNotAllowed, detail: "\(request.uri.path) answers \(methods.joined(separator: ", ")) only")
                    problem.allow = methods.joined(separator: ", ")
                }
            }
            if problem.statusCode >= 500 {
                context.logger.error("\(request.method) \(request.uri.path) failed: \(String(reflecting: error))")
            }
            return try problem.response(from: request, context: context)
        }
    }
}

/// Counts and times every answer by its route (the route's pattern, not the concrete path).
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        metrics.recordRequest(route: context.endpointPath ?? "unmatched", method: request.method.rawValue,
                              status: response.status.code, duration: ContinuousClock.now - start)
        return response
    }
}

/// Reads `Authorization: Bearer rk_…` and puts the key it belongs to on the context. Whether the route needs a key,
/// and which role, is the route's own declaration (`APIRoute.permission`), checked when it runs.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let keys: APIKeyCache

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Problem(.unauthorized, detail: "the Authorization header must be 'Bearer <API key>'")
        }
        guard let key = try await keys.key(secret: String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw Problem(.unauthorized, detail: "the API key is unknown or revoked")
        }
        var context = context
        context.caller = key
        return try await next(request, context)
    }
}
