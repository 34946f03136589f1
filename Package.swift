// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Regulars",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Regulars", targets: ["Regulars"]),
        .library(name: "RegularsStore", targets: ["RegularsStore"]),
        .executable(name: "regulars", targets: ["regulars"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .target(
            name: "Regulars",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .target(
            name: "RegularsSpreadsheet",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .target(name: "CSQLiteTuning", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(
            name: "RegularsStore",
            dependencies: [
                "Regulars",
                "RegularsSpreadsheet",
                "CSQLiteTuning",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "RegularsServer",
            dependencies: [
                "Regulars", "RegularsStore", "RegularsMessaging",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "RegularsMessaging",
            dependencies: [
                "Regulars", "RegularsStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "RegularsCLI",
            dependencies: [
                "Regulars", "RegularsStore", "RegularsServer", "RegularsMessaging",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "regulars", dependencies: ["RegularsCLI"]),
        .executableTarget(
            name: "ImportBenchmark",
            dependencies: ["Regulars", "RegularsStore", "RegularsSpreadsheet"],
            path: "Benchmarks/ImportBenchmark"
        ),
        .executableTarget(
            name: "RFMBenchmark",
            dependencies: ["regulars"],
            path: "Benchmarks/RFMBenchmark",
            exclude: ["reference.py"]
        ),
        .executableTarget(
            name: "SegmentStoreBenchmark",
            dependencies: ["regulars"],
            path: "Benchmarks/SegmentStoreBenchmark",
            exclude: ["build_store.sql"]
        ),
        .executableTarget(
            name: "RedemptionBenchmark",
            dependencies: ["Regulars", "RegularsStore"],
            path: "Benchmarks/RedemptionBenchmark"
        ),
        .executableTarget(
            name: "CampaignBenchmark",
            dependencies: [
                "Regulars", "RegularsStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            path: "Benchmarks/CampaignBenchmark"
        ),
        .executableTarget(
            name: "PricingBenchmark",
            dependencies: ["Regulars"],
            path: "Benchmarks/PricingBenchmark"
        ),
        .executableTarget(
            name: "PredictionBenchmark",
            dependencies: ["Regulars"],
            path: "Benchmarks/PredictionBenchmark",
            exclude: ["lifetimes_fit.py", "run.sh"]
        ),
        .target(
            name: "RegularsTestSupport",
            dependencies: ["Regulars", "RegularsStore", "RegularsSpreadsheet"],
            path: "Tests/RegularsTestSupport"
        ),
        .testTarget(
            name: "RegularsSpreadsheetTests",
            dependencies: ["RegularsSpreadsheet", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "RegularsTests", dependencies: ["Regulars", "RegularsTestSupport"]),
        .testTarget(name: "RegularsStoreTests", dependencies: ["Regulars", "RegularsStore", "RegularsTestSupport"]),
        .testTarget(
            name: "RegularsServerTests",
            dependencies: [
                "RegularsServer", "Regulars", "RegularsStore", "RegularsTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "RegularsMessagingTests",
            dependencies: [
                "RegularsMessaging", "Regulars", "RegularsStore", "RegularsTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "RegularsCLITests", dependencies: ["RegularsCLI", "Regulars", "RegularsStore", "RegularsTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
