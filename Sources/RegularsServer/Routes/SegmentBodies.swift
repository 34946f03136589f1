import Foundation
import Regulars
import RegularsStore

/// `GET /v1/segments`: the stored segments counted, each level, class and stage with its code, its Chinese label
/// and what to do about it.
struct SegmentSummaryBody: Encodable {
    struct Level: Encodable {
        var level: String
        var label: String
        var customers: Int
        var strategy: String
    }

    struct ClassLine: Encodable {
        var rfmClass: String
        var label: String
        var pattern: String
        var strategy: String
        var customers: Int
        var revenue: Money

        enum CodingKeys: String, CodingKey {
            case rfmClass = "class", label, pattern, strategy, customers, revenue
        }
    }

    struct Stage: Encodable {
        var stage: String
        var label: String
        var customers: Int
    }

    /// What "high" and "low" are measured against.
    struct Basis: Encodable {
        var basis: String
        var population: Int
        var recencyDays: Double
        var orders: Double
        var spend: Money
    }

    var asOf: String
    var windowDays: Int
    var buyers: Int
    var scored: Int
    var revenue: Money
    var sleepWarnings: Int
    var pyramid: [Level]
    var classes: [ClassLine]
    var lifecycle: [Stage]
    var baseline: Basis

    init(_ summary: SegmentSummary) {
        asOf = summary.asOf.description
        windowDays = summary.windowDays
        buyers = summary.buyers
        scored = summary.scored
        revenue = summary.revenue
        sleepWarnings = summary.sleepWarnings
        pyramid = PyramidLevel.allCases.map {
            Level(level: $0.rawValue, label: $0.label, customers: summary.pyramid[$0] ?? 0, strategy: $0.strategy)
        }
        classes = summary.classes.map {
            ClassLine(rfmClass: $0.rfmClass.rawValue, label: $0.rfmClass.label, pattern: $0.rfmClass.pattern,
                      strategy: $0.rfmClass.strategy, customers: $0.customers, revenue: $0.revenue)
        }
        lifecycle = LifecycleStage.allCases.map {
            Stage(stage: $0.rawValue, label: $0.label, customers: summary.lifecycle[$0] ?? 0)
        }
        let b = summary.baseline
        baseline = Basis(basis: b.basis.rawValue, population: b.population, recencyDays: b.recencyBasis.value,
                         orders: b.frequencyBasis.value, spend: Money(fen: Int64(b.monetaryBasis.value.rounded())))
    }

    static let schema: Schema = .object([
        "asOf": .string(format: "date", "The shop-time day the segments were computed for"),
        "windowDays": .int(min: 1), "buyers": .int(min: 0), "scored": .int(min: 0), "revenue": .money,
        "sleepWarnings": .int(min: 0),
        "pyramid": .array(.object(["level": .oneOf(PyramidLevel.allCases.map(\.rawValue)), "label": .string(),
                                   "customers": .int(min: 0), "strategy": .string()],
                                  required: ["level", "label", "customers", "strategy"])),
        "classes": .array(.object(["class": .oneOf(RFMClass.allCases.map(\.rawValue)), "label": .string(), "pattern": .string(),
                                   "strategy": .string(), "customers": .int(min: 0), "revenue": .money],
                                  required: ["class", "label", "pattern", "strategy", "customers", "revenue"])),
        "lifecycle": .array(.object(["stage": .oneOf(LifecycleStage.allCases.map(\.rawValue)), "label": .string(),
                                     "customers": .int(min: 0)], required: ["stage", "label", "customers"])),
        "baseline": .object(["basis": .oneOf(SegmentationSettings.ClassBasis.allCases.map(\.rawValue)), "population": .int(min: 0),
                             "recencyDays": .number, "orders": .number, "spend": .money],
                            required: ["basis", "population", "recencyDays", "orders", "spend"]),
    ], required: ["asOf", "windowDays", "buyers", "scored", "revenue", "sleepWarnings", "pyramid", "classes", "lifecycle",
                  "baseline"])
}

/// `GET /v1/segments/flow`: how many customers were in each segment at `from` and in each at `to`.
struct SegmentFlowBody: Encodable {
    struct Cell: Encodable {
        var from: String?
        var fromLabel: String?
        var to: String?
        var toLabel: String?
        var customers: Int
    }

    var dimension: String
    var from: Instant
    var to: Instant
    var cells: [Cell]

    init(_ cells: [SegmentFlowCell], dimension: SegmentDimension, from: Instant, to: Instant) {
        self.dimension = dimension.rawValue
        self.from = from
        self.to = to
        self.cells = cells.map { cell in
            Cell(from: cell.from, fromLabel: cell.from.map { dimension.label($0) }, to: cell.to,
                 toLabel: cell.to.map { dimension.label($0) }, customers: cell.customers)
        }
    }

    static let schema: Schema = .object([
        "dimension": .oneOf(["class", "pyramid", "lifecycle"]), "from": .instant, "to": .instant,
        "cells": .array(.object([
            "from": .string("The segment at the first moment; absent: in none"), "fromLabel": .string(),
            "to": .string("The segment at the second moment; absent: in none"), "toLabel": .string(),
            "customers": .int(min: 1),
        ], required: ["customers"])),
    ], required: ["dimension", "from", "to", "cells"])
}

/// `GET /v1/segments/moves`: who moved, newest last, at most `limit` of `total`.
struct SegmentMovesBody: Encodable {
    var total: Int
    var moves: [SegmentChange]

    static let schema: Schema = .object([
        "total": .int(min: 0),
        "moves": .array(.ref("SegmentMove")),
    ], required: ["total", "moves"])
}
