import Foundation
import WorkflowModel

/// The frame of every console page: the bar with the sections and the sign-out button.
enum Layout {
    enum Section: String, CaseIterable {
        case workflows = "Workflows", runs = "Runs", data = "Data", services = "Services"

        var path: String { "/" + rawValue.lowercased() }
    }

    static func page(title: String, section: Section?, csrf: String, body: HTML, mainAttributes: HTML = .empty) -> HTML {
        let links = Section.allCases.map { item -> HTML in
            "<a href=\"\(item.path)\"\(item == section ? HTML(" class=\"here\" aria-current=\"page\"") : .empty)>\(item.rawValue)</a>"
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · wfrun</title><link rel="stylesheet" href="/static/console.css"></head>
            <body><header class="top"><a class="brand" href="/workflows">wfrun</a><nav>\(links)</nav>
            <form method="post" action="/logout"><input type="hidden" name="csrf" value="\(csrf)"><button class="link" type="submit" id="sign-out">Sign out</button></form>
            </header>
            <main\(mainAttributes)>
            \(body)
            </main><script src="/static/console.js"></script></body></html>

            """
    }

    /// A page without the bar (sign-in).
    static func bare(title: String, body: HTML) -> HTML {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) · wfrun</title><link rel="stylesheet" href="/static/console.css"></head>
        <body><main>\(body)</main></body></html>

        """
    }

    /// A status as a coloured pill.
    static func pill(_ status: String, id: String? = nil) -> HTML {
        let safe = status.filter { $0.isLetter }
        return "<span class=\"pill s-\(safe)\"\(id.map { HTML(" id=\"\($0)\"") } ?? .empty)>\(status)</span>"
    }

    /// A hidden CSRF field and a button: one action of a page.
    static func actionButton(_ label: String, to path: String, csrf: String, primary: Bool = false, id: String? = nil) -> HTML {
        """
        <form method="post" action="\(path)"><input type="hidden" name="csrf" value="\(csrf)">\
        <button type="submit"\(primary ? HTML(" class=\"primary\"") : .empty)\(id.map { HTML(" id=\"\($0)\"") } ?? .empty)>\(label)</button></form>
        """
    }
}

/// How the console writes instants and durations.
enum ConsoleFormat {
    /// `2026-12-03 07:30:00 UTC` (whole seconds).
    static func instant(_ date: Date?) -> String {
        guard let date else { return "–" }
        let text = ISOTimestamp(date).text
        // Whole seconds: a person reads the second, the API keeps the fraction.
        let seconds = text.prefix { $0 != "." && $0 != "Z" }
        return seconds.replacingOccurrences(of: "T", with: " ") + " UTC"
    }

    /// `5 min ago`, `in 2 h`.
    static func relative(_ date: Date, to now: Date) -> String {
        let seconds = date.timeIntervalSince(now)
        let span = duration(abs(seconds), coarse: true)
        if abs(seconds) < 1 { return "now" }
        return seconds < 0 ? "\(span) ago" : "in \(span)"
    }

    /// `0.4 s`, `12 s`, `3 min 4 s`, `2 h 5 min`, `3 d 4 h`.
    static func duration(_ seconds: Double, coarse: Bool = false) -> String {
        guard seconds.isFinite else { return "–" }
        if seconds < 10 && !coarse { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return coarse ? "\(whole / 60) min" : "\(whole / 60) min \(whole % 60) s" }
        if whole < 86400 { return "\(whole / 3600) h \(whole % 3600 / 60) min" }
        return "\(whole / 86400) d \(whole % 86400 / 3600) h"
    }

    /// A count with thousands separators: `1,000,000`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }
}
