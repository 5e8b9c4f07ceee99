extension TwitterText {
    /// Finds URLs the way twitter-text's extractor does for the common cases, in one pass.
    ///
    /// A URL is `http://` or `https://` and a host, or a bare host made of ASCII (and Latin-accented)
    /// labels; either way the host's last label must be a known top-level domain not followed by a
    /// letter, digit, `@`, `+` or `-`; then an optional port and an optional path, query or fragment.
    /// Trailing punctuation (`.,;:!?'"` …, and a `)` without its `(`) is not part of the URL.
    /// The scan never backtracks over what it has passed, so it is linear in the text.
    struct URLScanner {
        let scalars: [Unicode.Scalar]

        init(_ text: String.UnicodeScalarView) {
            scalars = Array(text)
        }

        /// The URLs' ranges, in scalar offsets, in order.
        func linkRanges() -> [Range<Int>] {
            var links: [Range<Int>] = []
            var i = 0
            while i < scalars.count {
                let before = i > 0 ? scalars[i - 1] : nil
                guard before.map(Self.mayPrecedeURL) ?? true else {
                    i += 1
                    continue
                }
                if let hostStart = schemeEnd(at: i), let hostEnd = host(from: hostStart, label: Self.isHostChar).end,
                    let end = isShortener(hostStart..<hostEnd)
                        ? endOfShortURL(afterHost: hostEnd) : endOfURL(afterHost: hostEnd)
                {
                    links.append(i..<end)
                    i = end
                } else if Self.isBareLabelChar(scalars[i]), before.map(Self.mayPrecedeBareDomain) ?? true {
                    // Positions inside the scanned labels follow a label character or a dot, so no bare
                    // domain starts there: skipping them keeps the scan linear.
                    let (hostEnd, scanned) = host(from: i, label: Self.isBareLabelChar)
                    if let hostEnd {
                        let end = endOfURL(afterHost: hostEnd)
                        links.append(i..<end)
                        i = end
                    } else {
                        i = max(scanned, i + 1)
                    }
                } else {
                    i += 1
                }
            }
            return links
        }

        /// Where the host begins when `http://` or `https://` (any case) begins at `i`.
        private func schemeEnd(at i: Int) -> Int? {
            for scheme in ["http://", "https://"] {
                var j = i
                var matched = true
                for expected in scheme.unicodeScalars {
                    guard j < scalars.count, Self.asciiLowercase(scalars[j]) == expected else {
                        matched = false
                        break
                    }
                    j += 1
                }
                if matched { return j }
            }
            return nil
        }

        /// The longest valid host from `start` (subdomains, a domain name, a known top-level domain) and
        /// how far the labels were read.
        private func host(from start: Int, label isLabelChar: (Unicode.Scalar) -> Bool) -> (end: Int?, scanned: Int) {
            var i = start
            var end: Int?
            var previous: Range<Int>?
            var earlierLabelsAreSubdomains = true  // every label before `previous`
            while true {
                if let previous, earlierLabelsAreSubdomains, isDomainName(previous),
                    let length = topLevelDomainLength(at: i)
                {
                    end = i + length
                }
                let labelStart = i
                while i < scalars.count && isLabelChar(scalars[i]) { i += 1 }
                guard i > labelStart else { break }
                if let previous {
                    earlierLabelsAreSubdomains = earlierLabelsAreSubdomains && isSubdomain(previous)
                    guard earlierLabelsAreSubdomains else { break }
                }
                previous = labelStart..<i
                guard i < scalars.count, scalars[i] == "." else { break }
                i += 1
            }
            return (end, i)
        }

        /// The length of the longest known top-level domain at `i` that is followed by neither a letter
        /// or digit of ASCII nor `@`, `+`, `-` (so `foo.comm`, `john.doe.gov@mail.com` are no URLs).
        private func topLevelDomainLength(at i: Int) -> Int? {
            var candidate = ""
            var found: Int?
            var length = 0
            while length < TwitterText.longestTopLevelDomain, i + length < scalars.count {
                let scalar = scalars[i + length]
                guard Self.isHostChar(scalar), scalar != "-", scalar != "_" else { break }
                candidate.unicodeScalars.append(Self.asciiLowercase(scalar))
                length += 1
                if TwitterText.topLevelDomains.contains(candidate),
                    i + length == scalars.count || !Self.mayNotFollowTopLevelDomain(scalars[i + length])
                {
                    found = length
                }
            }
            return found
        }

        /// A label before the domain name: no `-` or `_` at either end, at most 63 characters in ASCII.
        private func isSubdomain(_ label: Range<Int>) -> Bool {
            let first = scalars[label.lowerBound], last = scalars[label.upperBound - 1]
            return first != "-" && first != "_" && last != "-" && last != "_" && fitsDNS(label)
        }

        /// The label before the top-level domain: as a subdomain, and no `_` at all.
        private func isDomainName(_ label: Range<Int>) -> Bool {
            isSubdomain(label) && !scalars[label].contains("_")
        }

        /// Whether the label is at most 63 characters once in ASCII (punycode, `xn--…`), and a label
        /// already written `xn--` is ASCII.
        private func fitsDNS(_ label: Range<Int>) -> Bool {
            let characters = scalars[label]
            guard characters.count <= Punycode.maxLabelLength else { return false }
            if characters.allSatisfy(\.isASCII) { return true }
            if characters.count >= 4 && characters.prefix(4).map(Self.asciiLowercase) == ["x", "n", "-", "-"] {
                return false
            }
            let lowercased = String(String.UnicodeScalarView(characters)).lowercased()
            return Punycode.encodedLength(lowercased.unicodeScalars) <= Punycode.maxLabelLength
        }

        /// Whether the host is X's link shortener, `t.co`.
        private func isShortener(_ host: Range<Int>) -> Bool {
            host.count == 4 && scalars[host].map(Self.asciiLowercase) == ["t", ".", "c", "o"]
        }

        /// Where a t.co link ends: its slug is letters and digits only, so what follows (`'s`, `-`, `:`,
        /// `#a`) is not part of it, then an optional query. A slug over 40 characters makes no link
        /// (twitter-text's validTcoUrl).
        private func endOfShortURL(afterHost hostEnd: Int) -> Int? {
            guard hostEnd + 1 < scalars.count, scalars[hostEnd] == "/", Self.isASCIIAlphanumeric(scalars[hostEnd + 1])
            else { return endOfURL(afterHost: hostEnd) }
            var i = hostEnd + 1
            while i < scalars.count && Self.isASCIIAlphanumeric(scalars[i]) { i += 1 }
            guard i - (hostEnd + 1) <= 40 else { return nil }
            return i < scalars.count && scalars[i] == "?" ? endOfURL(afterHost: i) : i
        }

        /// Where the URL ends: an optional port, then a path, query or fragment without its trailing
        /// punctuation.
        private func endOfURL(afterHost hostEnd: Int) -> Int {
            var i = hostEnd
            if i + 1 < scalars.count, scalars[i] == ":", Self.isDigit(scalars[i + 1]) {
                i += 1
                while i < scalars.count && Self.isDigit(scalars[i]) { i += 1 }
            }
            guard i < scalars.count, ["/", "?", "#"].contains(scalars[i]) else { return i }
            let pathStart = i
            var opening = 0, closing = 0
            while i < scalars.count && Self.isPathChar(scalars[i]) {
                if scalars[i] == "(" { opening += 1 } else if scalars[i] == ")" { closing += 1 }
                i += 1
            }
            while i > pathStart {
                let last = scalars[i - 1]
                if Self.mayEndPath(last) || (last == ")" && opening >= closing) { break }
                if last == "(" { opening -= 1 } else if last == ")" { closing -= 1 }
                i -= 1
            }
            return i
        }
    }
}
