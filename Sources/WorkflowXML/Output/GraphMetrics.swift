/// Sizes, spacings and text measures of the activity graph drawing, shared by `GraphLayout` and
/// `GraphSVG`. Text widths are estimates (no font is read): generous for a sans-serif at the sizes
/// used, so captions fit their nodes in common browsers.
enum GraphMetrics {
    static let margin = 20.0
    static let layerGap = 54.0
    static let nodeGap = 30.0
    static let virtualGap = 14.0
    static let boxHeight = 44.0
    static let diamondHeight = 70.0
    static let labelFontSize = 13.0
    static let kindFontSize = 10.5
    static let edgeLabelFontSize = 10.0
    static let edgeLabelHeight = 13.0
    static let portSpacing = 14.0
    /// How far a self loop reaches right of its node.
    static let loopReach = 32.0

    /// The widths a caption may take in a shape; the node grows with it up to the bound.
    static func textRoom(_ shape: GraphLayout.Shape) -> ClosedRange<Double> {
        switch shape {
        case .box: 40...200
        case .pill: 40...180
        case .ellipse: 20...150
        case .diamond: 30...140
        }
    }

    /// The node size for a caption `textWidth` wide.
    static func size(_ shape: GraphLayout.Shape, textWidth: Double) -> (width: Double, height: Double) {
        let text = max(textWidth, textRoom(shape).lowerBound)
        switch shape {
        case .box: return (text + 30, boxHeight)
        case .pill: return (text + 44, boxHeight)
        case .ellipse: return (max(text + 40, 60), boxHeight)
        case .diamond: return (1.5 * text + 40, diamondHeight)
        }
    }

    /// The estimated width of `text` at `fontSize` points.
    static func textWidth(_ text: String, fontSize: Double) -> Double {
        var ems = 0.0
        for scalar in text.unicodeScalars {
            switch scalar {
            case " ": ems += 0.28
            case "i", "j", "l", "I", ".", ",", ":", ";", "'", "!", "|", "f", "t", "r", "(", ")", "[", "]":
                ems += 0.34
            case "m", "w", "M", "W", "@", "%": ems += 0.88
            case "A"..."Z": ems += 0.68
            case "0"..."9": ems += 0.57
            case "a"..."z": ems += 0.55
            default: ems += scalar.value >= 0x1100 ? 1.0 : 0.62
            }
        }
        return ems * fontSize
    }

    /// The estimated width of a caption: semi-bold, at the label size.
    static func captionWidth(_ text: String) -> Double {
        textWidth(text, fontSize: labelFontSize) * 1.1
    }

    /// `caption` if it fits in `width`, else its longest prefix that fits followed by "…".
    static func shortened(_ caption: String, toFit width: Double) -> String {
        guard captionWidth(caption) > width else { return caption }
        var kept = ""
        var used = captionWidth("…")
        for character in caption {
            let next = captionWidth(String(character))
            if used + next > width { break }
            kept.append(character)
            used += next
        }
        return kept.trimmingTrailingSpaces() + "…"
    }

    /// `text` on one line: runs of white space (new lines included) become one space.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
    }

    /// How far the outline of a node reaches from its center, vertically, at horizontal offset `dx`.
    static func halfHeight(_ shape: GraphLayout.Shape, width: Double, height: Double, at dx: Double) -> Double {
        let halfWidth = width / 2, halfHeight = height / 2, dx = min(abs(dx), halfWidth)
        switch shape {
        case .box: return halfHeight
        case .pill:
            let straight = halfWidth - halfHeight
            guard dx > straight else { return halfHeight }
            return (halfHeight * halfHeight - (dx - straight) * (dx - straight)).squareRoot()
        case .ellipse: return halfHeight * max(0, 1 - (dx / halfWidth) * (dx / halfWidth)).squareRoot()
        case .diamond: return halfHeight * (1 - dx / halfWidth)
        }
    }

    /// How far the outline reaches from the center, horizontally, at vertical offset `dy`.
    static func halfWidth(_ shape: GraphLayout.Shape, width: Double, height: Double, at dy: Double) -> Double {
        let halfWidth = width / 2, halfHeight = height / 2, dy = min(abs(dy), halfHeight)
        switch shape {
        case .box: return halfWidth
        case .pill:
            return halfWidth - halfHeight + (halfHeight * halfHeight - dy * dy).squareRoot()
        case .ellipse: return halfWidth * max(0, 1 - (dy / halfHeight) * (dy / halfHeight)).squareRoot()
        case .diamond: return halfWidth * (1 - dy / halfHeight)
        }
    }

    /// The width along which edges may attach to the top or bottom of a shape.
    static func portRoom(_ shape: GraphLayout.Shape, width: Double, height: Double) -> Double {
        switch shape {
        case .box: width - 20
        case .pill: width - height
        case .ellipse, .diamond: width * 0.4
        }
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
