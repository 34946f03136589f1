/// Province-level regions of China, for reading the province out of an address (`浙江省 杭州市 …`, `上海`, `内蒙古…`).
public enum ChinaRegion {
    /// Official names, each with the short form addresses start with.
    public static let provinces: [(short: String, name: String)] = [
        ("北京", "北京市"), ("天津", "天津市"), ("上海", "上海市"), ("重庆", "重庆市"),
        ("河北", "河北省"), ("山西", "山西省"), ("辽宁", "辽宁省"), ("吉林", "吉林省"), ("黑龙江", "黑龙江省"),
        ("江苏", "江苏省"), ("浙江", "浙江省"), ("安徽", "安徽省"), ("福建", "福建省"), ("江西", "江西省"),
        ("山东", "山东省"), ("河南", "河南省"), ("湖北", "湖北省"), ("湖南", "湖南省"), ("广东", "广东省"),
        ("海南", "海南省"), ("四川", "四川省"), ("贵州", "贵州省"), ("云南", "云南省"), ("陕西", "陕西省"),
        ("甘肃", "甘肃省"), ("青海", "青海省"), ("台湾", "台湾省"), ("内蒙古", "内蒙古自治区"),
        ("广西", "广西壮族自治区"), ("西藏", "西藏自治区"), ("宁夏", "宁夏回族自治区"), ("新疆", "新疆维吾尔自治区"),
        ("香港", "香港特别行政区"), ("澳门", "澳门特别行政区"),
    ]

    /// The official province name an address or a province cell starts with, or nil.
    public static func province(in text: String) -> String? {
        if officialNames.contains(text) { return text }
        let bytes = text.utf8.drop { $0 == 0x20 }
        for entry in provinces where bytes.starts(with: entry.short.utf8) { return entry.name }
        return nil
    }

    private static let officialNames = Set(provinces.map(\.name))

    /// The city after the province in an address (`浙江省 杭州市 西湖区` → `杭州市`), when it is written out.
    public static func city(in address: String) -> String? {
        guard let province = province(in: address) else { return nil }
        var rest = Substring(address.trimmingCharacters(in: .whitespaces))
        let short = provinces.first { $0.name == province }!.short
        rest = rest.dropFirst(rest.hasPrefix(province) ? province.count : short.count)
        rest = rest.drop { $0 == " " }
        guard var end = rest.firstIndex(where: { $0 == "市" || $0 == "州" || $0 == "盟" }) else { return nil }
        // 州 inside a city's name (广州市, 杭州市) is not the end of an autonomous prefecture (…自治州).
        if rest[end] == "州", rest.index(after: end) < rest.endIndex, rest[rest.index(after: end)] == "市" {
            end = rest.index(after: end)
        }
        let city = rest[...end]
        return city.count >= 2 && !city.contains(" ") ? String(city) : nil
    }
}

import Foundation
