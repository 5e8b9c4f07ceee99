// The character classes of twitter-text's URL patterns that URLScanner needs.
extension TwitterText.URLScanner {
    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        isDigit(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    static func asciiLowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar
    }

    /// Latin letters with accents (and combining accents), which bare domains and paths may hold.
    static func isLatinAccent(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x24F, 0x300...0x36F, 0x1E00...0x1EFF: true
        default: false
        }
    }

    /// Not before a URL: a letter or digit of ASCII (`xhttp://`), `@`, `$`, `#` (mentions, cashtags,
    /// hashtags) or a non-character.
    static func mayPrecedeURL(_ scalar: Unicode.Scalar) -> Bool {
        !(isASCIIAlphanumeric(scalar) || "@＠$#＃".unicodeScalars.contains(scalar)
            || ["\u{FFFE}", "\u{FEFF}", "\u{FFFF}"].contains(scalar))
    }

    /// Not before a bare domain either: what continues a word, a path or a longer host.
    static func mayPrecedeBareDomain(_ scalar: Unicode.Scalar) -> Bool {
        mayPrecedeURL(scalar) && !isBareLabelChar(scalar) && scalar != "." && scalar != "/"
    }

    /// A character of a bare domain's labels (`ELPAÍS.com`): ASCII letters and digits, `-`, `_`, Latin accents.
    static func isBareLabelChar(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(scalar) || scalar == "-" || scalar == "_" || isLatinAccent(scalar)
    }

    /// A character of a host after `http://`: any letter, digit or symbol (`http://☃.net`, `http://ああ.com`),
    /// `-` and `_`; not spaces, punctuation, controls or format characters (directional marks).
    static func isHostChar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return isASCIIAlphanumeric(scalar) || scalar == "-" || scalar == "_" }
        if scalar.properties.isWhitespace || scalar.properties.isNoncharacterCodePoint { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .unassigned, .spaceSeparator, .lineSeparator, .paragraphSeparator,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return false
        default:
            return true
        }
    }

    /// What may follow a top-level domain without making it part of a longer word (`foo.comm`,
    /// `domain.com-that`, `john.doe.gov@mail.com`).
    static func mayNotFollowTopLevelDomain(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(scalar) || scalar == "@" || scalar == "+" || scalar == "-"
    }

    /// A character of a path, query or fragment.
    static func isPathChar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return isASCIIAlphanumeric(scalar) || "!*';:=+,.$/%#[]-_~&|@()?".unicodeScalars.contains(scalar)
        }
        return isCyrillic(scalar) || isLatinAccent(scalar) || scalar == "\u{2013}"
    }

    /// A character a path may end with; others (`.,;:!?'"` …) are punctuation after the URL.
    static func mayEndPath(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(scalar) || "-+=_#/&".unicodeScalars.contains(scalar) || isCyrillic(scalar)
            || isLatinAccent(scalar)
    }

    static func isCyrillic(_ scalar: Unicode.Scalar) -> Bool {
        (0x400...0x4FF).contains(scalar.value)
    }
}
