import Foundation
import Hummingbird
import Logging
import Regulars
import RegularsStore

/// Where and how the server listens.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int

    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }
}

/// The router with every API route, its middleware and its document. `regulars serve` and the tests both use it.
public func buildRouter(_ services: APIServices) -> Router<APIContext> {
    let router = Router(context: APIContext.self)
    router.add(middleware: MetricsMiddleware(metrics: services.metrics))
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: AuthMiddleware(keys: services.keys))
    let routes = RouteTable.all
    let components = RouteTable.components
    for route in routes {
        let dispatch = RouteDispatch(route: route, services: services, components: components)
        router.on(RouterPath(route.path), method: route.method) { request, context in
            try await dispatch.respond(request, context)
        }
    }
    return router
}

/// The application `regulars serve` runs: the router, on `configuration`'s address, stopping gracefully on SIGTERM
/// and SIGINT (requests in flight, writes among them, finish first).
public func buildApplication(_ configuration: ServerConfiguration, services: APIServices,
                             automation: AutomationService? = nil,
                             predictionRefresh: PredictionRefreshService? = nil,
                             logger: Logger = Logger(label: "regulars")) -> some ApplicationProtocol {
    var application = Application(
        router: buildRouter(services),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "regulars"),
        logger: logger
    )
    if let automation { application.addServices(automation) }
    if let predictionRefresh { application.addServices(predictionRefresh) }
    return application
}
