import Foundation
import Hummingbird
import Regulars
import RegularsStore

enum CustomerRoutes {
    static let routes: [APIRoute] = []
    static let schemas: [String: Schema] = [:]
}
