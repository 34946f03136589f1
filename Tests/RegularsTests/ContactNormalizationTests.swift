import Testing
@testable import Regulars

@Suite("ContactNormalization: phones")
struct ContactNormalizationPhoneTests {
    @Test(arguments: [
        "+86 138-1234-5678", "008613812345678", "'13812345678", "=\"13812345678\"", "\t13812345678",
        "138 1234 5678", "(+86)13812345678", "8613812345678", "+8613812345678", "13812345678 ", "0086 138.1234.5678",
    ])
    func mobilesNormaliseToElevenDigits(raw: String) {
        #expect(PhoneNumber.parse(raw) == .mobile("13812345678"))
    }

    @Test(arguments: [
        ("138****5678", "138****5678"), ("+86 138****5678", "138****5678"), ("186******05", "186******05"),
        ("'138****5678", "138****5678"),
    ])
    func maskedNumbersAreDisplayOnly(raw: String, shown: String) {
        #expect(PhoneNumber.parse(raw) == .masked(shown))
    }

    @Test(arguments: [
        ("021-12345678", "02112345678"),  // Shanghai landline: 11 digits but starts with 0
        ("0571-8888 8888", "057188888888"),
        ("12812345678", "12812345678"),  // second digit below 3: not a mainland mobile
        ("1381234567", "1381234567"),  // one digit short
        ("138123456789", "138123456789"),  // one digit too many
        ("13812345678转1", "13812345678转1"),  // anything else is kept as written
    ])
    func otherNumbers(raw: String, kept: String) {
        #expect(PhoneNumber.parse(raw) == .other(kept))
    }

    @Test(arguments: ["", "\t", "'", "=\"\"", " - "])
    func emptyCellsAreNil(raw: String) {
        #expect(PhoneNumber.parse(raw) == nil)
    }

    @Test(arguments: [
        ("13812345678", "138****5678"), ("138****5678", "138****5678"), ("02112345678", "021****5678"),
        ("057188888888", "057****8888"),
    ])
    func masking(phone: String, masked: String) {
        #expect(PhoneNumber.mask(phone) == masked)
    }

    /// Shorter fragments keep only their first and last characters, so a mask never shows the whole number.
    @Test(arguments: [("88888888", "8******8"), ("1234567", "1*****7"), ("123", "1*3"), ("12", "**"), ("", "")])
    func maskingShortNumbersHidesTheMiddle(phone: String, masked: String) {
        #expect(PhoneNumber.mask(phone) == masked)
        #expect(PhoneNumber.mask(phone).count == phone.count)
    }
}

@Suite("ContactNormalization: e-mail and names")
struct ContactNormalizationEmailTests {
    @Test(arguments: [
        ("Zhang.San@QQ.com", "zhang.san@qq.com"), (" a@b.cn \n", "a@b.cn"), ("LI@163.COM", "li@163.com"),
        ("first+tag@mail.example.org", "first+tag@mail.example.org"),
    ])
    func caseFolded(raw: String, expected: String) {
        #expect(EmailAddress.normalize(raw) == expected)
    }

    @Test(arguments: ["a@b", "@qq.com", "a@.com", "a@com.", "a b@qq.com", "a@@qq.com", "a***@qq.com", "", "qq.com"])
    func rejected(raw: String) {
        #expect(EmailAddress.normalize(raw) == nil)
    }

    @Test func emailMask() {
        #expect(EmailAddress.mask("zhang.san@qq.com") == "z***@qq.com")
        #expect(EmailAddress.mask("nobody") == "***")
    }

    @Test(arguments: [("张三丰", "张**"), ("张三", "张*"), ("李", "李*"), ("", ""), ("张*", "张*")])
    func personNames(name: String, masked: String) {
        #expect(PersonName.mask(name) == masked)
    }
}
