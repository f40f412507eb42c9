// Vector drawing on the canvas: rectangles, lines, paths, clipping and graphics state.
import CCairo

extension PDFCanvas {
    /// Fills `rect` with `color`.
    public func fill(_ rect: Rect, _ color: Color) {
        guard ensurePage() else { return }
        cairo_new_path(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        setSource(color)
        cairo_fill(cr)
        check("fill(rect)")
    }

    /// Strokes the outline of `rect` (the line is centred on the rectangle's edges).
    public func stroke(_ rect: Rect, _ color: Color, width: Double) {
        guard ensurePage() else { return }
        cairo_new_path(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        strokeCurrentPath(color, StrokeStyle(width: width))
        check("stroke(rect)")
    }

    /// A straight line; `dash` alternates on/off lengths in points (empty for a solid line).
    public func line(from start: (Double, Double), to end: (Double, Double), _ color: Color,
                     width: Double, dash: [Double] = []) {
        guard ensurePage() else { return }
        cairo_new_path(cr)
        cairo_move_to(cr, start.0, start.1)
        cairo_line_to(cr, end.0, end.1)
        strokeCurrentPath(color, StrokeStyle(width: width, dash: dash))
        check("line")
    }

    /// Fills `path` (non-zero winding, or even-odd when `evenOdd`).
    public func fill(_ path: Path, _ color: Color, evenOdd: Bool = false) {
        guard ensurePage(), !path.isEmpty else { return }
        replay(path)
        cairo_set_fill_rule(cr, evenOdd ? CAIRO_FILL_RULE_EVEN_ODD : CAIRO_FILL_RULE_WINDING)
        setSource(color)
        cairo_fill(cr)
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING)
        check("fill(path)")
    }

    /// Strokes `path`.
    public func stroke(_ path: Path, _ color: Color, style: StrokeStyle) {
        guard ensurePage(), !path.isEmpty else { return }
        replay(path)
        strokeCurrentPath(color, style)
        check("stroke(path)")
    }

    /// Strokes `path` with a plain line of `width`.
    public func stroke(_ path: Path, _ color: Color, width: Double, dash: [Double] = []) {
        stroke(path, color, style: StrokeStyle(width: width, dash: dash))
    }

    /// Fills `path` with `fillColor`, then strokes the same path on top.
    public func fillAndStroke(_ path: Path, fill fillColor: Color, stroke strokeColor: Color, style: StrokeStyle) {
        guard ensurePage(), !path.isEmpty else { return }
        replay(path)
        setSource(fillColor)
        cairo_fill_preserve(cr)
        strokeCurrentPath(strokeColor, style)
        check("fillAndStroke(path)")
    }

    /// Runs `body` with drawing clipped to `rect`; the clip ends when `body` returns.
    public func withClip(_ rect: Rect, _ body: () throws -> Void) rethrows {
        cairo_save(cr)
        defer { cairo_restore(cr) }
        cairo_new_path(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
        try body()
    }

    /// Runs `body` and then restores the graphics state (clip, transformation) as it was.
    public func withSavedState(_ body: () throws -> Void) rethrows {
        cairo_save(cr)
        defer { cairo_restore(cr) }
        try body()
    }

    /// Moves the origin; use inside `withSavedState`.
    public func translate(x: Double, y: Double) { cairo_translate(cr, x, y) }

    /// Rotates the axes by `radians` (clockwise on the page); use inside `withSavedState`.
    public func rotate(radians: Double) { cairo_rotate(cr, radians) }

    /// Scales the axes; use inside `withSavedState`.
    public func scale(x: Double, y: Double) { cairo_scale(cr, x, y) }

    // MARK: - Helpers

    func setSource(_ color: Color) {
        if color.alpha >= 1 {
            cairo_set_source_rgb(cr, color.red, color.green, color.blue)
        } else {
            cairo_set_source_rgba(cr, color.red, color.green, color.blue, color.alpha)
        }
    }

    private func strokeCurrentPath(_ color: Color, _ style: StrokeStyle) {
        setSource(color)
        cairo_set_line_width(cr, style.width)
        let cap: cairo_line_cap_t = switch style.cap {
        case .butt: CAIRO_LINE_CAP_BUTT
        case .round: CAIRO_LINE_CAP_ROUND
        case .square: CAIRO_LINE_CAP_SQUARE
        }
        let join: cairo_line_join_t = switch style.join {
        case .miter: CAIRO_LINE_JOIN_MITER
        case .round: CAIRO_LINE_JOIN_ROUND
        case .bevel: CAIRO_LINE_JOIN_BEVEL
        }
        cairo_set_line_cap(cr, cap)
        cairo_set_line_join(cr, join)
        let dash = style.dash.filter { $0 >= 0 && $0.isFinite }
        if dash.isEmpty || dash.allSatisfy({ $0 == 0 }) {
            cairo_set_dash(cr, nil, 0, 0)
        } else {
            dash.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
        }
        cairo_stroke(cr)
        cairo_set_dash(cr, nil, 0, 0)
    }

    private func replay(_ path: Path) {
        cairo_new_path(cr)
        for element in path.elements {
            switch element {
            case let .move(x, y): cairo_move_to(cr, x, y)
            case let .line(x, y): cairo_line_to(cr, x, y)
            case let .curve(x1, y1, x2, y2, x, y): cairo_curve_to(cr, x1, y1, x2, y2, x, y)
            case let .arc(cx, cy, r, a0, a1): cairo_arc(cr, cx, cy, r, a0, a1)
            case let .rect(rect): cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
            case .close: cairo_close_path(cr)
            }
        }
    }
}
